/**
 * Fu, Guo, Bai & Mei (2023), "What can a single attention layer learn? A study through the random
 * features lens": one attention layer with M heads whose query-key matrices W_m are frozen random
 * and only the value/readout is fitted is a random-feature model,
 *   f(x₀, x₁…x_N) = Σ_m v_mᵀ φ_m,   φ_m = (1/N) Σ_i exp(x̃₀ᵀ W_m x̃_i) x̃_i,   x̃ = [x; 1],
 * the paper's exp-activation form (softmax without the normalizer, so the constant coordinate of
 * the value carries each head's attention mass). Against the same number of ReLU random features of
 * the flattened input, it should need far fewer samples for targets symmetric in the keys.
 *
 * All feature maps, Gram blocks, targets and errors are computed on the GPU with the matmul,
 * elementwise and reduction kernels; the CPU adds the per-block Gram matrices in f64, and the GPU
 * solves the F×F ridge systems (F = M·(d+1)) for every λ of a log grid at once (kernels/cholesky.ts),
 * picking λ on a validation set.
 *
 * Metrics: `rfa/<model>/s<seed>` at step n = test MSE / Var(y_test); `rfa/<model>/lambda/s<seed>`
 * the validation-picked λ. Snapshot `rfa/attention` [heads ≤ 16, N]: each head's normalized
 * attention over the keys of the first test input.
 */
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { ridgeSolveStacked } from '../../../gpu/kernels/cholesky.ts';
import { add, addScalar, binary, mul, scale, unary } from '../../../gpu/kernels/elementwise.ts';
import { matmul } from '../../../gpu/kernels/matmul.ts';
import { randomNormal } from '../../../gpu/kernels/random.ts';
import { mean, sum } from '../../../gpu/kernels/reduce.ts';
import { streams } from '../../../gpu/streams.ts';
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { defineRun } from '../../declare.ts';
import { randomFeatureAttention } from './random-feature-attention.experiment.ts';

type RfaEvent = EventOf<typeof randomFeatureAttention>;

export type RfaTarget = 'keys-quadratic' | 'query-key';
export type RfaModel = 'attention' | 'attention-mean' | 'mlp';

export interface RfaRun {
  target: RfaTarget;
  keys: number;
  dim: number;
  heads: number;
  qkStd: number;
  /** > 0 adds a third model: attention with W_m = qkMean·I + noise on the d×d block. */
  qkMean: number;
  sizes: number[];
  testSize: number;
  valSize: number;
  seeds: number;
  seed: number;
}

/** Relative test MSE per model, seed (row) and sample size (column, in `sizes` order). */
export interface RfaResult {
  sizes: number[];
  models: RfaModel[];
  relMse: Record<RfaModel, number[][]>;
}

/** Relative ridge strengths: λ = grid value × tr(centred Gram)/n, the mean squared feature norm. */
export const RIDGE_GRID = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100];

const MODEL_LABELS: Record<RfaModel, string> = {
  attention: 'RF attention',
  'attention-mean': 'RF attention, nonzero-mean W',
  mlp: 'RF MLP',
};

/** The same elements under a new shape (tensors own their buffers, so a copy). */
function reshaped(t: Tensor, shape: readonly number[]): Tensor {
  const out = t.ctx.empty(shape);
  t.ctx.copy(t, out, t.bytes);
  return out;
}

/** One block of inputs: the query and keys with the constant coordinate, and the target. */
export interface Block {
  count: number;
  /** [B, d+1] query with the constant 1 last. */
  x0: Tensor;
  /** [B, N, d+1] keys with the constant 1 last. */
  keys: Tensor;
  /** [B, 1] target. */
  y: Tensor;
}

interface Frozen {
  /** [d+1, M·(d+1)]: column m·(d+1)+e holds (W_m)[:, e], so x̃₀·W gives every head's query. */
  wqk: Tensor;
  wqkMean: Tensor | null;
  /** [d+1, F] and [N·(d+1), F]: the MLP's first layer split into query and key rows. */
  mlpQuery: Tensor;
  mlpKeys: Tensor;
  /** [d+1, 1]: β with a 0 for the constant coordinate. */
  beta: Tensor;
  /** [d+1] rows that zero the constant coordinate and set it to 1. */
  dropConst: Tensor;
  oneConst: Tensor;
}

