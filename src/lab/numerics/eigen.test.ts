import { describe, expect, it } from 'vitest';
import { lanczosTop, symmetricEigen } from './eigen.ts';

describe('symmetricEigen', () => {
  it('recovers a known spectrum', () => {
    const { values, vectors } = symmetricEigen([
      [2, 1, 0],
      [1, 2, 0],
      [0, 0, 5],
    ]);
    expect(values.map((v) => +v.toFixed(6))).toEqual([5, 3, 1]);
    expect(Math.abs(vectors[1][0])).toBeCloseTo(Math.SQRT1_2);
  });
});

describe('lanczosTop', () => {
  it('finds the largest algebraic eigenvalue even when a negative one dominates in magnitude', async () => {
    // Diagonal spectrum {−50, 7, 3, 1, …}: power iteration would return −50.
    const n = 30;
    const diag = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -50 : i === 1 ? 7 : 3 / i));
    const apply = async (v: Float64Array) => v.map((x, i) => diag[i] * x);
    const start = Float64Array.from({ length: n }, (_, i) => 1 + 0.1 * Math.cos(i));
    expect(await lanczosTop(apply, start, 12)).toBeCloseTo(7, 6);
  });
});
