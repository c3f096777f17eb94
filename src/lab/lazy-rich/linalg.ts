/**
 * Small dense linear algebra on the CPU for kernel-regression baselines (n ≤ ~1,000, run once per
 * experiment) and scalar summaries of kernels read back from the GPU.
 */

/** Solves (K + ridge·I)·c = y for symmetric positive semi-definite K [n, n] by Cholesky, in f64. */
export function choleskySolve(k: ArrayLike<number>, y: ArrayLike<number>, n: number, ridge: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = k[i * n + j] + (i === j ? ridge : 0);
      for (let p = 0; p < j; p++) s -= l[i * n + p] * l[j * n + p];
      if (i === j) {
        if (!(s > 0)) throw new Error(`choleskySolve: matrix not positive definite at row ${i}; raise the ridge`);
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = y[i];
    for (let p = 0; p < i; p++) s -= l[i * n + p] * z[p];
    z[i] = s / l[i * n + i];
  }
  const c = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let p = i + 1; p < n; p++) s -= l[p * n + i] * c[p];
    c[i] = s / l[i * n + i];
  }
  return c;
}

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

/** Spearman rank correlation (average ranks on ties). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ranks = (v: readonly number[]): number[] => {
    const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
      for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const ma = ra.reduce((s, v) => s + v, 0) / n;
  const mb = rb.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

/** Steps at which to log on a log-step axis: every step early, then ~`perDecade` per decade. */
export function logSteps(total: number, perDecade = 20): number[] {
  const out = new Set<number>([0]);
  const ratio = 10 ** (1 / perDecade);
  for (let s = 1; s < total; s = Math.max(s + 1, Math.round(s * ratio))) out.add(s);
  out.add(total);
  return [...out].sort((a, b) => a - b);
}