function frozen(gpu: GpuContext, r: RfaRun, seed: number): Frozen {
  const D = r.dim + 1;
  const F = r.heads * D;
  const wqk = randomNormal(gpu, [D, F], { seed, stream: streams.init(0), std: r.qkStd }).keep();
  let wqkMean: Tensor | null = null;
  if (r.qkMean > 0) {
    const eye = new Float32Array(D * F);
    for (let m = 0; m < r.heads; m++) for (let e = 0; e < r.dim; e++) eye[e * F + m * D + e] = r.qkMean;
    wqkMean = gpu.scope(() => add(wqk, gpu.tensor(eye, [D, F])).keep());
  }
  const std = 1 / Math.sqrt(r.keys + 1);
  const drop = new Float32Array(D).fill(1);
  drop[r.dim] = 0;
  const one = new Float32Array(D);
  one[r.dim] = 1;
  return {
    wqk,
    wqkMean,
    mlpQuery: randomNormal(gpu, [D, F], { seed, stream: streams.init(1), std }).keep(),
    mlpKeys: randomNormal(gpu, [r.keys * D, F], { seed, stream: streams.init(2), std }).keep(),
    beta: gpu.scope(() =>
      mul(
        randomNormal(gpu, [D, 1], { seed, stream: streams.data(1), std: 1 / Math.sqrt(r.dim) }),
        gpu.tensor(drop, [D, 1]),
      ).keep(),
    ),
    dropConst: gpu.tensor(drop).keep(),
    oneConst: gpu.tensor(one).keep(),
  };
}

/** Draws a block of B inputs (tokens ~ N(0, I/d)) from its own streams and computes the target on the GPU. */
function block(gpu: GpuContext, r: RfaRun, w: Frozen, seed: number, id: number, count: number): Block {
  const D = r.dim + 1;
  const std = 1 / Math.sqrt(r.dim);
  return gpu.scope(() => {
    const x0m = mul(randomNormal(gpu, [count, D], { seed, stream: streams.data(16 + 2 * id), std }), w.dropConst);
    const keysM = mul(
      randomNormal(gpu, [count, r.keys, D], { seed, stream: streams.data(17 + 2 * id), std }),
      w.dropConst,
    );
    // ⟨β, x_i⟩ or ⟨x₀, x_i⟩ per key, [B, N, 1]; the zeroed constant coordinates drop out.
    const dots = r.target === 'keys-quadratic' ? matmul(keysM, w.beta) : matmul(keysM, reshaped(x0m, [count, D, 1]));
    const y = mean(unary('square', dots), 1);
    return { count, x0: add(x0m, w.oneConst).keep(), keys: add(keysM, w.oneConst).keep(), y: y.keep() };
  });
}

function disposeBlock(b: Block): void {
  [b.x0, b.keys, b.y].forEach((t) => t.dispose());
}

/** Per-head exp attention weights [B, M, N], scaled by 1/N. */
function attentionWeights(b: Block, wqk: Tensor, r: RfaRun): Tensor {
  const D = r.dim + 1;
  const q = reshaped(matmul(b.x0, wqk), [b.count, r.heads, D]);
  return scale(unary('exp', matmul(q, b.keys, { transB: true })), 1 / r.keys);
}

/** The random-feature attention map: [B, M·(d+1)], head m's block = Σ_i weight_mi x̃_i. */
export function attentionFeatures(b: Block, wqk: Tensor, r: RfaRun): Tensor {
  return reshaped(matmul(attentionWeights(b, wqk, r), b.keys), [b.count, r.heads * (r.dim + 1)]);
}

