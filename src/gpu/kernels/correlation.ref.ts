/** Unit–unit Pearson correlations on the CPU in float64, for tests of correlation.ts. */

/** Columns of row-major [n, p] data, centred and scaled to unit norm; null for a constant column. */
function standardized(x: Float32Array, n: number, p: number): (Float64Array | null)[] {
  return Array.from({ length: p }, (_, c) => {
    let mean = 0;
    for (let r = 0; r < n; r++) mean += x[r * p + c];
    mean /= n;
    const col = new Float64Array(n);
    let ss = 0;
    for (let r = 0; r < n; r++) {
      col[r] = x[r * p + c] - mean;
      ss += col[r] * col[r];
    }
    if (ss === 0) return null;
    const inv = 1 / Math.sqrt(ss);
    return col.map((v) => v * inv);
  });
}

/** [p, q] row-major correlations of a [n, p] with b [n, q]; 0 where either unit is constant. */
export function correlationRef(a: Float32Array, b: Float32Array, n: number, p: number, q: number): Float64Array {
  const za = standardized(a, n, p);
  const zb = standardized(b, n, q);
  const out = new Float64Array(p * q);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < q; j++) {
      const u = za[i];
      const v = zb[j];
      if (!u || !v) continue;
      let s = 0;
      for (let r = 0; r < n; r++) s += u[r] * v[r];
      out[i * q + j] = s;
    }
  return out;
}
