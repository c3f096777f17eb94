import { describe, expect, it } from 'vitest';
import { centredOneHot, logGrid, regressionScores } from './ridge-risk.ts';

describe('regression scores', () => {
  it('gives zero risk and error for the targets themselves, and counts arg-max mistakes', () => {
    const labels = [0, 2, 1];
    const y = centredOneHot(labels, 3);
    expect(Array.from(y.slice(0, 3)).map((v) => +v.toFixed(6))).toEqual([0.666667, -0.333333, -0.333333]);
    const exact = regressionScores(y, labels, 3);
    expect(exact.risk).toBeCloseTo(0, 12);
    expect(exact.error).toBe(0);
    // All-zero predictions: risk = (1 − 1/C)² + (C − 1)/C², arg-max picks class 0 (one right of three).
    const zero = regressionScores(new Float32Array(9), labels, 3);
    expect(zero.risk).toBeCloseTo((2 / 3) ** 2 + 2 / 9, 6);
    expect(zero.error).toBeCloseTo(2 / 3, 12);
  });

  it('spaces λ evenly in log between its ends', () => {
    const g = logGrid(1e-4, 1, 5);
    expect(g[0]).toBeCloseTo(1e-4, 12);
    expect(g[4]).toBeCloseTo(1, 12);
    expect(g[2]).toBeCloseTo(1e-2, 12);
  });
});
