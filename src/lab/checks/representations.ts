/**
 * The representations family's checks: each runs its rule's setting (rules/representations.ts)
 * through the experiment's runner, one run per seed, and judges what the runs recorded.
 */
import { checkOf, type Check } from './check.ts';
import { measureSeeds } from './run-setting.ts';
import { adversarialPowerLawRule } from './rules/representations.ts';
import { convergentLearningRule } from './rules/representations-convergent.ts';
import { convergentManyRule } from './rules/representations-convergent-many.ts';
import { convergentSparseRule } from './rules/representations-convergent-sparse.ts';
import { napSpecificationRule } from './rules/representations-nap.ts';
import { relativeStitchingRule } from './rules/representations-relative.ts';
import { ckaGuidanceRule } from './rules/representations-cka.ts';
import { codebookFeaturesRule } from './rules/representations-codebook.ts';

export const checks: Check[] = [
  checkOf(adversarialPowerLawRule, (env) => measureSeeds(env, adversarialPowerLawRule)),
  checkOf(convergentLearningRule, (env) => measureSeeds(env, convergentLearningRule)),
  checkOf(convergentSparseRule, (env) => measureSeeds(env, convergentSparseRule)),
  checkOf(convergentManyRule, (env) => measureSeeds(env, convergentManyRule)),
  checkOf(napSpecificationRule, (env) => measureSeeds(env, napSpecificationRule)),
  checkOf(relativeStitchingRule, (env) => measureSeeds(env, relativeStitchingRule)),
  checkOf(ckaGuidanceRule, (env) => measureSeeds(env, ckaGuidanceRule)),
  checkOf(codebookFeaturesRule, (env) => measureSeeds(env, codebookFeaturesRule)),
];
