/** Plain TypeScript LayerNorm and BatchNorm (float64 math) for tests. */

export function layerNormRef(
  x: Float32Array,
  w: Float32Array,
  b: Float32Array,
  eps: number,
): { y: Float64Array; mean: Float64Array; rstd: Float64Array } {
  const D = w.length;
  const rows = x.length / D;
  const y = new Float64Array(x.length);
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < D; c++) s += x[r * D + c];
    const m = s / D;
    let q = 0;
    for (let c = 0; c < D; c++) q += (x[r * D + c] - m) ** 2;
    const rs = 1 / Math.sqrt(q / D + eps);
    for (let c = 0; c < D; c++) y[r * D + c] = (x[r * D + c] - m) * rs * w[c] + b[c];
    mean[r] = m;
    rstd[r] = rs;
  }
  return { y, mean, rstd };
}

/** Gradients by the textbook formula on a [rows, D] view. */
export function layerNormBackwardRef(
  x: Float32Array,
  w: Float32Array,
  gy: Float32Array,
  eps: number,
): { gx: Float64Array; gw: Float64Array; gb: Float64Array } {
  const D = w.length;
  const rows = x.length / D;
  const { mean, rstd } = layerNormRef(x, w, w, eps);
  const gx = new Float64Array(x.length);
  const gw = new Float64Array(D);
  const gb = new Float64Array(D);
  for (let r = 0; r < rows; r++) {
    const xh = (c: number): number => (x[r * D + c] - mean[r]) * rstd[r];
    let sg = 0;
    let sgx = 0;
    for (let c = 0; c < D; c++) {
      const g = gy[r * D + c] * w[c];
      sg += g;
      sgx += g * xh(c);
      gw[c] += gy[r * D + c] * xh(c);
      gb[c] += gy[r * D + c];
    }
    for (let c = 0; c < D; c++) gx[r * D + c] = rstd[r] * (gy[r * D + c] * w[c] - sg / D - (xh(c) * sgx) / D);
  }
  return { gx, gw, gb };
}

/** Per-channel mean and biased variance of x viewed as [R, C]. */
export function batchStatsRef(x: Float32Array, C: number): { mean: Float64Array; variance: Float64Array } {
  const R = x.length / C;
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let r = 0; r < R; r++) s += x[r * C + c];
    mean[c] = s / R;
    let q = 0;
    for (let r = 0; r < R; r++) q += (x[r * C + c] - mean[c]) ** 2;
    variance[c] = q / R;
  }
  return { mean, variance };
}

export function batchNormRef(
  x: Float32Array,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  w: Float32Array,
  b: Float32Array,
  eps: number,
): Float64Array {
  const C = w.length;
  return Float64Array.from(x, (v, i) => ((v - mean[i % C]) / Math.sqrt(variance[i % C] + eps)) * w[i % C] + b[i % C]);
}

export function batchNormBackwardRef(
  x: Float32Array,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  w: Float32Array,
  gy: Float32Array,
  eps: number,
  train: boolean,
): { gx: Float64Array; gw: Float64Array; gb: Float64Array } {
  const C = w.length;
  const R = x.length / C;
  const rs = Float64Array.from(variance, (v) => 1 / Math.sqrt(v + eps));
  const gw = new Float64Array(C);
  const gb = new Float64Array(C);
  for (let i = 0; i < x.length; i++) {
    gw[i % C] += gy[i] * (x[i] - mean[i % C]) * rs[i % C];
    gb[i % C] += gy[i];
  }
  const gx = Float64Array.from(x, (v, i) => {
    const c = i % C;
    const g = train ? gy[i] - gb[c] / R - ((v - mean[c]) * rs[c] * gw[c]) / R : gy[i];
    return w[c] * rs[c] * g;
  });
  return { gx, gw, gb };
}
