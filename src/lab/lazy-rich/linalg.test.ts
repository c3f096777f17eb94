import { describe, expect, it } from 'vitest';
import { choleskySolve, kernelAlignment, logSteps, matVec, spearman } from './linalg.ts';

describe('lazy-rich linalg', () => {
  it('choleskySolve solves an SPD system', () => {
    for (const n of [1, 3, 17, 65]) {
      const a = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i * 1.3 + n));
      const k = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) for (let p = 0; p < n; p++) k[i * n + j] += a[i * n + p] * a[j * n + p];
      const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
      const y = matVec(k, x, n, n).map((v, i) => v + 0.1 * x[i]);
      const got = choleskySolve(k, y, n, 0.1);
      got.forEach((v, i) => expect(v).toBeCloseTo(x[i], 6));
    }
  });

  it('kernelAlignment is 1 for K = yyᵀ (centred) and spearman ranks', () => {
    const y = [1, -2, 0.5, 3];
    const k = y.flatMap((a) => y.map((b) => a * b));
    expect(kernelAlignment(k, y, 4)).toBeCloseTo(1, 10);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 3, 1])).toBeCloseTo(-0.9487, 3);
    expect(logSteps(100, 10)).toEqual(expect.arrayContaining([0, 1, 2, 100]));
  });
});
