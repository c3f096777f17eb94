/**
 * Loss-landscape building blocks shared by the landscape experiments and checks: training a model
 * while keeping flat checkpoints, evaluating loss/accuracy at many points θ = base + α·u + β·v in
 * GPU-batched chunks (one read-back per chunk), filter-normalized random directions, trajectory
 * PCA, interpolation barriers, and training inside a random subspace θ = θ0 + P·z.
 */
import type { GpuContext } from '../gpu/context.ts';
import type { Tensor } from '../gpu/tensor.ts';
import type { Activation } from '../gpu/kernels/matmul.ts';
import { backward, noGrad } from '../gpu/autograd.ts';
import { crossEntropy, mseLoss } from '../gpu/ops/loss.ts';
import { softmaxCrossEntropy } from '../gpu/kernels/softmax.ts';
import { MetricAccumulator } from '../gpu/kernels/metrics.ts';
import { flatFill, flatten } from '../gpu/kernels/flat.ts';
import { randomNormal } from '../gpu/kernels/random.ts';
import {
  accumulatePoint,
  filterNormalize,
  paddedDim,
  planePoint,
  subspaceExpand,
  subspaceProject,
  type Projection,
} from '../gpu/kernels/landscape.ts';
import { mlp, type Module } from '../gpu/nn.ts';
import { Adam, SGD } from '../gpu/optim.ts';
import { normalArray } from '../gpu/rng.ts';
import { seededSubset, type Dataset } from './datasets.ts';
import { GpuSplit } from './loader.ts';
import { evaluate } from './train.ts';
import { evaluatePlaneMlp, planeMlpLayers, type Plane } from './landscape-batched.ts';

/** Philox streams of landscape draws (directions, projections), clear of streams.ts's blocks 1–4. */
export const LANDSCAPE_STREAM = 16 * 2 ** 32;

export const paramsOf = (model: Module): Tensor[] => model.parameters().map((p) => p.tensor);

export async function readFlat(params: Tensor[]): Promise<Float32Array> {
  const ctx = params[0].ctx;
  const flat = flatten(params);
  try {
    return (await flat.read()) as Float32Array;
  } finally {
    ctx.flush();
    flat.dispose();
  }
}

export function writeFlat(params: Tensor[], data: Float32Array): void {
  let offset = 0;
  for (const p of params) {
    p.ctx.write(p, data.subarray(offset, offset + p.size));
    offset += p.size;
  }
  if (offset !== data.length) throw new Error(`${data.length} values written into parameters holding ${offset}`);
}

/** Persistent GPU copies of a flat vector shaped like `params`. */
export function uploadLike(params: Tensor[], data: Float32Array): Tensor[] {
  let offset = 0;
  return params.map((p) => {
    const t = p.ctx.tensor(data.subarray(offset, offset + p.size), p.shape).keep();
    offset += p.size;
    return t;
  });
}

export const disposeAll = (ts: Tensor[]): void => ts.forEach((t) => t.dispose());

export interface LandscapeData {
  train: GpuSplit;
  /** The first `evalSize` examples of the training subset: the set every landscape point is scored on. */
  evalSet: GpuSplit;
  test: GpuSplit;
  inputs: number;
  classes: number;
  dispose(): void;
}

export function landscapeData(
  ctx: GpuContext,
  data: Dataset,
  sizes: { train: number; eval: number; test: number },
  seed: number,
): LandscapeData {
  const [h, w, c] = data.manifest.shape;
  const pick = seededSubset(data.train, Math.min(sizes.train, data.train.count), seed);
  const train = new GpuSplit(ctx, data, data.train, pick);
  const evalSet = new GpuSplit(ctx, data, data.train, pick.subarray(0, Math.min(sizes.eval, pick.length)));
  const test = new GpuSplit(
    ctx,
    data,
    data.test,
    Uint32Array.from({ length: Math.min(sizes.test, data.test.count) }, (_, i) => i),
  );
  return {
    train,
    evalSet,
    test,
    inputs: h * w * c,
    classes: data.manifest.classes.length,
    dispose: () => [train, evalSet, test].forEach((s) => s.dispose()),
  };
}

