/**
 * Small dense linear algebra on the CPU for kernel-regression baselines (n ≤ ~1,000, run once per
 * experiment), scalar summaries of kernels read back from the GPU, and log-spaced logging steps.
 */

/** K [m, n] · c [n]. */
export function matVec(k: ArrayLike<number>, c: ArrayLike<number>, m: number, n: number): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += k[i * n + j] * c[j];
    out[i] = s;
  }
  return out;
}

/**
 * Kernel–target alignment yᵀKy / (‖K‖_F ‖y‖²) with K and y centred (Cortes et al. 2012): 1 when
 * K ∝ yyᵀ, near 0 when the kernel's top directions ignore the target.
 */
export function kernelAlignment(k: ArrayLike<number>, y: ArrayLike<number>, n: number): number {
  const ym = Array.from(y).reduce((s, v) => s + v, 0) / n;
  const yc = Float64Array.from(y, (v) => v - ym);
  const row = new Float64Array(n);
  const col = new Float64Array(n);
  let all = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      row[i] += k[i * n + j] / n;
      col[j] += k[i * n + j] / n;
      all += k[i * n + j] / (n * n);
    }
  let top = 0;
  let fro = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    yy += yc[i] * yc[i];
    for (let j = 0; j < n; j++) {
      const kc = k[i * n + j] - row[i] - col[j] + all;
      top += yc[i] * kc * yc[j];
      fro += kc * kc;
    }
  }
  return top / (Math.sqrt(fro) * yy);
}

/** Steps at which to log on a log-step axis: every step early, then ~`perDecade` per decade. */
export function logSteps(total: number, perDecade = 20): number[] {
  const out = new Set<number>([0]);
  const ratio = 10 ** (1 / perDecade);
  for (let s = 1; s < total; s = Math.max(s + 1, Math.round(s * ratio))) out.add(s);
  out.add(total);
  return [...out].sort((a, b) => a - b);
}
