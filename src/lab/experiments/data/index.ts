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
  title: 'Data-centric: example scores and data pruning',
  summary:
    'Which training examples matter: score every example early in training, drop the easy ones, and see whether a smaller, harder dataset trains as well as the whole.',
  experiments: [dataDiet, rs2, trajectoryMatching, elr, datadam],
};
