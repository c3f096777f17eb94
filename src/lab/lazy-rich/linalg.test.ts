import { describe, expect, it } from 'vitest';
import { kernelAlignment, logSteps, matVec } from './linalg.ts';

describe('lazy-rich linalg', () => {
  it('matVec multiplies a row-major [m, n] matrix by a vector', () => {
    expect(Array.from(matVec([1, 2, 3, 4, 5, 6], [1, 0, -1], 2, 3))).toEqual([-2, -2]);
  });

  it('kernelAlignment is 1 for K = yyᵀ (centred), and logSteps starts dense and ends at the total', () => {
    const y = [1, -2, 0.5, 3];
    const k = y.flatMap((a) => y.map((b) => a * b));
    expect(kernelAlignment(k, y, 4)).toBeCloseTo(1, 10);
    expect(logSteps(100, 10)).toEqual(expect.arrayContaining([0, 1, 2, 100]));
  });
});
