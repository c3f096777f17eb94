/** The lasso kernels on the CPU, for tests: the fused step in float32, the FISTA path and the KKT residual in float64. */
import type { LassoStepOptions } from './lasso.ts';
import { fistaMomenta } from './lasso.ts';

/** lasso_step.wgsl element by element in float32 arithmetic; returns the new [w, y]. */
export function lassoStepRef(
  gy: Float32Array,
  c: Float32Array,
  y: Float32Array,
  w: Float32Array,
  o: LassoStepOptions,
): [Float32Array, Float32Array] {
  const f = Math.fround;
  const [step, threshold, beta] = [f(o.step), f(o.threshold), f(o.beta)];
  const wn = new Float32Array(w.length);
  const yn = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const z = f(y[i] - f(step * f(gy[i] - c[i])));
    const shrunk = Math.max(f(Math.abs(z) - threshold), 0);
    wn[i] = shrunk > 0 ? (z >= 0 ? shrunk : -shrunk) : 0;
    yn[i] = f(wn[i] + f(beta * f(wn[i] - w[i])));
  }
  return [wn, yn];
}

/** G·W for G [p, p] and W [p, q], row-major, in float64. */
function gramTimes(g: ArrayLike<number>, w: ArrayLike<number>, p: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let i = 0; i < p; i++)
    for (let k = 0; k < p; k++) {
      const gik = g[i * p + k];
      for (let j = 0; j < q; j++) out[i * q + j] += gik * w[k * q + j];
    }
  return out;
}

/** lassoPath (lasso.ts) in float64: the same FISTA steps with the same step size, per λ, warm-started. */
export function lassoPathRef(
  g: ArrayLike<number>,
  c: ArrayLike<number>,
  p: number,
  q: number,
  lambdas: readonly number[],
  iterations: number,
  maxEigenvalue: number,
  margin: number,
): Float64Array[] {
  const step = 1 / (margin * maxEigenvalue);
  const momenta = fistaMomenta(iterations);
  let w = new Float64Array(p * q);
  return lambdas.map((lambda) => {
    let y = Float64Array.from(w);
    for (const beta of momenta) {
      const gy = gramTimes(g, y, p, q);
      const next = new Float64Array(p * q);
      for (let i = 0; i < p * q; i++) {
        const z = y[i] - step * (gy[i] - c[i]);
        next[i] = Math.sign(z) * Math.max(Math.abs(z) - (step * lambda) / 2, 0);
      }
      y = next.map((v, i) => v + beta * (v - w[i]));
      w = next;
    }
    return Float64Array.from(w);
  });
}

/**
 * How far W is from a lasso minimum, by the optimality (KKT) conditions of ‖Zw − z‖² + λ‖w‖₁ with
 * gradient d = 2(Gw − c): d = −λ·sign(w) where w ≠ 0, |d| ≤ λ where w = 0. The largest violation.
 */
export function lassoKktResidual(
  g: ArrayLike<number>,
  c: ArrayLike<number>,
  w: ArrayLike<number>,
  p: number,
  q: number,
  lambda: number,
): number {
  const gw = gramTimes(g, w, p, q);
  let worst = 0;
  for (let i = 0; i < p * q; i++) {
    const d = 2 * (gw[i] - c[i]);
    const miss = w[i] !== 0 ? Math.abs(d + lambda * Math.sign(w[i])) : Math.max(0, Math.abs(d) - lambda);
    worst = Math.max(worst, miss);
  }
  return worst;
}
