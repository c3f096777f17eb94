// The representations & robustness family: what trained networks represent, and how that breaks
// under perturbation. Plain data: the runners load on demand.
import type { Family } from '../../experiment.ts';
import { activationPatterns } from './activation-patterns.experiment.ts';
import { adversarialPowerLaw } from './adversarial-power-law.experiment.ts';
import { convergentLearning } from './convergent-learning.experiment.ts';
import { relativeRepresentations } from './relative-representations.experiment.ts';
import { ckaGuidance } from './cka-guidance.experiment.ts';
import { codebookFeatures } from './codebook-features.experiment.ts';
import { richFeatures } from './rich-features.experiment.ts';

export const representationsFamily: Family = {
  id: 'representations',
  title: 'Representations and robustness',
  summary:
    'What trained networks represent, and how it breaks: adversarial perturbations, probes and comparisons of learned features.',
  experiments: [
    adversarialPowerLaw,
    convergentLearning,
    activationPatterns,
    relativeRepresentations,
    ckaGuidance,
    codebookFeatures,
    richFeatures,
  ],
};
