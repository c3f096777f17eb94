/** Filter-normalized random directions of a plane around trained weights (Li et al. 2018). */
import type { Tensor } from '../../gpu/tensor.ts';
import { flatFill } from '../../gpu/kernels/flat.ts';
import { randomNormal } from '../../gpu/kernels/random.ts';
import { filterNormalize } from '../../gpu/kernels/landscape.ts';
import { LANDSCAPE_STREAM } from './streams.ts';

/**
 * Two random Gaussian directions shaped like `params`, filter-normalized against `weights`: each
 * unit's incoming weight vector (a column of a [in, out] matrix) gets the norm of the trained
 * one. Bias directions are zero, as in Li et al. (2018).
 */
export function filterNormalizedDirections(weights: Tensor[], seed: number): { u: Tensor[]; v: Tensor[] } {
  const make = (which: number): Tensor[] =>
    weights.map((w, i) => {
      const d = randomNormal(w.ctx, w.shape, { seed, stream: LANDSCAPE_STREAM + 64 * which + i }).keep();
      if (w.rank === 2) filterNormalize(d, w);
      else flatFill([d], 0);
      return d;
    });
  return { u: make(0), v: make(1) };
}
