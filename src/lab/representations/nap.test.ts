import { describe, expect, it } from 'vitest';
import { patternLayout } from '../../gpu/kernels/activation-patterns.ts';
import { certifiedCounts, fixedCounts, median, napGrid, recallPrecision } from './nap.ts';

describe('NAP summaries', () => {
  it('recall and precision from the tally: diagonal over the class size, diagonal over the column sum', () => {
    // Labels 0, 1, 2 with 10, 20, 5 rows; NAP 1 admits 4 rows of label 0; nothing follows NAP 2.
    const tally = [8, 4, 0, 0, 15, 0, 1, 0, 0];
    const { recall, precision } = recallPrecision(tally, [10, 20, 5]);
    expect(recall).toEqual([0.8, 0.75, 0]);
    expect(precision[0]).toBeCloseTo(8 / 9);
    expect(precision[1]).toBeCloseTo(15 / 19);
    expect(precision[2]).toBeNaN();
  });

  it('lays NAP masks out as class rows over both layers’ neurons, skipping padding bits', () => {
    const layout = patternLayout([3, 33]);
    // Class 0: neuron 0 on, 1 off; layer 2 neuron 32 on. Class 1: nothing fixed.
    const fixed = Uint32Array.from([0b011, 0, 1, 0, 0, 0]);
    const value = Uint32Array.from([0b001, 0, 1, 0, 0, 0]);
    const grid = napGrid(fixed, value, layout);
    expect(grid.length).toBe(2 * 36);
    expect([...grid.subarray(0, 3)]).toEqual([1, -1, 0]);
    expect(grid[3 + 32]).toBe(1);
    expect(fixedCounts(grid, 2)).toEqual([3, 0]);
  });

  it('counts the certified radii from the smallest up, stopping at the first failure', () => {
    // Two examples × 3 radii, after an offset of 6 rows; example 1's empty middle row counts.
    const margin = [0, 0, 0, 0, 0, 0, 0.5, 0.1, -0.2, 0.3, -1, 0.2];
    const empty = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0];
    expect(certifiedCounts(margin, empty, 2, 3, 6)).toEqual([2, 3]);
    expect(certifiedCounts(margin, empty, 2, 3, 0)).toEqual([0, 0]);
  });

  it('takes the median of the finite values', () => {
    expect(median([3, 1, NaN, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