/**
 * A ReLU MLP with the default (Kaiming) init, or, through `o`, another activation and a scaled
 * Glorot init: the edge-of-stability runs use a small-init tanh net, whose sharpness starts low.
 */
export function buildMlp(
  ctx: GpuContext,
  inputs: number,
  hidden: number[],
  classes: number,
  seed: number,
  o: { activation?: Activation; initScale?: number } = {},
): Module {
  const init = o.initScale === undefined ? {} : { init: 'glorot-normal' as const, gain: o.initScale };
  return mlp(ctx, [inputs, ...hidden, classes], { seed, activation: o.activation ?? 'relu', ...init });
}

export interface TrainOptions {
  steps: number;
  batch: number;
  lr: number;
  optimizer: 'sgd' | 'adam';
  momentum: number;
  /** Seed of the data order (different orders from one init: linear mode connectivity). */
  orderSeed: number;
  /** Keep a flat checkpoint every this many steps (and at the end); 0 keeps none. */
  every?: number;
  /** Awaited between steps (pause/stop). */
  checkpoint?: () => Promise<void>;
  /** Called with (step, mean train loss, accuracy) about 20 times per run. */
  onMetric?: (step: number, loss: number, accuracy: number) => void;
}

/** Trains `model` in place; returns the flat checkpoints (step 0 first when `every` > 0). */
export async function trainModel(
  model: Module,
  split: GpuSplit,
  o: TrainOptions,
): Promise<Array<{ step: number; theta: Float32Array }>> {
  const ctx = split.ctx;
  const params = paramsOf(model);
  const entries = model.parameters().map((p) => ({ name: p.name, tensor: p.tensor, mask: p.mask }));
  const opt =
    o.optimizer === 'adam' ? new Adam(entries, { lr: o.lr }) : new SGD(entries, { lr: o.lr, momentum: o.momentum });
  const metrics = new MetricAccumulator(ctx);
  const checkpoints: Array<{ step: number; theta: Float32Array }> = [];
  const every = o.every ?? 0;
  const logEvery = Math.max(1, Math.round(o.steps / 20));
  const perEpoch = Math.ceil(split.count / o.batch);
  let order: Tensor | null = null;
  try {
    if (every > 0) checkpoints.push({ step: 0, theta: await readFlat(params) });
    for (let step = 0; step < o.steps; step++) {
      await o.checkpoint?.();
      const epoch = Math.floor(step / perEpoch);
      const offset = (step % perEpoch) * o.batch;
      if (offset === 0) {
        order?.dispose();
        order = split.order({ seed: o.orderSeed, epoch }).keep();
      }
      const size = Math.min(o.batch, split.count - offset);
      ctx.scope(() => {
        const b = split.batch(order!, offset, size);
        const ce = crossEntropy(model.forward(b.x), b.y);
        backward(ce.loss);
        opt.step(o.lr);
        metrics.add(ce.perExample, ce.correct, step);
      });
      ctx.flush();
      if ((step + 1) % logEvery === 0 || step + 1 === o.steps) {
        const t = await metrics.read();
        if (t.divergedAt !== null)
          throw new Error(`training diverged at step ${t.divergedAt}: try a smaller learning rate`);
        o.onMetric?.(step + 1, t.loss, t.accuracy);
      }
      if (every > 0 && ((step + 1) % every === 0 || step + 1 === o.steps))
        checkpoints.push({ step: step + 1, theta: await readFlat(params) });
    }
    return checkpoints;
  } finally {
    order?.dispose();
    metrics.dispose();
    opt.dispose();
  }
}

/** Points evaluated per read-back: each costs one forward pass over the evaluation set. */
export const POINTS_PER_CHUNK = 64;

/**
 * Mean loss and accuracy of `model` on `split` at every θ = base + α·u + β·v of `coords`. An MLP
 * (see planeMlpLayers) takes the batched path of landscape-batched.ts, which leaves its parameters
 * alone; any other model (or `batched: false`) is evaluated point by point, `batch` examples per
 * forward, with its parameters overwritten (restore them afterwards), results staying on the GPU
 * and read back once per chunk of POINTS_PER_CHUNK points.
 */
