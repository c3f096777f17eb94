import { describe, expect, it } from 'vitest';
import { keptCount, randomOrder, rankByScore } from './subsets.ts';

describe('score-ranked and random subsets', () => {
  it('rank the highest score first, NaN last, ties in an order fixed by the seed', () => {
    const scores = Float32Array.from([0.2, NaN, 0.9, 0.5, 0.5, 0.5, 0.1]);
    const a = rankByScore(scores, 3);
    expect([...a.subarray(0, 1)]).toEqual([2]);
    expect(new Set(a.subarray(1, 4))).toEqual(new Set([3, 4, 5]));
    expect([...a.subarray(4)]).toEqual([0, 6, 1]);
    expect([...rankByScore(scores, 3)]).toEqual([...a]);
    // Some seed orders the three tied examples differently.
    const ties = (seed: number) => [...rankByScore(scores, seed).subarray(1, 4)].join();
    expect(new Set(Array.from({ length: 8 }, (_, s) => ties(s))).size).toBeGreaterThan(1);
  });

  it('draw a seeded permutation for the random control, and keep at least one example', () => {
    const o = randomOrder(50, 7, 1);
    expect([...o].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...randomOrder(50, 7, 1)]).toEqual([...o]);
    expect([...randomOrder(50, 7, 2)]).not.toEqual([...o]);
    expect([keptCount(2000, 0.3), keptCount(3, 0.99), keptCount(10, 0.25)]).toEqual([1400, 1, 8]);
  });
});
