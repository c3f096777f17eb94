/** Differentiable sum and mean, over all elements (→ [1]) or along one axis. */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import * as R from '../kernels/reduce.ts';

function lengthOf(x: Tensor, axis?: number): number {
  return axis === undefined ? x.size : x.shape[axis < 0 ? axis + x.rank : axis];
}

export function sum(x: Tensor, axis?: number): Tensor {
  return record(R.sum(x, axis), [x], (g) => [R.expand(g, x.shape, axis)]);
}

export function mean(x: Tensor, axis?: number): Tensor {
  return record(R.mean(x, axis), [x], (g) => [R.expand(g, x.shape, axis, 1 / lengthOf(x, axis))]);
}
