// The data-centric family: scoring training examples, pruning and sampling datasets. Plain data:
// the runners load on demand.
import type { Family } from '../../experiment.ts';
import { dataDiet } from './data-diet.experiment.ts';
import { rs2 } from './rs2.experiment.ts';
import { trajectoryMatching } from './trajectory-matching.experiment.ts';
import { elr } from './elr.experiment.ts';
import { datadam } from './datadam.experiment.ts';

export const dataFamily: Family = {
  id: 'data',
  title: 'Data-centric: example scores, subsets, label noise and distillation',
  summary:
    'Which training examples matter: score and prune them, resample subsets every epoch, watch noisy labels get memorized or not, and distil a dataset into a few synthetic images.',
  experiments: [dataDiet, rs2, trajectoryMatching, elr, datadam],
};