export async function evaluatePoints(
  model: Module,
  split: GpuSplit,
  plane: Plane,
  coords: ReadonlyArray<readonly [number, number]>,
  opts: { batch?: number; batched?: boolean; checkpoint?: () => Promise<void>; onChunk?: (done: number) => void } = {},
): Promise<{ loss: Float32Array; accuracy: Float32Array }> {
  const layers = opts.batched === false ? null : planeMlpLayers(model);
  if (layers) return evaluatePlaneMlp(layers, split, plane, coords, opts);
  const ctx = split.ctx;
  const params = paramsOf(model);
  const batch = Math.min(opts.batch ?? 500, split.count);
  const loss = new Float32Array(coords.length);
  const accuracy = new Float32Array(coords.length);
  const order = split.order(null).keep();
  const results = ctx.empty([2 * POINTS_PER_CHUNK]).keep();
  try {
    for (let start = 0; start < coords.length; start += POINTS_PER_CHUNK) {
      await opts.checkpoint?.();
      const count = Math.min(POINTS_PER_CHUNK, coords.length - start);
      for (let k = 0; k < count; k++) {
        const [a, b] = coords[start + k];
        params.forEach((p, i) => planePoint(p, plane.base[i], plane.u[i], plane.v[i], a, b));
        for (let offset = 0; offset < split.count; offset += batch) {
          ctx.scope(() =>
            noGrad(ctx, () => {
              const bt = split.batch(order, offset, Math.min(batch, split.count - offset));
              const ce = softmaxCrossEntropy(model.forward(bt.x), bt.y);
              accumulatePoint(results, ce.perExample, ce.correct, k, offset === 0);
            }),
          );
        }
        ctx.flush();
      }
      const r = (await results.read()) as Float32Array;
      for (let k = 0; k < count; k++) {
        loss[start + k] = r[2 * k] / split.count;
        accuracy[start + k] = r[2 * k + 1] / split.count;
      }
      opts.onChunk?.(start + count);
    }
    return { loss, accuracy };
  } finally {
    order.dispose();
    results.dispose();
  }
}

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

export function zerosLike(params: Tensor[]): Tensor[] {
  return params.map((p) => {
    const t = p.ctx.empty(p.shape).keep();
    flatFill([t], 0);
    return t;
  });
}

/** a − b elementwise. */
export function diff(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((x, i) => x - b[i]);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Eigenvectors of a small symmetric matrix (cyclic Jacobi), sorted by decreasing eigenvalue. */
export function symmetricEigen(m: number[][]): { values: number[]; vectors: number[][] } {
  const n = m.length;
  const a = m.map((r) => [...r]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i][j] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
  }
  const idx = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y][y] - a[x][x]);
  return { values: idx.map((i) => a[i][i]), vectors: idx.map((i) => v.map((row) => row[i])) };
}

/**
 * Top-2 PCA directions of a trajectory relative to its last point (Li et al. 2018 §7): unit
 * vectors u, v in parameter space and the share of variance each explains.
 */
export function trajectoryPca(thetas: Float32Array[]): {
  u: Float32Array;
  v: Float32Array;
  explained: [number, number];
} {
  const last = thetas[thetas.length - 1];
  const rows = thetas.slice(0, -1).map((t) => diff(t, last));
  if (rows.length < 2) throw new Error('trajectory PCA needs at least three checkpoints');
  const mean = new Float32Array(last.length);
  for (const r of rows) for (let i = 0; i < r.length; i++) mean[i] += r[i] / rows.length;
  const centred = rows.map((r) => diff(r, mean));
  const gram = centred.map((a) => centred.map((b) => dot(a, b)));
  const { values, vectors } = symmetricEigen(gram);
  const total = values.reduce((s, x) => s + Math.max(0, x), 0) || 1;
  const direction = (e: number[]): Float32Array => {
    const out = new Float32Array(last.length);
    centred.forEach((r, k) => {
      for (let i = 0; i < r.length; i++) out[i] += e[k] * r[i];
    });
    const n = Math.sqrt(dot(out, out)) || 1;
    return out.map((x) => x / n);
  };
  return {
    u: direction(vectors[0]),
    v: direction(vectors[1]),
    explained: [Math.max(0, values[0]) / total, Math.max(0, values[1]) / total],
  };
}

