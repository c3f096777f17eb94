/** Eigenvalues of small symmetric matrices and operators on the CPU, in float64. */

/** Eigenvectors of a small symmetric matrix (cyclic Jacobi), sorted by decreasing eigenvalue. */
export function symmetricEigen(m: number[][]): { values: number[]; vectors: number[][] } {
  const n = m.length;
  const a = m.map((r) => [...r]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i][j] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
  }
  const idx = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y][y] - a[x][x]);
  return { values: idx.map((i) => a[i][i]), vectors: idx.map((i) => v.map((row) => row[i])) };
}

/**
 * Largest (algebraic) eigenvalue of a symmetric operator given by its matrix-vector product, by
 * `k` Lanczos steps with full reorthogonalization from `start`. Unlike power iteration it is not
 * drawn to a large negative eigenvalue (cross-entropy at initialization has them), and with the
 * same number of products it converges much closer to the top of the spectrum.
 */
export async function lanczosTop(
  apply: (v: Float64Array) => Promise<Float64Array>,
  start: ArrayLike<number>,
  k: number,
): Promise<number> {
  const n = start.length;
  const dot64 = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i] * b[i];
    return s;
  };
  let q = Float64Array.from(start);
  const n0 = Math.sqrt(dot64(q, q)) || 1;
  q = q.map((x) => x / n0);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  for (let j = 0; j < Math.min(k, n); j++) {
    basis.push(q);
    const w = await apply(q);
    alpha.push(dot64(w, q));
    // Twice-repeated Gram–Schmidt against every earlier vector keeps the basis orthogonal in floats.
    for (let pass = 0; pass < 2; pass++)
      for (const b of basis) {
        const c = dot64(w, b);
        for (let i = 0; i < n; i++) w[i] -= c * b[i];
      }
    const norm = Math.sqrt(dot64(w, w));
    if (norm < 1e-10 * Math.max(1, Math.abs(alpha[j]))) break;
    beta.push(norm);
    q = w.map((x) => x / norm);
  }
  const m = alpha.length;
  const t = Array.from({ length: m }, (_, i) =>
    Array.from({ length: m }, (_, j) => (i === j ? alpha[i] : Math.abs(i - j) === 1 ? beta[Math.min(i, j)] : 0)),
  );
  return symmetricEigen(t).values[0];
}
