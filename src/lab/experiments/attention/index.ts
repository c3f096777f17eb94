import type { Experiment } from '../../experiment.ts';
import { sortAttention } from './sort.ts';
import { vitAttention } from './vit.ts';
import { lazyNeuron } from './lazy-neuron.ts';

export const attentionExperiments: readonly Experiment[] = [vitAttention, sortAttention, lazyNeuron];