/** ReLU random features of the flattened [x̃₀, x̃₁…x̃_N] (the constant coordinates act as a bias). */
export function mlpFeatures(b: Block, queryW: Tensor, keysW: Tensor, r: RfaRun): Tensor {
  const flatKeys = reshaped(b.keys, [b.count, r.keys * (r.dim + 1)]);
  return unary('relu', add(matmul(b.x0, queryW), matmul(flatKeys, keysW)));
}

function features(model: RfaModel, b: Block, w: Frozen, r: RfaRun): Tensor {
  if (model === 'mlp') return mlpFeatures(b, w.mlpQuery, w.mlpKeys, r);
  return attentionFeatures(b, model === 'attention' ? w.wqk : w.wqkMean!, r);
}

/** Running sums of a training prefix, in f64, of features shifted by a fixed row c (for precision). */
export interface Moments {
  n: number;
  gram: Float64Array;
  sum: Float64Array;
  xty: Float64Array;
  ySum: number;
}

async function addMoments(m: Moments, phi: Tensor, b: Block, shift: Tensor): Promise<void> {
  const gpu = phi.ctx;
  const [g, s, xy, ys] = gpu.scope(() => {
    const c = binary('sub', phi, shift);
    return [matmul(c, c, { transA: true }), sum(c, 0), matmul(c, b.y, { transA: true }), sum(b.y)].map((t) => t.keep());
  });
  const host = await Promise.all([g, s, xy, ys].map((t) => t.read()));
  [g, s, xy, ys].forEach((t) => t.dispose());
  host[0].forEach((v, i) => (m.gram[i] += v));
  host[1].forEach((v, i) => (m.sum[i] += v));
  host[2].forEach((v, i) => (m.xty[i] += v));
  m.ySum += host[3][0];
  m.n += b.count;
}

/**
 * Ridge with an intercept for each λ of the grid, solved on the GPU (one batched Cholesky for all
 * λ, kernels/cholesky.ts): weights [L, F], the feature mean row (in the original, unshifted
 * coordinates) and the target mean. The centred Gram is formed in float64 and solved in float32.
 */
export async function ridgeSolutions(
  gpu: GpuContext,
  m: Moments,
  shift: ArrayLike<number>,
  F: number,
): Promise<{ weights: Tensor; mean: Float32Array; yMean: number }> {
  const mu = Float64Array.from(m.sum, (v) => v / m.n);
  const yMean = m.ySum / m.n;
  const gc = new Float32Array(F * F);
  const bc = new Float32Array(F);
  let trace = 0;
  for (let i = 0; i < F; i++) {
    for (let j = 0; j < F; j++) gc[i * F + j] = m.gram[i * F + j] - m.n * mu[i] * mu[j];
    bc[i] = m.xty[i] - m.n * mu[i] * yMean;
    trace += gc[i * F + i];
  }
  const lambdas = RIDGE_GRID.map((lam) => (lam * Math.max(trace, 1e-30)) / m.n);
  const { alpha, info } = gpu.scope(() => ridgeSolveStacked(gpu.tensor(gc, [F, F]), gpu.tensor(bc, [F, 1]), lambdas));
  const flags = await info.read();
  info.dispose();
  const weights = gpu.empty([RIDGE_GRID.length, F]);
  gpu.copy(alpha, weights, weights.bytes);
  alpha.dispose();
  // The f32 Gram blocks can leave the centred Gram slightly indefinite; a λ too small for that
  // gets NaN weights, so its validation error is NaN and it is never picked.
  const bad = RIDGE_GRID.flatMap((_, l) => (flags[l] !== 0 ? [l] : []));
  if (bad.length > 0) {
    const nan = gpu.tensor(new Float32Array(F).fill(NaN));
    for (const l of bad) gpu.copy(nan, weights, F * 4, 0, l * F * 4);
    nan.dispose();
  }
  return { weights, mean: Float32Array.from(mu, (v, i) => v + shift[i]), yMean };
}

