import type { Experiment } from '../../experiment.ts';
import { sortAttention } from './sort.ts';
import { vitAttention } from './vit.ts';
import { lazyNeuron } from './lazy-neuron.ts';
import { pfnGp } from './pfn.ts';
import { pointerNetwork } from './pointer.ts';
import { randomFeatureAttention } from './random-features.ts';

export const attentionExperiments: readonly Experiment[] = [
  vitAttention,
  sortAttention,
  lazyNeuron,
  pfnGp,
  pointerNetwork,
  randomFeatureAttention,
];
