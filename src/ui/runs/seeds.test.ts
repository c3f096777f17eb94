import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../../lab/experiment.ts';
import { bandOf, seedGroups } from './seeds.ts';

const spec = (seed: number, lr: number, batch = 32): RunSpec => ({
  version: 1,
  experiment: 'train',
  seed,
  params: { lr, batch },
});

describe('seed groups', () => {
  it('group runs that differ only in seed, whatever the order of their parameters', () => {
    const runs = [
      { id: 'a', spec: spec(1, 0.1) },
      { id: 'b', spec: spec(1, 0.2) },
      { id: 'c', spec: { ...spec(2, 0.1), params: { batch: 32, lr: 0.1 } } },
      { id: 'd', spec: spec(3, 0.1, 64) },
    ];
    expect(seedGroups(runs).map((g) => g.map((r) => r.id))).toEqual([['a', 'c'], ['b'], ['d']]);
  });

  it('summarize seeds as mean and min–max at the steps all of them recorded', () => {
    const band = bandOf([
      { steps: [0, 10, 20], values: [1, 2, 3] },
      { steps: [0, 10, 20, 30], values: [3, 6, 5, 9] },
      { steps: [0, 10, 20], values: [2, 1, NaN] },
    ]);
    expect(band.steps).toEqual([0, 10, 20]);
    expect(band.mean).toEqual([2, 3, NaN]);
    expect(band.lo).toEqual([1, 1, NaN]);
    expect(band.hi).toEqual([3, 6, NaN]);
  });
});
