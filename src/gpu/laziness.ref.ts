/** Plain references for laziness.ts (tests only); row-major Float32Array matrices. */

const norm = (x: ArrayLike<number>): number => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));

export function relativeChangeRef(w: Float32Array[], w0: Float32Array[]): number {
  const diff = w.flatMap((t, i) => Array.from(t, (v, j) => v - w0[i][j]));
  return norm(diff) / norm(w0.flatMap((t) => Array.from(t)));
}

/** A [n, p]ᵀ·B [n, q] → [p, q]. */
function gramT(a: Float32Array, b: Float32Array, n: number, p: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < q; j++) for (let k = 0; k < n; k++) out[i * q + j] += a[k * p + i] * b[k * q + j];
  return out;
}

export function twoLayerNtkRef(
  a: Float32Array,
  da: Float32Array,
  b: Float32Array,
  db: Float32Array,
  P: number,
  Q: number,
  D: number,
  N: number,
  c: number,
): Float64Array {
  const k = new Float64Array(P * Q);
  for (let i = 0; i < P; i++)
    for (let j = 0; j < Q; j++) {
      let dd = 0;
      let xx = 0;
      for (let n = 0; n < N; n++) dd += da[i * N + n] * db[j * N + n];
      for (let d = 0; d < D; d++) xx += a[i * D + d] * b[j * D + d];
      k[i * Q + j] = c * c * dd * xx;
    }
  return k;
}

export function kernelDistanceRef(k: Float32Array, k0: Float32Array): number {
  return norm(Array.from(k, (v, i) => v - k0[i])) / norm(k0);
}

export function centered(x: Float32Array, n: number, p: number): Float32Array {
  const out = new Float32Array(x);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * p + j];
    m /= n;
    for (let i = 0; i < n; i++) out[i * p + j] -= m;
  }
  return out;
}

export function linearCkaRef(x: Float32Array, y: Float32Array, n: number, p: number, q: number): number {
  const xc = centered(x, n, p);
  const yc = centered(y, n, q);
  const cross = norm(gramT(yc, xc, n, q, p));
  return (cross * cross) / (norm(gramT(xc, xc, n, p, p)) * norm(gramT(yc, yc, n, q, q)));
}
