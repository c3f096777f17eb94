import { describe, expect, it } from 'vitest';
import { fitLine, pearson, spearman } from './stats.ts';

describe('correlations', () => {
  it('pearson is ±1 on (anti)proportional series, NaN on a constant one, and matches a known value', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    // Σ(a−ā)(b−b̄) = 3 and Σ(a−ā)² = Σ(b−b̄)² = 5: r = 0.6.
    expect(pearson([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(0.6, 12);
  });

  it('spearman is pearson on the ranks, ties sharing their mean rank', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 5, 2, 9], [1, 100, 3, 1000])).toBeCloseTo(1, 12);
    // Ranks of [4, 3, 3, 1] are [3, 1.5, 1.5, 0].
    expect(spearman([1, 2, 3, 4], [4, 3, 3, 1])).toBeCloseTo(pearson([0, 1, 2, 3], [3, 1.5, 1.5, 0]), 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 3, 1])).toBeCloseTo(-0.9487, 3);
  });

  it('fitLine recovers an exact line and gives R² < 1 to scattered points', () => {
    const f = fitLine([0, 1, 2], [1, 3, 5]);
    expect([f.a, f.b, f.r2]).toEqual([1, 2, 1]);
    // Σ(x−x̄)(y−ȳ) = 3, Σ(x−x̄)² = Σ(y−ȳ)² = 5: slope 0.6 through the means (2.5, 2.5), R² = 0.36.
    const g = fitLine([1, 2, 3, 4], [2, 1, 4, 3]);
    expect(g.b).toBeCloseTo(0.6, 12);
    expect(g.a).toBeCloseTo(1, 12);
    expect(g.r2).toBeCloseTo(0.36, 12);
  });
});
