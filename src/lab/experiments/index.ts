// Every runnable experiment by id, for the worker. The UI imports catalogue.ts instead: this
// module pulls in the GPU code.
import type { Experiment } from '../experiment.ts';
import { trainNetwork } from './train-network.ts';
import { pruningExperiments } from './pruning/index.ts';
import { landscapeExperiments } from './landscape.ts';
import { lazyRichExperiments } from './lazy-rich/index.ts';
import { attentionExperiments } from './attention/index.ts';

export const EXPERIMENTS: ReadonlyMap<string, Experiment> = new Map(
  [trainNetwork, ...pruningExperiments, ...landscapeExperiments, ...lazyRichExperiments, ...attentionExperiments].map(
    (e) => [e.id, e],
  ),
);