/** Sum over blocks of the squared error of every λ's predictor, [L] (no read-back). */
function squaredErrors(
  gpu: GpuContext,
  phis: Tensor[],
  blocks: Block[],
  weights: Tensor,
  mu: Tensor,
  yMean: number,
): Tensor {
  return gpu.scope(() => {
    let acc: Tensor | null = null;
    blocks.forEach((b, k) => {
      const pred = matmul(weights, binary('sub', phis[k], mu), { transB: true }); // [L, B]
      const err = sum(unary('square', binary('sub', pred, addScalar(b.y, -yMean))), 1);
      acc = acc ? add(acc, err) : err;
    });
    return acc!.keep();
  });
}

/** Index of the smallest finite value (0 when none is finite). */
function argminFinite(v: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]) && (best < 0 || v[i] < v[best])) best = i;
  return Math.max(best, 0);
}

function blockSizes(total: number, rows: number): number[] {
  const out: number[] = [];
  for (let left = total; left > 0; left -= rows) out.push(Math.min(rows, left));
  return out;
}

/** Rows per block so the [B, M, N] attention weights stay near 4M floats. */
function blockRows(r: RfaRun): number {
  return Math.max(16, Math.min(1024, Math.floor(4_000_000 / (r.heads * r.keys))));
}

function modelsOf(r: RfaRun): RfaModel[] {
  return r.qkMean > 0 ? ['attention', 'attention-mean', 'mlp'] : ['attention', 'mlp'];
}

/** The whole sweep: seeds × models × sizes, one metric per point as soon as it is measured. */
export async function* randomFeatureRun(ctx: RunContext, r: RfaRun): AsyncGenerator<RfaEvent, RfaResult> {
  const gpu = ctx.gpu;
  const sizes = [...new Set(r.sizes)].sort((a, b) => a - b);
  const models = modelsOf(r);
  const F = r.heads * (r.dim + 1);
  const rows = blockRows(r);
  const relMse = Object.fromEntries(models.map((m) => [m, [] as number[][]])) as Record<RfaModel, number[][]>;
  // The work: every training example into each model's normal equations (the sizes are nested).
  ctx.work.plan(r.seeds * models.length * sizes[sizes.length - 1], 'training example');
  yield {
    type: 'log',
    message: `${models.map((m) => MODEL_LABELS[m]).join(', ')}: ${F} features each; n = ${sizes.join(', ')}; ${r.seeds} seed(s)`,
  };
  for (let s = 0; s < r.seeds; s++) {
    const seed = r.seed + s;
    const w = frozen(gpu, r, seed);
    // Streams: training blocks 0…, validation 100000…, test 200000…; nested training chunks.
    const train: Block[][] = [];
    let id = 0;
    sizes.forEach((n, k) =>
      train.push(blockSizes(n - (k === 0 ? 0 : sizes[k - 1]), rows).map((c) => block(gpu, r, w, seed, id++, c))),
    );
    const val = blockSizes(r.valSize, rows).map((c, k) => block(gpu, r, w, seed, 100_000 + k, c));
    const test = blockSizes(r.testSize, rows).map((c, k) => block(gpu, r, w, seed, 200_000 + k, c));
    try {
      const [ys, yy] = gpu.scope(() =>
        [
          test.map((b) => sum(b.y)).reduce((a, b) => add(a, b)),
          test.map((b) => sum(unary('square', b.y))).reduce((a, b) => add(a, b)),
        ].map((t) => t.keep()),
      );
      const [ysH, yyH] = await Promise.all([ys.read(), yy.read()]);
      [ys, yy].forEach((t) => t.dispose());
      const yVar = yyH[0] / r.testSize - (ysH[0] / r.testSize) ** 2;
      if (s === 0) yield* attentionSnapshot(gpu, test[0], w, r);
      for (const model of models) {
        const valPhi = val.map((b) => gpu.scope(() => features(model, b, w, r).keep()));
        const testPhi = test.map((b) => gpu.scope(() => features(model, b, w, r).keep()));
        const shift = gpu.scope(() => mean(valPhi[0], 0).keep());
        const shiftH = await shift.read();
        const m: Moments = {
          n: 0,
          gram: new Float64Array(F * F),
          sum: new Float64Array(F),
          xty: new Float64Array(F),
          ySum: 0,
        };
        const row: number[] = [];
        try {
          for (const [k, n] of sizes.entries()) {
            ctx.work.span(n - (k === 0 ? 0 : sizes[k - 1]), { label: `the fit on ${n} examples` });
            await ctx.checkpoint();
            for (const b of train[k]) {
              const phi = gpu.scope(() => features(model, b, w, r).keep());
              await addMoments(m, phi, b, shift);
              ctx.work.advance(b.count);
              phi.dispose();
            }
            const sol = await ridgeSolutions(gpu, m, shiftH, F);
            const wT = sol.weights.keep();
            const muT = gpu.tensor(sol.mean).keep();
            const errs = [
              squaredErrors(gpu, valPhi, val, wT, muT, sol.yMean),
              squaredErrors(gpu, testPhi, test, wT, muT, sol.yMean),
            ];
            const [valE, testE] = await Promise.all(errs.map((t) => t.read()));
            [wT, muT, ...errs].forEach((t) => t.dispose());
            const best = argminFinite(valE);
            const rel = testE[best] / r.testSize / yVar;
            row.push(rel);
            yield { type: 'metric', name: `rfa/${model}/s${seed}`, step: n, value: rel };
            yield { type: 'metric', name: `rfa/${model}/lambda/s${seed}`, step: n, value: RIDGE_GRID[best] };
          }
        } finally {
          [...valPhi, ...testPhi, shift].forEach((t) => t.dispose());
        }
        relMse[model].push(row);
      }
    } finally {
      [...train.flat(), ...val, ...test].forEach(disposeBlock);
      Object.values(w).forEach((t) => (t as Tensor | null)?.dispose());
    }
  }
  return { sizes, models, relMse };
}

