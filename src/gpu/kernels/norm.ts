/**
 * LayerNorm and BatchNorm kernels (see layernorm*.wgsl, batchnorm*.wgsl).
 *
 * LayerNorm normalizes over the last axis of any shape, with weight and bias [D].
 * BatchNorm normalizes each channel over all other axes: x is [N, C] or NHWC [N, H, W, C] (any
 * shape with channels last), viewed as [R, C]; weight, bias and running statistics are [C].
 */
import lnCode from '../../wgsl/layernorm.wgsl?raw';
import lnGradCode from '../../wgsl/layernorm_grad.wgsl?raw';
import bnCode from '../../wgsl/batchnorm.wgsl?raw';
import bnGradCode from '../../wgsl/batchnorm_grad.wgsl?raw';
import { grid } from '../grid.ts';
import type { GpuContext, KernelSource } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { columnRun, sum } from './reduce.ts';

const WG = 64;
const k = (name: string, code: string, entry: string): KernelSource => ({ name, code, entry });

function lastAxis(x: Tensor, params: Tensor[], what: string): { rows: number; D: number } {
  x.assertLive();
  if (x.dtype !== 'f32' || x.rank < 1) throw new Error(`${what}: x must be an f32 tensor, got ${x.dtype} [${x.shape}]`);
  const D = x.shape[x.rank - 1];
  for (const p of params) {
    if (p.size !== D || p.dtype !== 'f32')
      throw new Error(`${what}: [${p.shape}] must be f32 [${D}] for x [${x.shape}]`);
  }
  return { rows: x.size / D, D };
}

/** Copy the two halves of a [2, n] tensor into new [n] tensors. */
function split(ctx: GpuContext, both: Tensor, n: number): [Tensor, Tensor] {
  const a = ctx.empty([n]);
  const b = ctx.empty([n]);
  ctx.copy(both, a, n * 4);
  ctx.copy(both, b, n * 4, n * 4);
  return [a, b];
}

export interface LayerNormResult {
  y: Tensor;
  /** [rows, 2]: mean and 1/√(var + eps) per row, for the backward pass. */
  stats: Tensor;
}

export function layerNorm(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): LayerNormResult {
  const { rows, D } = lastAxis(x, [weight, bias], 'layerNorm');
  const ctx = x.ctx;
  const y = ctx.empty(x.shape);
  const stats = ctx.empty([rows, 2]);
  ctx.dispatch({
    kernel: k('layernorm', lnCode, 'forward'),
    defines: { WG },
    buffers: [x, weight, bias, y, stats],
    params: [rows, D, { f32: eps }],
    workgroups: grid(rows, WG),
  });
  return { y, stats };
}

export interface NormGrads {
  gx: Tensor;
  gw: Tensor;
  gb: Tensor;
}

export function layerNormBackward(x: Tensor, weight: Tensor, stats: Tensor, gy: Tensor): NormGrads {
  const { rows, D } = lastAxis(x, [weight], 'layerNormBackward');
  const ctx = x.ctx;
  const { chunk, P } = rowChunks(rows, D);
  const params = [rows, D, { f32: 0 }, chunk, P, 0, 0, 0];
  const gx = ctx.empty(x.shape);
  ctx.dispatch({
    kernel: k('layernorm-grad', lnGradCode, 'grad_x'),
    defines: { WG },
    buffers: [x, gy, stats, weight, gx],
    params,
    workgroups: grid(rows, WG),
  });
  const [gw, gb] = ctx.scope(() => {
    const part = ctx.empty([2, P, D]);
    ctx.dispatch({
      kernel: k('layernorm-grad', lnGradCode, 'grad_partials'),
      defines: { WG },
      buffers: [x, gy, stats, part],
      params,
      workgroups: grid(P * D, WG),
    });
    return split(ctx, sum(part, 1), D);
  });
  return { gx, gw, gb };
}

function channels(x: Tensor, params: Tensor[], what: string): { R: number; C: number } {
  const { rows, D } = lastAxis(x, params, what);
  return { R: rows, C: D };
}

/**
 * How the R rows of a channel (BatchNorm) or column (LayerNorm's weight gradient) are split for
 * the two-pass reductions: P chunks of `chunk` rows (the last may be shorter), by the column sums'
 * rule (columnRun): a single pass would run C threads of R serial loads each, which with
 * R = 131,072 and C = 16 took most of a ResNet-20 step on an H100.
 */
