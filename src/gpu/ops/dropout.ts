/** Differentiable inverted dropout; see kernels/dropout.ts. */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { dropout as dropoutKernel, type DropoutOptions } from '../kernels/dropout.ts';

/**
 * x·keep/(1 − p) in training mode, x itself in eval mode or when p = 0. The backward pass
 * regenerates the mask from (seed, stream), so use a fresh stream per step and site
 * (streams.noise(step, site)).
 */
export function dropout(x: Tensor, o: DropoutOptions & { training: boolean }): Tensor {
  if (!o.training || o.p === 0) return x;
  return record(dropoutKernel(x, o), [x], (g) => [dropoutKernel(g, o)]);
}
