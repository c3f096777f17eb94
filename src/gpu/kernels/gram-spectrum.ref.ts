/**
 * Float64 reference for gram-spectrum.ts: every eigenvalue of a symmetric n×n matrix by the
 * cyclic Jacobi method (row-major input; descending output). O(n³) a sweep: for tests.
 */
export function symmetricEigenvaluesRef(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a);
  let total = 0;
  for (let e = 0; e < n * n; e++) total += m[e] * m[e];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off <= 1e-30 * total) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const kp = m[k * n + p];
          const kq = m[k * n + q];
          m[k * n + p] = c * kp - s * kq;
          m[k * n + q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const pk = m[p * n + k];
          const qk = m[q * n + k];
          m[p * n + k] = c * pk - s * qk;
          m[q * n + k] = s * pk + c * qk;
        }
      }
  }
  return Float64Array.from({ length: n }, (_, i) => m[i * n + i]).sort((x, y) => y - x);
}
