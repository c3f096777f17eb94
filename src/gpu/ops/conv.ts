/**
 * Differentiable convolution, pooling and reshaping over NHWC activations, built on
 * kernels/conv2d.ts and kernels/pool.ts. Weights are [outC, inC, kh, kw].
 */
import { gradEnabled, record } from '../autograd.ts';
import { sizeOf, type Tensor } from '../tensor.ts';
import type { Activation } from '../kernels/matmul.ts';
import {
  conv2d as conv2dKernel,
  conv2dInputGrad,
  conv2dWeightGrad,
  conv2dWithPreActivation,
  type ConvGeometry,
} from '../kernels/conv2d.ts';
import {
  avgPool2d as avgPoolKernel,
  avgPool2dGrad,
  globalAvgPool as globalAvgPoolKernel,
  globalAvgPoolGrad,
  maxPool2d as maxPoolKernel,
  maxPool2dGrad,
  type PoolOptions,
} from '../kernels/pool.ts';
import { unaryGrad } from '../kernels/elementwise.ts';
import { sumToShape } from '../kernels/reduce.ts';

export type { PoolOptions } from '../kernels/pool.ts';

export interface Conv2dOpOptions extends ConvGeometry {
  activation?: Activation;
  /** 0/1, shaped like the weight: pruned weights neither contribute nor receive gradient. */
  mask?: Tensor | null;
}

/** y = act(conv(x, W ⊙ mask) + bias): x [B, H, W, inC], weight [outC, inC, kh, kw], bias [outC] or null. */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null, opts: Conv2dOpOptions = {}): Tensor {
  const { activation = 'identity', mask = null, stride = 1, padding = 0 } = opts;
  const geo = { stride, padding };
  const inputs = bias ? [x, weight, bias] : [x, weight];
  const fused = { ...geo, bias, activation, mask };
  const recording = gradEnabled(x.ctx) && inputs.some((t) => t.requiresGrad);
  const grads = (gz: Tensor): Array<Tensor | null> => {
    const gx = x.requiresGrad ? conv2dInputGrad(gz, weight, x.shape, { ...geo, mask }) : null;
    const gw = weight.requiresGrad
      ? conv2dWeightGrad(x, gz, [weight.shape[2], weight.shape[3]], { ...geo, mask })
      : null;
    const gb = bias?.requiresGrad ? sumToShape(gz, bias.shape) : null;
    return bias ? [gx, gw, gb] : [gx, gw];
  };
  // Activation gradients need Z; the kernel writes it alongside y instead of a second pass.
  if (!recording || activation === 'identity') return record(conv2dKernel(x, weight, fused), inputs, grads);
  const { out: y, pre: z } = conv2dWithPreActivation(x, weight, fused);
  return record(y, inputs, (g) => x.ctx.scope(() => grads(unaryGrad(activation, z, y, g))));
}

export function maxPool2d(x: Tensor, opts: PoolOptions): Tensor {
  const { out, argmax } = maxPoolKernel(x, opts);
  return record(out, [x], (g) => [maxPool2dGrad(g, argmax, x.shape, opts)]);
}

export function avgPool2d(x: Tensor, opts: PoolOptions): Tensor {
  return record(avgPoolKernel(x, opts), [x], (g) => [avgPool2dGrad(g, x.shape, opts)]);
}

/** [B, H, W, C] → [B, C], the mean over H·W. */
export function globalAvgPool(x: Tensor): Tensor {
  return record(globalAvgPoolKernel(x), [x], (g) => [globalAvgPoolGrad(g, x.shape)]);
}

/** The same elements under a new shape (a copy: tensors own their buffers). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  if (sizeOf(shape) !== x.size)
    throw new Error(`reshape: [${x.shape}] has ${x.size} elements, [${shape}] holds ${sizeOf(shape)}`);
  const copy = (src: Tensor, to: readonly number[]): Tensor => {
    const out = src.ctx.empty(to, src.dtype);
    if (src.size > 0) src.ctx.copy(src, out, src.bytes);
    return out;
  };
  return record(copy(x, shape), [x], (g) => [copy(g, x.shape)]);
}

/** [B, …] → [B, product of the rest]: NHWC feature maps to rows for a Linear layer. */
export function flatten(x: Tensor): Tensor {
  return reshape(x, [x.shape[0], x.size / x.shape[0]]);
}
