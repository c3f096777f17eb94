// The train family: what the catalogue lists, in order. Plain data: the runners load on demand.
import type { Family } from '../../experiment.ts';
import { trainNetwork } from './train.experiment.ts';

export const trainFamily: Family = {
  id: 'train',
  title: 'Training basics',
  summary: 'Train a classifier and watch loss, accuracy, weights and gradients evolve.',
  experiments: [trainNetwork],
};
