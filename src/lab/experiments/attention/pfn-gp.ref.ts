/**
 * The 1-D Gaussian-process prior the PFN is fitted to, in plain TypeScript: task sampling
 * (y ~ N(0, K + σ²I) by a Cholesky factor, from the run's Philox streams) and the exact GP
 * posterior predictive the PFN should learn to imitate. Sizes are tiny (≤ 64 points per task), so
 * an O(n³) Cholesky per task on the CPU is cheaper than a GPU round trip.
 */
import { bitsArray, normalArray, uniformArray } from '../../../gpu/rng.ts';

export interface GpPrior {
  /** RBF length scale on x ∈ [−1, 1]. */
  lengthScale: number;
  /** Observation noise standard deviation (the signal variance k(x, x) is 1). */
  noise: number;
}

/** k(a, b) = exp(−(a − b)² / 2ℓ²): unit signal variance. */
export const rbf = (a: number, b: number, l: number): number => Math.exp(-((a - b) ** 2) / (2 * l * l));

/** Lower Cholesky factor of the n×n SPD matrix `a` (row-major, in float64); throws if not SPD. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`cholesky: matrix is not positive definite at row ${i}`);
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
  }
  return L;
}

/** Solves L·z = b in place (L lower triangular, n×n). */
function forward(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * b[k];
    b[i] = s / L[i * n + i];
  }
  return b;
}

/** Solves Lᵀ·z = b in place. */
function backward(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * b[k];
    b[i] = s / L[i * n + i];
  }
  return b;
}

/** K(x, x) + (σ² + jitter)·I. */
function noisyGram(x: ArrayLike<number>, p: GpPrior): Float64Array {
  const n = x.length;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      K[i * n + j] = rbf(x[i], x[j], p.lengthScale) + (i === j ? p.noise * p.noise + 1e-8 : 0);
  return K;
}

export interface Predictive {
  /** Posterior mean of y at each query. */
  mean: Float64Array;
  /** Posterior predictive variance of a noisy y (latent variance + σ²). */
  variance: Float64Array;
}

/** Exact GP posterior predictive at `xq` given noisy observations (xc, yc). */
export function gpPosterior(
  xc: ArrayLike<number>,
  yc: ArrayLike<number>,
  xq: ArrayLike<number>,
  p: GpPrior,
): Predictive {
  const n = xc.length;
  const L = cholesky(noisyGram(xc, p), n);
  const alpha = backward(L, n, forward(L, n, Float64Array.from(yc)));
  const mean = new Float64Array(xq.length);
  const variance = new Float64Array(xq.length);
  const k = new Float64Array(n);
  for (let q = 0; q < xq.length; q++) {
    for (let i = 0; i < n; i++) k[i] = rbf(xq[q], xc[i], p.lengthScale);
    let m = 0;
    for (let i = 0; i < n; i++) m += k[i] * alpha[i];
    const v = forward(L, n, k);
    let explained = 0;
    for (let i = 0; i < n; i++) explained += v[i] * v[i];
    mean[q] = m;
    variance[q] = Math.max(1 - explained, 0) + p.noise * p.noise;
  }
  return { mean, variance };
}

/** −log N(y; μ, v). */
export const gaussianNll = (y: number, mean: number, variance: number): number =>
  0.5 * (Math.log(2 * Math.PI * variance) + (y - mean) ** 2 / variance);

/**
 * A batch of tasks, each `points` long: the first `contexts[b]` points are the context, the rest
 * queries. x and y are [tasks, points] row-major.
 */
export interface TaskBatch {
  tasks: number;
  points: number;
  x: Float32Array;
  y: Float32Array;
  contexts: Uint32Array;
}

/**
 * Draws `tasks` GP functions at `points` uniform x ∈ [−1, 1] each (noisy y), with a context size
 * uniform in [minContext, maxContext]; streams `stream`, `stream + 1`, `stream + 2` of `seed`.
 */
export function sampleTasks(
  p: GpPrior,
  tasks: number,
  points: number,
  minContext: number,
  maxContext: number,
  seed: number,
  stream: number,
): TaskBatch {
  const x = uniformArray(tasks * points, { seed, stream, lo: -1, hi: 1 });
  const z = normalArray(tasks * points, { seed, stream: stream + 1 });
  const bits = bitsArray(tasks, { seed, stream: stream + 2 });
  const y = new Float32Array(tasks * points);
  const contexts = new Uint32Array(tasks);
  for (let b = 0; b < tasks; b++) {
    const L = cholesky(noisyGram(x.subarray(b * points, (b + 1) * points), p), points);
    for (let i = 0; i < points; i++) {
      let s = 0;
      for (let k = 0; k <= i; k++) s += L[i * points + k] * z[b * points + k];
      y[b * points + i] = s;
    }
    contexts[b] = minContext + (bits[b] % (maxContext - minContext + 1));
  }
  return { tasks, points, x, y, contexts };
}

export interface TaskScores {
  /** Mean NLL per query point of the exact GP posterior predictive. */
  gpNll: number;
  /** The same under the prior N(0, 1 + σ²): what a model that ignores the context gets. */
  priorNll: number;
}

/** Exact-posterior and prior NLL of every batch task's query targets, averaged per task then over tasks (the PFN loss's weighting). */
export function scoreTasks(batch: TaskBatch, p: GpPrior): TaskScores & { posteriors: Predictive[] } {
  let gp = 0;
  let prior = 0;
  const posteriors: Predictive[] = [];
  const priorVar = 1 + p.noise * p.noise;
  for (let b = 0; b < batch.tasks; b++) {
    const { xc, yc, xq, yq } = split(batch, b);
    const post = gpPosterior(xc, yc, xq, p);
    posteriors.push(post);
    let g = 0;
    let pr = 0;
    for (let q = 0; q < xq.length; q++) {
      g += gaussianNll(yq[q], post.mean[q], post.variance[q]);
      pr += gaussianNll(yq[q], 0, priorVar);
    }
    gp += g / xq.length;
    prior += pr / xq.length;
  }
  return { gpNll: gp / batch.tasks, priorNll: prior / batch.tasks, posteriors };
}

/** Task b's context and query points. */
export function split(
  batch: TaskBatch,
  b: number,
): { xc: Float32Array; yc: Float32Array; xq: Float32Array; yq: Float32Array } {
  const base = b * batch.points;
  const n = batch.contexts[b];
  const end = base + batch.points;
  return {
    xc: batch.x.subarray(base, base + n),
    yc: batch.y.subarray(base, base + n),
    xq: batch.x.subarray(base + n, end),
    yq: batch.y.subarray(base + n, end),
  };
}
