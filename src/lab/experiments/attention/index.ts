// The attention family: what the catalogue lists, in order. Plain data: the runners load on demand.
import type { Family } from '../../experiment.ts';
import { vitAttention } from './vit-attention.experiment.ts';
import { sortAttention } from './sort-attention.experiment.ts';
import { lazyNeuron } from './lazy-neuron.experiment.ts';
import { pointerNetwork } from './pointer-network.experiment.ts';
import { pfnGp } from './pfn-gp.experiment.ts';
import { randomFeatureAttention } from './random-feature-attention.experiment.ts';

export const attentionFamily: Family = {
  id: 'attention',
  title: 'Attention',
  summary: 'Small attention models and what their heads look at.',
  experiments: [vitAttention, sortAttention, lazyNeuron, pointerNetwork, pfnGp, randomFeatureAttention],
};
