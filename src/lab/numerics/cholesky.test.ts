import { describe, expect, it } from 'vitest';
import { choleskyFactor, choleskySolve, solveLower, solveLowerTransposed } from './cholesky.ts';

// A = L·Lᵀ with an integer factor (the textbook example), so every value below is exact.
const A = [4, 12, -16, 12, 37, -43, -16, -43, 98];
const L = [2, 0, 0, 6, 1, 0, -8, 5, 3];

/** A [n, n] · X [n, cols]. */
function times(a: ArrayLike<number>, x: ArrayLike<number>, n: number, cols: number): Float64Array {
  const out = new Float64Array(n * cols);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < cols; c++) for (let k = 0; k < n; k++) out[i * cols + c] += a[i * n + k] * x[k * cols + c];
  return out;
}

describe('Cholesky', () => {
  it('factors a known SPD matrix, with the ridge added to the diagonal', () => {
    expect(Array.from(choleskyFactor(A, 3))).toEqual(L);
    const lessDiagonal = A.map((v, i) => (i % 4 === 0 ? v - 0.5 : v));
    Array.from(choleskyFactor(lessDiagonal, 3, 0.5)).forEach((v, i) => expect(v).toBeCloseTo(L[i], 12));
  });

  it('rejects a matrix that is not positive definite, and a ridge can make it so', () => {
    const indefinite = [1, 2, 2, 1];
    expect(() => choleskyFactor(indefinite, 2)).toThrow(/not positive definite at row 1/);
    expect(() => choleskyFactor(indefinite, 2, 1.5)).not.toThrow();
  });

  it('solves the triangular systems L·X = B and Lᵀ·X = B in place, column by column', () => {
    const l = Float64Array.from(L);
    const x = Float64Array.of(1, -2, 0.5, 3, -1, 0.25);
    const lt = Float64Array.from({ length: 9 }, (_, i) => L[(i % 3) * 3 + Math.floor(i / 3)]);
    const b = times(l, x, 3, 2);
    expect(solveLower(l, 3, b, 2)).toBe(b);
    Array.from(b).forEach((v, i) => expect(v).toBeCloseTo(x[i], 12));
    const bt = times(lt, x, 3, 2);
    Array.from(solveLowerTransposed(l, 3, bt, 2)).forEach((v, i) => expect(v).toBeCloseTo(x[i], 12));
  });

  it('solves (A + ridge·I)·X = B for SPD systems of several sizes, leaving A and B as they were', () => {
    for (const n of [1, 3, 17, 65]) {
      const m = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i * 1.3 + n));
      const mt = Float64Array.from({ length: n * n }, (_, i) => m[(i % n) * n + Math.floor(i / n)]);
      const k = times(m, mt, n, n);
      const x = Float64Array.from({ length: 2 * n }, (_, i) => Math.cos(i));
      const b = times(k, x, n, 2).map((v, i) => v + 0.1 * x[i]);
      const [k0, b0] = [k.slice(), b.slice()];
      const got = choleskySolve(k, b, n, { cols: 2, ridge: 0.1 });
      got.forEach((v, i) => expect(v).toBeCloseTo(x[i], 6));
      expect(k).toEqual(k0);
      expect(b).toEqual(b0);
    }
  });
});
