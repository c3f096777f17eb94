/**
 * The representations family's checks: each runs its rule's setting (rules/representations.ts)
 * through the experiment's runner, one run per seed, and judges what the runs recorded.
 */
import { checkOf, type Check } from './check.ts';
import { measureSeeds } from './run-setting.ts';
import {
  adversarialPowerLawPgdRule,
  adversarialPowerLawRule,
  adversarialPowerLawShuffledRule,
} from './rules/representations-adversarial.ts';
import { convergentLearningRule } from './rules/representations-convergent.ts';
import { convergentManyRule } from './rules/representations-convergent-many.ts';
import { convergentSparseRule } from './rules/representations-convergent-sparse.ts';
import { napSpecificationRule } from './rules/representations-nap.ts';
import { relativeStitchingRule } from './rules/representations-relative.ts';
import { relativeKnnJaccardRule } from './rules/representations-relative-knn.ts';
import { ckaGuidanceRule } from './rules/representations-cka.ts';
import { ckaWarmStartRule } from './rules/representations-cka-warm.ts';
import { codebookFeaturesRule } from './rules/representations-codebook.ts';
import { richFeaturesRule } from './rules/representations-rich-features.ts';

export const checks: Check[] = [
  checkOf(adversarialPowerLawRule, (env) => measureSeeds(env, adversarialPowerLawRule)),
  checkOf(adversarialPowerLawPgdRule, (env) => measureSeeds(env, adversarialPowerLawPgdRule)),
  checkOf(adversarialPowerLawShuffledRule, (env) => measureSeeds(env, adversarialPowerLawShuffledRule)),
  checkOf(convergentLearningRule, (env) => measureSeeds(env, convergentLearningRule)),
  checkOf(convergentSparseRule, (env) => measureSeeds(env, convergentSparseRule)),
  checkOf(convergentManyRule, (env) => measureSeeds(env, convergentManyRule)),
  checkOf(napSpecificationRule, (env) => measureSeeds(env, napSpecificationRule)),
  checkOf(relativeStitchingRule, (env) => measureSeeds(env, relativeStitchingRule)),
  checkOf(relativeKnnJaccardRule, (env) => measureSeeds(env, relativeKnnJaccardRule)),
  checkOf(ckaGuidanceRule, (env) => measureSeeds(env, ckaGuidanceRule)),
  checkOf(ckaWarmStartRule, (env) => measureSeeds(env, ckaWarmStartRule)),
  checkOf(codebookFeaturesRule, (env) => measureSeeds(env, codebookFeaturesRule)),
  checkOf(richFeaturesRule, (env) => measureSeeds(env, richFeaturesRule)),
];
