/**
 * Cholesky factorization and triangular solves on the CPU in float64, for the lab's small symmetric
 * positive-definite systems (kernel and ridge regression, ridge probes, GP posteriors; n up to
 * ~1,000). Matrices are row-major n×n; right-hand sides B are row-major [n, cols].
 */

/**
 * Lower factor L of A + ridge·I (L·Lᵀ = A + ridge·I), reading only A's lower triangle; throws if
 * A + ridge·I is not positive definite.
 */
export function choleskyFactor(a: ArrayLike<number>, n: number, ridge = 0): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`cholesky: matrix is not positive definite at row ${i}`);
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  return l;
}

/** Solves L·X = B in place (forward substitution; L lower triangular) and returns B. */
export function solveLower(l: Float64Array, n: number, b: Float64Array, cols = 1): Float64Array {
  for (let c = 0; c < cols; c++)
    for (let i = 0; i < n; i++) {
      let s = b[i * cols + c];
      for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k * cols + c];
      b[i * cols + c] = s / l[i * n + i];
    }
  return b;
}

/** Solves Lᵀ·X = B in place (back substitution; L lower triangular) and returns B. */
export function solveLowerTransposed(l: Float64Array, n: number, b: Float64Array, cols = 1): Float64Array {
  for (let c = 0; c < cols; c++)
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i * cols + c];
      for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k * cols + c];
      b[i * cols + c] = s / l[i * n + i];
    }
  return b;
}

/** X with (A + ridge·I)·X = B for symmetric positive-definite A + ridge·I; A and B are left as they are. */
export function choleskySolve(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  o: { cols?: number; ridge?: number } = {},
): Float64Array {
  const cols = o.cols ?? 1;
  const l = choleskyFactor(a, n, o.ridge);
  return solveLowerTransposed(l, n, solveLower(l, n, Float64Array.from(b), cols), cols);
}
