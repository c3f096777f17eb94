// The kernels family: random features, kernel regression and infinite width. Plain data: the
// runners load on demand.
import type { Family } from '../../experiment.ts';
import { ntkDepth } from './ntk-depth.experiment.ts';
import { bandlimited } from './bandlimited.experiment.ts';
import { inductiveBias } from './inductive-bias.experiment.ts';
import { patchKernels } from './patch-kernels.experiment.ts';
import { rfRidge } from './rf-ridge.experiment.ts';
import { snnk } from './snnk.experiment.ts';

export const kernelsFamily: Family = {
  id: 'kernels',
  title: 'Kernels, random features and infinite width',
  summary:
    'Networks with frozen random hidden layers, fitted in closed form, and the kernels of infinitely wide networks: where more width is simply better.',
  experiments: [rfRidge, bandlimited, snnk, ntkDepth, patchKernels, inductiveBias],
};
