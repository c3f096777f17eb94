import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../lab/experiment.ts';
import { difference, matrixShape, sharedRange } from './snapshots.ts';

const s = (shape: number[], values: number[]): Snapshot => ({
  kind: 'heatmap',
  name: 'x',
  step: 0,
  shape,
  data: Float32Array.from(values),
});

describe('side-by-side snapshots', () => {
  it('share one colour range and take their difference where shapes match', () => {
    const a = s([2, 2], [0, 1, 2, NaN]);
    const b = s([2, 2], [0, 3, -1, NaN]);
    expect(sharedRange(a, b)).toEqual([-1, 3]);
    const d = difference(a, b)!;
    expect(Array.from(d.data.slice(0, 3))).toEqual([0, 2, -3]);
    expect(d.maxAbs).toBe(3);
    expect(d.different).toBe(2);
    expect(difference(a, s([4], [0, 1, 2, 3]))).toBeNull();
  });

  it('draw any snapshot as a matrix: first axis as rows', () => {
    expect(matrixShape(s([4, 3, 2, 2], []))).toEqual([4, 12]);
    expect(matrixShape(s([5], []))).toEqual([5, 1]);
  });
});