/** Least-squares coordinates (α, β) of δ in span(u, v). */
export function planeCoords(delta: Float32Array, u: Float32Array, v: Float32Array): [number, number] {
  const uu = dot(u, u);
  const uv = dot(u, v);
  const vv = dot(v, v);
  const du = dot(delta, u);
  const dv = dot(delta, v);
  const det = uu * vv - uv * uv;
  return det > 0 ? [(du * vv - dv * uv) / det, (dv * uu - du * uv) / det] : [du / (uu || 1), 0];
}

/**
 * Orthonormal basis of the plane through three points with `origin` at (0, 0) (Garipov et al.
 * 2018, Li et al. 2018): u along a − origin, v the Gram–Schmidt remainder of b − origin.
 */
export function threePointPlane(
  origin: Float32Array,
  a: Float32Array,
  b: Float32Array,
): { u: Float32Array; v: Float32Array } {
  const da = diff(a, origin);
  const db = diff(b, origin);
  const na = Math.sqrt(dot(da, da));
  if (!(na > 0)) throw new Error('plane through checkpoints: two of them coincide');
  const u = da.map((x) => x / na);
  const c = dot(db, u);
  const r = db.map((x, i) => x - c * u[i]);
  const nr = Math.sqrt(dot(r, r));
  if (!(nr > 1e-6 * na)) throw new Error('plane through checkpoints: the three are collinear');
  return { u, v: r.map((x) => x / nr) };
}

/** Evenly spaced values from lo to hi inclusive. */
export function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));
}

/**
 * Barrier along a path sampled evenly at α = 0 … 1: the largest rise of the values above the
 * straight line between the two endpoints, max_α [f(α) − ((1 − α)·f(0) + α·f(1))] (Frankle et
 * al. 2020 use the peak minus the endpoints' mean; with endpoints of equal error, as for two
 * trained runs, the two agree, and this one is also 0 on a monotone init→trained line).
 */
export function barrier(values: ArrayLike<number>): number {
  const n = values.length;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const a = n === 1 ? 0 : i / (n - 1);
    worst = Math.max(worst, values[i] - ((1 - a) * values[0] + a * values[n - 1]));
  }
  return worst;
}

/** Loss and error along the straight line from flat checkpoint `a` to `b` at the given α. */
export async function interpolate(
  model: Module,
  split: GpuSplit,
  a: Float32Array,
  b: Float32Array,
  alphas: number[],
  opts: { checkpoint?: () => Promise<void> } = {},
): Promise<{ loss: Float32Array; error: Float32Array }> {
  const params = paramsOf(model);
  const base = uploadLike(params, a);
  const u = uploadLike(params, diff(b, a));
  const zero = zerosLike(params);
  try {
    const r = await evaluatePoints(
      model,
      split,
      { base, u, v: zero },
      alphas.map((x) => [x, 0] as const),
      opts,
    );
    return { loss: r.loss, error: r.accuracy.map((x) => 1 - x) };
  } finally {
    [base, u, zero].forEach(disposeAll);
  }
}

export interface SubspaceOptions {
  d: number;
  steps: number;
  batch: number;
  lr: number;
  /** Seed of P (and of the data order). */
  seed: number;
  projection?: Projection['kind'];
  checkpoint?: () => Promise<void>;
}

/**
 * Trains only the d coordinates z of θ = θ0 + P·z (Li et al. 2018) with Adam, θ0 being the
 * model's current parameters; leaves the model at the final θ and returns its test metrics.
 */
