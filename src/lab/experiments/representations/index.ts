// The representations & robustness family: what trained networks represent, and how that breaks
// under perturbation. Plain data: the runners load on demand.
import type { Family } from '../../experiment.ts';
import { adversarialPowerLaw } from './adversarial-power-law.experiment.ts';
import { codebookFeatures } from './codebook-features.experiment.ts';

export const representationsFamily: Family = {
  id: 'representations',
  title: 'Representations and robustness',
  summary:
    'What trained networks represent, and how it breaks: adversarial perturbations, probes and comparisons of learned features.',
  experiments: [adversarialPowerLaw, codebookFeatures],
};
