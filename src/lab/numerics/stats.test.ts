import { describe, expect, it } from 'vitest';
import { pearson, spearman } from './stats.ts';

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
});