export async function trainSubspace(
  model: Module,
  train: GpuSplit,
  test: GpuSplit,
  o: SubspaceOptions,
): Promise<{ loss: number; accuracy: number; trainLoss: number }> {
  const ctx = train.ctx;
  const params = paramsOf(model);
  const D = params.reduce((s, p) => s + p.size, 0);
  const proj: Projection = { id: { seed: o.seed, stream: LANDSCAPE_STREAM + 1024 }, D, d: o.d, kind: o.projection };
  const theta0 = params.map((p) => {
    const t = ctx.empty(p.shape).keep();
    ctx.copy(p, t, p.bytes);
    return t;
  });
  const z = ctx.tensor(new Float32Array(paddedDim(o.d, o.projection))).keep();
  z.name = 'z';
  const opt = new Adam([{ name: 'z', tensor: z }], { lr: o.lr });
  const metrics = new MetricAccumulator(ctx);
  const perEpoch = Math.ceil(train.count / o.batch);
  let order: Tensor | null = null;
  const setTheta = (): void => {
    let row = 0;
    params.forEach((p, i) => {
      ctx.copy(subspaceExpand(proj, theta0[i], z, row), p, p.bytes);
      row += p.size;
    });
  };
  try {
    for (let step = 0; step < o.steps; step++) {
      await o.checkpoint?.();
      const offset = (step % perEpoch) * o.batch;
      if (offset === 0) {
        order?.dispose();
        order = train.order({ seed: o.seed, epoch: Math.floor(step / perEpoch) }).keep();
      }
      ctx.scope(() => {
        setTheta();
        const b = train.batch(order!, offset, Math.min(o.batch, train.count - offset));
        const ce = crossEntropy(model.forward(b.x), b.y);
        backward(ce.loss);
        z.grad = subspaceProject(proj, flatten(params.map((p) => p.grad!)));
        opt.step(o.lr);
        z.grad = null;
        metrics.add(ce.perExample, ce.correct, step);
      });
      ctx.flush();
    }
    const trainTotals = await metrics.read();
    ctx.scope(() => setTheta());
    const t = await evaluate(model, test, 500);
    return { loss: t.loss, accuracy: t.accuracy, trainLoss: trainTotals.loss };
  } finally {
    order?.dispose();
    metrics.dispose();
    opt.dispose();
    z.dispose();
    disposeAll(theta0);
  }
}

/**
 * The full-batch objective: mean cross-entropy against u32 labels, or mean squared error against
 * f32 targets [B, C] (Cohen et al. 2021 study both).
 */
export function objective(model: Module, x: Tensor, target: Tensor): Tensor {
  const out = model.forward(x);
  return target.dtype === 'u32' ? crossEntropy(out, target).loss : mseLoss(out, target).loss;
}

/** One-hot f32 targets [B, C] for the u32 labels `y` (the regression targets of an MSE run). */
export async function oneHot(y: Tensor, classes: number): Promise<Tensor> {
  const labels = (await y.read()) as Uint32Array;
  const data = new Float32Array(y.size * classes);
  for (let i = 0; i < y.size; i++) data[i * classes + labels[i]] = 1;
  return y.ctx.tensor(data, [y.size, classes]);
}

/** Gradient of the objective on (x, target) at the model's current weights, flattened and read back. */
async function flatGradient(model: Module, x: Tensor, target: Tensor): Promise<Float32Array> {
  const ctx = x.ctx;
  const flat = ctx.scope(() => {
    backward(objective(model, x, target));
    return flatten(paramsOf(model).map((p) => p.grad!));
  });
  try {
    return (await flat.read()) as Float32Array;
  } finally {
    flat.dispose();
  }
}

/**
 * Largest (algebraic) eigenvalue of a symmetric operator given by its matrix-vector product, by
 * `k` Lanczos steps with full reorthogonalization from `start`. Unlike power iteration it is not
 * drawn to a large negative eigenvalue (cross-entropy at initialization has them), and with the
 * same number of products it converges much closer to the top of the spectrum.
 */
export async function lanczosTop(
  apply: (v: Float64Array) => Promise<Float64Array>,
  start: ArrayLike<number>,
  k: number,
): Promise<number> {
  const n = start.length;
  const dot64 = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i] * b[i];
    return s;
  };
  let q = Float64Array.from(start);
  const n0 = Math.sqrt(dot64(q, q)) || 1;
  q = q.map((x) => x / n0);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  for (let j = 0; j < Math.min(k, n); j++) {
    basis.push(q);
    const w = await apply(q);
    alpha.push(dot64(w, q));
    // Twice-repeated Gram–Schmidt against every earlier vector keeps the basis orthogonal in floats.
    for (let pass = 0; pass < 2; pass++)
      for (const b of basis) {
        const c = dot64(w, b);
        for (let i = 0; i < n; i++) w[i] -= c * b[i];
      }
    const norm = Math.sqrt(dot64(w, w));
    if (norm < 1e-10 * Math.max(1, Math.abs(alpha[j]))) break;
    beta.push(norm);
    q = w.map((x) => x / norm);
  }
  const m = alpha.length;
  const t = Array.from({ length: m }, (_, i) =>
    Array.from({ length: m }, (_, j) => (i === j ? alpha[i] : Math.abs(i - j) === 1 ? beta[Math.min(i, j)] : 0)),
  );
  return symmetricEigen(t).values[0];
}

