/**
 * Rules of the representations & robustness family's checks. Each check runs its experiment at
 * `setting` and reads the run's metrics with `measure`.
 */
import type { Rule } from '../rule.ts';
import {
  adversarialPowerLawPgdRule,
  adversarialPowerLawRule,
  adversarialPowerLawShuffledRule,
} from './representations-adversarial.ts';
import { convergentLearningRule } from './representations-convergent.ts';
import { convergentManyRule } from './representations-convergent-many.ts';
import { convergentSparseRule } from './representations-convergent-sparse.ts';
import { napSpecificationRule } from './representations-nap.ts';
import { relativeStitchingRule } from './representations-relative.ts';
import { relativeKnnJaccardRule } from './representations-relative-knn.ts';
import { ckaGuidanceRule } from './representations-cka.ts';
import { ckaWarmStartRule } from './representations-cka-warm.ts';
import { codebookFeaturesRule } from './representations-codebook.ts';
import { richFeaturesRule } from './representations-rich-features.ts';

export const representationsRules: readonly Rule[] = [
  adversarialPowerLawRule as Rule,
  adversarialPowerLawPgdRule as Rule,
  adversarialPowerLawShuffledRule as Rule,
  convergentLearningRule as Rule,
  convergentSparseRule as Rule,
  convergentManyRule as Rule,
  napSpecificationRule as Rule,
  relativeStitchingRule as Rule,
  relativeKnnJaccardRule as Rule,
  ckaGuidanceRule as Rule,
  ckaWarmStartRule as Rule,
  codebookFeaturesRule as Rule,
  richFeaturesRule as Rule,
];
