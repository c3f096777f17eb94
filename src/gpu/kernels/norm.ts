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
import type { GpuContext } from '../context.ts';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { columnRun, sum } from './reduce.ts';

const WG = 64;
const BN_UNIFORMS = { R: 'u32', C: 'u32', eps: 'f32', momentum: 'f32', chunk: 'u32', P: 'u32' } as const;
// Each module's entries share binding numbers, so each names its own uniform variable.
const layerNormProgram = programModule({
  name: 'layernorm',
  code: lnCode,
  workgroupSize: WG,
  uniforms: { rows: 'u32', D: 'u32', eps: 'f32' },
})('forward', { x: 'read', w: 'read', bias: 'read', y: 'read_write', stats: 'read_write' });
const layerNormGrad = programModule({
  name: 'layernorm-grad',
  code: lnGradCode,
  workgroupSize: WG,
  uniforms: { rows: 'u32', D: 'u32', eps: 'f32', chunk: 'u32', P: 'u32' },
});
const layerNormGradXProgram = layerNormGrad(
  'grad_x',
  { x: 'read', gy: 'read', stats: 'read', w: 'read', gx: 'read_write' },
  'p5',
);
const layerNormGradPartialsProgram = layerNormGrad(
  'grad_partials',
  { x: 'read', gy: 'read', stats: 'read', gwb: 'read_write' },
  'p4',
);
const batchNorm = programModule({ name: 'batchnorm', code: bnCode, workgroupSize: WG, uniforms: BN_UNIFORMS });
const batchNormPartialsProgram = batchNorm('partials', { x: 'read', part_out: 'read_write' }, 'p2');
const batchNormStatsProgram = batchNorm(
  'batch_stats',
  { part: 'read', stats_out: 'read_write', run_mean: 'read_write', run_var: 'read_write' },
  'p4',
);
const batchNormApplyProgram = batchNorm(
  'apply',
  { x: 'read', stats: 'read', w: 'read', bias: 'read', y: 'read_write' },
  'p5',
);
const batchNormGrad = programModule({
  name: 'batchnorm-grad',
  code: bnGradCode,
  workgroupSize: WG,
  uniforms: BN_UNIFORMS,
  defines: ['TRAIN'],
});
const batchNormGradPartialsProgram = batchNormGrad(
  'grad_partials',
  { x: 'read', gy: 'read', stats: 'read', part_out: 'read_write' },
  'p4',
);
const batchNormGradParamsProgram = batchNormGrad(
  'grad_params',
  { part: 'read', gwb_out: 'read_write', stats: 'read' },
  'p3',
);
const batchNormGradXProgram = batchNormGrad(
  'grad_x',
  { x: 'read', gy: 'read', stats: 'read', w: 'read', gwb: 'read', gx: 'read_write' },
  'p6',
);

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
  layerNormProgram.run(ctx, {
    bindings: { x, w: weight, bias, y, stats },
    uniforms: { rows, D, eps },
    threads: rows,
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
  const uniforms = { rows, D, eps: 0, chunk, P };
  const gx = ctx.empty(x.shape);
  layerNormGradXProgram.run(ctx, { bindings: { x, gy, stats, w: weight, gx }, uniforms, threads: rows });
  const [gw, gb] = ctx.scope(() => {
    const part = ctx.empty([2, P, D]);
    layerNormGradPartialsProgram.run(ctx, { bindings: { x, gy, stats, gwb: part }, uniforms, threads: P * D });
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

const bnUniforms = (R: number, C: number, eps: number, momentum: number) => ({
  R,
  C,
  eps,
  momentum,
  ...rowChunks(R, C),
});

/**
 * Batch statistics [mean (C), biased variance (C)] of x viewed as [R, C]; also updates the running
 * statistics in place (running ← (1 − momentum)·running + momentum·batch, unbiased variance).
 */
export function batchNormStats(x: Tensor, runningMean: Tensor, runningVar: Tensor, momentum: number): Tensor {
  const { R, C } = channels(x, [runningMean, runningVar], 'batchNormStats');
  const ctx = x.ctx;
  const uniforms = bnUniforms(R, C, 0, momentum);
  const stats = ctx.empty([2, C]);
  ctx.scope(() => {
    const part = ctx.empty([2, uniforms.P, C]);
    batchNormPartialsProgram.run(ctx, { bindings: { x, part_out: part }, uniforms, threads: uniforms.P * C });
    batchNormStatsProgram.run(ctx, {
      bindings: { part, stats_out: stats, run_mean: runningMean, run_var: runningVar },
      uniforms,
      threads: C,
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
  batchNormApplyProgram.run(ctx, {
    bindings: { x, stats, w: weight, bias, y },
    uniforms: bnUniforms(R, C, eps, 0),
    threads: x.size,
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
  const uniforms = bnUniforms(R, C, eps, 0);
  return ctx.scope(() => {
    const part = ctx.empty([2, uniforms.P, C]);
    batchNormGradPartialsProgram.run(ctx, {
      bindings: { x, gy, stats, part_out: part },
      uniforms,
      defines: { TRAIN: false },
      threads: uniforms.P * C,
    });
    const gwb = ctx.empty([2, C]);
    batchNormGradParamsProgram.run(ctx, {
      bindings: { part, gwb_out: gwb, stats },
      uniforms,
      defines: { TRAIN: false },
      threads: C,
    });
    const gx = ctx.empty(x.shape);
    batchNormGradXProgram.run(ctx, {
      bindings: { x, gy, stats, w: weight, gwb, gx },
      uniforms,
      defines: { TRAIN: train },
      threads: x.size,
    });
    const [gw, gb] = split(ctx, gwb, C);
    return { gx, gw, gb };
  });
}