/**
 * Top Hessian eigenvalue of the objective on (x, target) at the model's weights θ: `iterations`
 * Lanczos steps on finite-difference Hessian-vector products, Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / 2ε
 * with ‖v‖ = 1. The model is left at θ.
 */
export async function sharpness(
  model: Module,
  x: Tensor,
  target: Tensor,
  o: { iterations: number; eps: number; seed: number },
): Promise<number> {
  const params = paramsOf(model);
  const theta = await readFlat(params);
  const hvp = async (v: Float64Array): Promise<Float64Array> => {
    writeFlat(
      params,
      theta.map((t, i) => t + o.eps * v[i]),
    );
    const gp = await flatGradient(model, x, target);
    writeFlat(
      params,
      theta.map((t, i) => t - o.eps * v[i]),
    );
    const gm = await flatGradient(model, x, target);
    return Float64Array.from(gp, (g, i) => (g - gm[i]) / (2 * o.eps));
  };
  try {
    return await lanczosTop(
      hvp,
      normalArray(theta.length, { seed: o.seed, stream: LANDSCAPE_STREAM + 2048 }),
      o.iterations,
    );
  } finally {
    writeFlat(params, theta);
  }
}

/**
 * Full-batch gradient descent (no momentum) on the whole split at learning rate η, measuring the
 * sharpness every `every` steps (Cohen et al. 2021: it rises to about 2/η, the edge of stability).
 * `loss: 'mse'` regresses the outputs onto one-hot labels.
 */
export async function gradientDescentSharpness(
  model: Module,
  split: GpuSplit,
  o: {
    steps: number;
    lr: number;
    every: number;
    iterations: number;
    seed: number;
    loss?: 'ce' | 'mse';
    checkpoint?: () => Promise<void>;
    onPoint?: (step: number, loss: number, sharpness: number | null) => void;
  },
): Promise<Array<{ step: number; loss: number; sharpness: number }>> {
  const ctx = split.ctx;
  const order = split.order(null).keep();
  const full = split.batch(order, 0, split.count);
  full.x.keep();
  full.y.keep();
  const opt = new SGD(
    model.parameters().map((p) => ({ name: p.name, tensor: p.tensor })),
    { lr: o.lr, momentum: 0 },
  );
  const out: Array<{ step: number; loss: number; sharpness: number }> = [];
  let target: Tensor = full.y;
  try {
    if (o.loss === 'mse') {
      const width = ctx.scope(() => noGrad(ctx, () => model.forward(full.x).shape[1]));
      target = (await oneHot(full.y, width)).keep();
    }
    for (let step = 0; step <= o.steps; step++) {
      await o.checkpoint?.();
      const measure = step % o.every === 0 || step === o.steps;
      const loss = ctx.scope(() => {
        const l = objective(model, full.x, target);
        if (step < o.steps) {
          backward(l);
          if (!measure) opt.step(o.lr);
        }
        return l;
      });
      const l = (await loss.read())[0];
      loss.dispose();
      if (!Number.isFinite(l)) throw new Error(`gradient descent diverged at step ${step}`);
      if (measure) {
        const s = await sharpness(model, full.x, target, { iterations: o.iterations, eps: 1e-3, seed: o.seed });
        out.push({ step, loss: l, sharpness: s });
        o.onPoint?.(step, l, s);
        // The measurement step still takes its update (its gradient was overwritten by the HVPs).
        if (step < o.steps) {
          ctx.scope(() => {
            backward(objective(model, full.x, target));
            opt.step(o.lr);
          });
        }
      } else o.onPoint?.(step, l, null);
    }
    return out;
  } finally {
    order.dispose();
    full.x.dispose();
    full.y.dispose();
    if (target !== full.y) target.dispose();
    opt.dispose();
  }
}
