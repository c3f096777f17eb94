// The lazy-rich family: what the catalogue lists, in order. Plain data: the runners load on demand.
import type { Family } from '../../experiment.ts';
import { grokkingLazyRich } from './grokking-lazy-rich.experiment.ts';
import { xorBenignOverfitting } from './xor-benign-overfitting.experiment.ts';
import { grokkingModular } from './grokking-modular.experiment.ts';
import { connectivityRank } from './connectivity-rank.experiment.ts';
import { criticality } from './criticality.experiment.ts';

export const lazyRichFamily: Family = {
  id: 'lazy-rich',
  title: 'Lazy and rich training',
  summary:
    'How initialization scale and width move a network between kernel-like (lazy) and feature-learning (rich) regimes.',
  experiments: [grokkingLazyRich, xorBenignOverfitting, grokkingModular, connectivityRank, criticality],
};