/** Each head's attention over the keys of one input, normalized to sum to 1 (at most 16 heads). */
async function* attentionSnapshot(gpu: GpuContext, b: Block, w: Frozen, r: RfaRun): AsyncGenerator<RfaEvent> {
  const heads = Math.min(16, r.heads);
  const first = gpu.scope(() => {
    const p = attentionWeights(b, w.wqkMean ?? w.wqk, r);
    const out = gpu.empty([heads, r.keys]).keep();
    gpu.copy(p, out, out.bytes);
    return out;
  });
  const data = (await first.read()) as Float32Array;
  first.dispose();
  for (let h = 0; h < heads; h++) {
    const row = data.subarray(h * r.keys, (h + 1) * r.keys);
    const total = row.reduce((a, v) => a + v, 0);
    row.forEach((v, i) => (row[i] = v / total));
  }
  yield {
    type: 'snapshot',
    snapshot: { kind: 'heatmap', name: 'rfa/attention', step: 0, shape: [heads, r.keys], data },
  };
}

function toRfaRun(spec: SpecOf<typeof randomFeatureAttention>): RfaRun {
  return { ...spec.params, sizes: [...spec.params.sizes], seed: spec.seed };
}

/** Mean over seeds of each column. */
export function seedMeans(rows: number[][]): number[] {
  return rows[0].map((_, j) => rows.reduce((a, row) => a + row[j], 0) / rows.length);
}

async function* run(ctx: RunContext, spec: SpecOf<typeof randomFeatureAttention>): AsyncGenerator<RfaEvent> {
  const res = yield* randomFeatureRun(ctx, toRfaRun(spec));
  const last = res.sizes.length - 1;
  const summary: Record<string, number | string> = {
    features: spec.params.heads * (spec.params.dim + 1),
    seconds: Number(ctx.elapsed().toFixed(1)),
  };
  for (const m of res.models)
    summary[`${m} rel. test MSE @ n=${res.sizes[last]}`] = Number(seedMeans(res.relMse[m])[last].toPrecision(3));
  yield { type: 'done', summary };
}

export const randomFeatureAttentionRunner: ExperimentRun = defineRun(randomFeatureAttention, run);
