/** Differentiable LayerNorm and BatchNorm; layouts as in kernels/norm.ts. */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import * as K from '../kernels/norm.ts';

/** LayerNorm over the last axis: (x − mean)/√(var + eps)·weight + bias, weight and bias [D]. */
export function layerNorm(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  const { y, stats } = K.layerNorm(x, weight, bias, eps);
  return record(y, [x, weight, bias], (g) => {
    const { gx, gw, gb } = K.layerNormBackward(x, weight, stats, g);
    return [gx, gw, gb];
  });
}

export interface BatchNormOptions {
  /** [C], persistent; updated in place in training mode, used in eval mode. */
  runningMean: Tensor;
  runningVar: Tensor;
  /** Training: normalize by the batch's statistics and update the running ones. */
  training: boolean;
  momentum?: number;
  eps?: number;
}

/** BatchNorm over every axis but the last (channels): x [N, C] or NHWC [N, H, W, C]. */
export function batchNorm(x: Tensor, weight: Tensor, bias: Tensor, o: BatchNormOptions): Tensor {
  const { momentum = 0.1, eps = 1e-5, training } = o;
  const stats = training
    ? K.batchNormStats(x, o.runningMean, o.runningVar, momentum)
    : K.runningStats(o.runningMean, o.runningVar);
  const y = K.batchNormApply(x, stats, weight, bias, eps);
  return record(y, [x, weight, bias], (g) => {
    const { gx, gw, gb } = K.batchNormBackward(x, stats, weight, g, eps, training);
    return [gx, gw, gb];
  });
}
