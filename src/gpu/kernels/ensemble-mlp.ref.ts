/** Plain-TypeScript (float64) reference for ensemble-mlp.ts: forward, risk, gradients, one step. */

export interface MlpDims {
  models: number;
  /** Examples. */
  rows: number;
  /** Input (patch) width including the ones column. */
  inputs: number;
  /** Hidden units, or channels of a convolution. */
  hidden: number;
  outputs: number;
  /** Patches per example (x has rows·positions rows); 1 for an MLP. */
  positions: number;
}

/** H [E, n·L, c] = ReLU(X·W1[e]), which is [E, n, L·c] as laid out. */
export function hiddenRef(x: ArrayLike<number>, w1: ArrayLike<number>, d: MlpDims): Float64Array {
  const { models: E, inputs: di, hidden: h } = d;
  const n = d.rows * d.positions;
  const out = new Float64Array(E * n * h);
  for (let e = 0; e < E; e++)
    for (let r = 0; r < n; r++)
      for (let j = 0; j < h; j++) {
        let z = 0;
        for (let i = 0; i < di; i++) z += x[r * di + i] * w1[(e * di + i) * h + j];
        out[(e * n + r) * h + j] = Math.max(z, 0);
      }
  return out;
}

/** f [E, n, K] = H·W2[e] with H [E, n, L·c]. */
export function outputsRef(hid: ArrayLike<number>, w2: ArrayLike<number>, d: MlpDims): Float64Array {
  const { models: E, rows: n, outputs: K } = d;
  const h = d.hidden * d.positions;
  const out = new Float64Array(E * n * K);
  for (let e = 0; e < E; e++)
    for (let r = 0; r < n; r++)
      for (let k = 0; k < K; k++) {
        let f = 0;
        for (let j = 0; j < h; j++) f += hid[(e * n + r) * h + j] * w2[(e * h + j) * K + k];
        out[(e * n + r) * K + k] = f;
      }
  return out;
}

/** Each model's risk: Σ_k (f − y)² averaged over rows. */
export function riskRef(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w1: ArrayLike<number>,
  w2: ArrayLike<number>,
  d: MlpDims,
): Float64Array {
  const f = outputsRef(hiddenRef(x, w1, d), w2, d);
  const { models: E, rows: n, outputs: K } = d;
  const out = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    let s = 0;
    for (let i = 0; i < n * K; i++) s += (f[e * n * K + i] - y[i]) ** 2;
    out[e] = s / n;
  }
  return out;
}

/** ∂risk/∂W1 [E, d, c] and ∂risk/∂W2 [E, L·c, K] by the chain rule (a filter sums over positions). */
export function gradsRef(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w1: ArrayLike<number>,
  w2: ArrayLike<number>,
  d: MlpDims,
): { dw1: Float64Array; dw2: Float64Array } {
  const { models: E, rows: n, inputs: di, hidden: c, outputs: K, positions: L } = d;
  const h = L * c;
  const hid = hiddenRef(x, w1, d);
  const f = outputsRef(hid, w2, d);
  const dw1 = new Float64Array(E * di * c);
  const dw2 = new Float64Array(E * h * K);
  for (let e = 0; e < E; e++)
    for (let r = 0; r < n; r++) {
      const g = Array.from({ length: K }, (_, k) => (2 / n) * (f[(e * n + r) * K + k] - y[r * K + k]));
      for (let j = 0; j < h; j++) {
        const a = hid[(e * n + r) * h + j];
        let dz = 0;
        for (let k = 0; k < K; k++) {
          dw2[(e * h + j) * K + k] += a * g[k];
          dz += g[k] * w2[(e * h + j) * K + k];
        }
        if (a <= 0) continue;
        const patch = (r * L + Math.floor(j / c)) * di;
        for (let i = 0; i < di; i++) dw1[(e * di + i) * c + (j % c)] += x[patch + i] * dz;
      }
    }
  return { dw1, dw2 };
}
