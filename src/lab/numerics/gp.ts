/**
 * Exact Gaussian-process regression in one dimension with an RBF kernel (CPU, float64): the
 * posterior predictive given noisy observations, and the Gaussian NLL that scores it.
 */
import { choleskyFactor, solveLower, solveLowerTransposed } from './cholesky.ts';

export interface GpPrior {
  /** RBF length scale on x ∈ [−1, 1]. */
  lengthScale: number;
  /** Observation noise standard deviation (the signal variance k(x, x) is 1). */
  noise: number;
}

/** k(a, b) = exp(−(a − b)² / 2ℓ²): unit signal variance. */
export const rbf = (a: number, b: number, l: number): number => Math.exp(-((a - b) ** 2) / (2 * l * l));

/** K(x, x) + (σ² + jitter)·I: the covariance of noisy observations at x. */
export function noisyGram(x: ArrayLike<number>, p: GpPrior): Float64Array {
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
  const L = choleskyFactor(noisyGram(xc, p), n);
  const alpha = solveLowerTransposed(L, n, solveLower(L, n, Float64Array.from(yc)));
  const mean = new Float64Array(xq.length);
  const variance = new Float64Array(xq.length);
  const k = new Float64Array(n);
  for (let q = 0; q < xq.length; q++) {
    for (let i = 0; i < n; i++) k[i] = rbf(xq[q], xc[i], p.lengthScale);
    let m = 0;
    for (let i = 0; i < n; i++) m += k[i] * alpha[i];
    const v = solveLower(L, n, k);
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
