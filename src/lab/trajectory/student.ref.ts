/**
 * Trajectory matching on the CPU in float64, for tests: the MLP's cross-entropy gradient, the
 * student's unrolled SGD steps and the normalized matching loss, written directly (no tape), so
 * central finite differences of it check the GPU's recorded second-order gradients.
 */

/** Row-major [rows, cols] matrices and vectors, as plain arrays. */
export type ThetaRef = Float64Array[];

export interface MlpShape {
  /** [d, hidden…, C]. */
  sizes: number[];
}

function forward(theta: ThetaRef, sizes: number[], x: Float64Array, n: number): Float64Array[] {
  const acts = [x];
  let h = x;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fin, fout] = [sizes[l], sizes[l + 1]];
    const [w, b] = [theta[2 * l], theta[2 * l + 1]];
    const z = new Float64Array(n * fout);
    for (let r = 0; r < n; r++)
      for (let j = 0; j < fout; j++) {
        let s = b[j];
        for (let i = 0; i < fin; i++) s += h[r * fin + i] * w[i * fout + j];
        z[r * fout + j] = l + 2 < sizes.length ? Math.max(0, s) : s;
      }
    acts.push(z);
    h = z;
  }
  return acts;
}

/** ∇θ of the mean cross-entropy at images x [n, d] with labels y. */
export function gradientRef(theta: ThetaRef, sizes: number[], x: Float64Array, y: ArrayLike<number>): ThetaRef {
  const n = y.length;
  const acts = forward(theta, sizes, x, n);
  const C = sizes[sizes.length - 1];
  const logits = acts[acts.length - 1];
  let delta = new Float64Array(n * C);
  for (let r = 0; r < n; r++) {
    const row = logits.subarray(r * C, (r + 1) * C);
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const z = e.reduce((a, b) => a + b, 0);
    for (let j = 0; j < C; j++) delta[r * C + j] = (e[j] / z - (j === y[r] ? 1 : 0)) / n;
  }
  const grads: ThetaRef = new Array<Float64Array>(theta.length);
  for (let l = sizes.length - 2; l >= 0; l--) {
    const [fin, fout] = [sizes[l], sizes[l + 1]];
    const input = acts[l];
    const gw = new Float64Array(fin * fout);
    const gb = new Float64Array(fout);
    for (let r = 0; r < n; r++)
      for (let j = 0; j < fout; j++) {
        const d = delta[r * fout + j];
        gb[j] += d;
        for (let i = 0; i < fin; i++) gw[i * fout + j] += input[r * fin + i] * d;
      }
    grads[2 * l] = gw;
    grads[2 * l + 1] = gb;
    if (l > 0) {
      const prev = new Float64Array(n * fin);
      const w = theta[2 * l];
      for (let r = 0; r < n; r++)
        for (let i = 0; i < fin; i++) {
          if (input[r * fin + i] <= 0) continue;
          let s = 0;
          for (let j = 0; j < fout; j++) s += delta[r * fout + j] * w[i * fout + j];
          prev[r * fin + i] = s;
        }
      delta = prev;
    }
  }
  return grads;
}

const distance2 = (a: ThetaRef, b: ThetaRef): number =>
  a.reduce((s, w, p) => s + w.reduce((t, v, i) => t + (v - b[p][i]) ** 2, 0), 0);

/** ‖θ̂ − target‖² / ‖start − target‖² after `steps` SGD steps at exp(logLr) from `start`. */
export function matchingLossRef(
  start: ThetaRef,
  target: ThetaRef,
  sizes: number[],
  x: Float64Array,
  y: ArrayLike<number>,
  logLr: number,
  steps: number,
): number {
  const eta = Math.exp(logLr);
  let theta = start;
  for (let k = 0; k < steps; k++) {
    const g = gradientRef(theta, sizes, x, y);
    theta = theta.map((w, p) => w.map((v, i) => v - eta * g[p][i]));
  }
  return distance2(theta, target) / distance2(start, target);
}