export function rowChunks(R: number, C: number): { chunk: number; P: number } {
  const chunk = columnRun(R, C);
  return { chunk, P: Math.ceil(R / chunk) };
}

const bnParams = (R: number, C: number, eps: number, momentum: number) => {
  const { chunk, P } = rowChunks(R, C);
  return { P, params: [R, C, { f32: eps }, { f32: momentum }, chunk, P, 0, 0] };
};

/**
 * Batch statistics [mean (C), biased variance (C)] of x viewed as [R, C]; also updates the running
 * statistics in place (running ← (1 − momentum)·running + momentum·batch, unbiased variance).
 */
export function batchNormStats(x: Tensor, runningMean: Tensor, runningVar: Tensor, momentum: number): Tensor {
  const { R, C } = channels(x, [runningMean, runningVar], 'batchNormStats');
  const ctx = x.ctx;
  const { P, params } = bnParams(R, C, 0, momentum);
  const stats = ctx.empty([2, C]);
  ctx.scope(() => {
    const part = ctx.empty([2, P, C]);
    ctx.dispatch({
      kernel: k('batchnorm', bnCode, 'partials'),
      defines: { WG },
      buffers: [x, part],
      params,
      workgroups: grid(P * C, WG),
    });
    ctx.dispatch({
      kernel: k('batchnorm', bnCode, 'batch_stats'),
      defines: { WG },
      buffers: [part, stats, runningMean, runningVar],
      params,
      workgroups: grid(C, WG),
    });
  });
  return stats;
}

/** [mean, variance] from the running statistics, for eval mode. */
export function runningStats(runningMean: Tensor, runningVar: Tensor): Tensor {
  const ctx = runningMean.ctx;
  const C = runningMean.size;
  const stats = ctx.empty([2, C]);
  ctx.copy(runningMean, stats, C * 4);
  ctx.copy(runningVar, stats, C * 4, 0, C * 4);
  return stats;
}

/** y = (x − mean)/√(var + eps)·weight + bias per channel, stats = [mean, variance]. */
export function batchNormApply(x: Tensor, stats: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  const { R, C } = channels(x, [weight, bias], 'batchNorm');
  if (stats.size !== 2 * C) throw new Error(`batchNorm: stats [${stats.shape}] must be [2, ${C}]`);
  const ctx = x.ctx;
  const y = ctx.empty(x.shape);
  ctx.dispatch({
    kernel: k('batchnorm', bnCode, 'apply'),
    defines: { WG },
    buffers: [x, stats, weight, bias, y],
    params: bnParams(R, C, eps, 0).params,
    workgroups: grid(x.size, WG),
  });
  return y;
}

/** Gradients of batchNormApply; `train` says the statistics were the batch's own (they depend on x). */
export function batchNormBackward(
  x: Tensor,
  stats: Tensor,
  weight: Tensor,
  gy: Tensor,
  eps: number,
  train: boolean,
): NormGrads {
  const { R, C } = channels(x, [weight], 'batchNormBackward');
  const ctx = x.ctx;
  const { P, params } = bnParams(R, C, eps, 0);
  return ctx.scope(() => {
    const part = ctx.empty([2, P, C]);
    ctx.dispatch({
      kernel: k('batchnorm-grad', bnGradCode, 'grad_partials'),
      defines: { WG, TRAIN: false },
      buffers: [x, gy, stats, part],
      params,
      workgroups: grid(P * C, WG),
    });
    const gwb = ctx.empty([2, C]);
    ctx.dispatch({
      kernel: k('batchnorm-grad', bnGradCode, 'grad_params'),
      defines: { WG, TRAIN: false },
      buffers: [part, gwb, stats],
      params,
      workgroups: grid(C, WG),
    });
    const gx = ctx.empty(x.shape);
    ctx.dispatch({
      kernel: k('batchnorm-grad', bnGradCode, 'grad_x'),
      defines: { WG, TRAIN: train },
      buffers: [x, gy, stats, weight, gwb, gx],
      params,
      workgroups: grid(x.size, WG),
    });
    const [gw, gb] = split(ctx, gwb, C);
    return { gx, gw, gb };
  });
}
