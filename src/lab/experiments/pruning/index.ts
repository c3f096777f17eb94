// The pruning family: what the catalogue lists, in order. Plain data: the runners load on demand.
import type { Family } from '../../experiment.ts';
import { lotteryTicket } from './lottery-ticket.experiment.ts';
import { lotteryRewind } from './lottery-rewind.experiment.ts';
import { randomPruning } from './random-pruning.experiment.ts';
import { supermaskFrl } from './supermask-frl.experiment.ts';
import { randomSearchMasks } from './random-search-masks.experiment.ts';
import { layerPruningInit } from './layer-pruning-init.experiment.ts';

export const pruningFamily: Family = {
  id: 'pruning',
  title: 'Pruning and lottery tickets',
  summary: 'Remove most weights of a trained network and find sparse subnetworks that train as well as the dense one.',
  experiments: [lotteryTicket, lotteryRewind, randomPruning, supermaskFrl, randomSearchMasks, layerPruningInit],
};
