/**
 * The PFN's training and evaluation tasks: functions drawn from a 1-D GP prior (y ~ N(0, K + σ²I)
 * by a Cholesky factor, from the run's Philox streams), each split into context and query points,
 * and the exact GP posterior's score on them. Sizes are tiny (≤ 64 points per task), so an O(n³)
 * Cholesky per task on the CPU is cheaper than a GPU round trip.
 */
import { bitsArray, normalArray, uniformArray } from '../../../gpu/rng.ts';
import { choleskyFactor } from '../../numerics/cholesky.ts';
import { gaussianNll, gpPosterior, noisyGram, type GpPrior, type Predictive } from '../../numerics/gp.ts';

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
    const L = choleskyFactor(noisyGram(x.subarray(b * points, (b + 1) * points), p), points);
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

/** A predictive from a task's context (xc, yc) at its query points xq. */
export type Predictor = (xc: Float32Array, yc: Float32Array, xq: Float32Array) => Predictive;

/** The prior, ignoring the context: mean 0, variance 1 + σ². */
export const priorPredictor =
  (p: GpPrior): Predictor =>
  (_xc, _yc, xq) => ({
    mean: new Float64Array(xq.length),
    variance: new Float64Array(xq.length).fill(1 + p.noise * p.noise),
  });

/**
 * A GP posterior with the right noise but the length scale `factor` × the prior's: a model of the
 * right family under a prior wrong by that factor. A PFN that has learnt its prior should beat it.
 */
export const misspecifiedGp =
  (p: GpPrior, factor: number): Predictor =>
  (xc, yc, xq) =>
    gpPosterior(xc, yc, xq, { ...p, lengthScale: p.lengthScale * factor });

export interface PredictorScore {
  /** Mean NLL per query point, per task then over tasks (as scoreTasks). */
  nll: number;
  /** Mean over all query points of (μ − μ_GP)², μ_GP the exact posterior mean under the prior. */
  meanMse: number;
}

/** Scores a baseline predictor on the batch's queries against their targets and the exact posterior under `p`. */
export function scorePredictor(batch: TaskBatch, p: GpPrior, predict: Predictor): PredictorScore {
  let nll = 0;
  let se = 0;
  let count = 0;
  for (let b = 0; b < batch.tasks; b++) {
    const { xc, yc, xq, yq } = split(batch, b);
    const exact = gpPosterior(xc, yc, xq, p);
    const guess = predict(xc, yc, xq);
    let s = 0;
    for (let q = 0; q < xq.length; q++) {
      s += gaussianNll(yq[q], guess.mean[q], guess.variance[q]);
      se += (guess.mean[q] - exact.mean[q]) ** 2;
      count++;
    }
    nll += s / xq.length;
  }
  return { nll: nll / batch.tasks, meanMse: se / count };
}
