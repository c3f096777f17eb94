import { describe, expect, it } from 'vitest';
import { permutation } from '../loader.ts';
import { streams } from '../../gpu/streams.ts';
import { keptCount, randomOrder, rankByScore, repeatedRandomSampler, staticSampler } from './subsets.ts';

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

describe('per-epoch samplers', () => {
  const sorted = (a: Uint32Array) => [...a].sort((x, y) => x - y);

  it('RS2 draws a fresh subset each epoch, every example once per round, from (seed, epoch) alone', () => {
    const [n, k] = [103, 10]; // 10 epochs a round; 3 examples left over each round
    const s = repeatedRandomSampler(n, k, 5);
    const round = (r: number) => Array.from({ length: 10 }, (_, e) => s.order(10 * r + e));
    for (const r of [0, 1]) {
      const epochs = round(r);
      for (const o of epochs) expect(o).toHaveLength(k);
      const seen = epochs.flatMap((o) => [...o]);
      // Without replacement within a round: 100 distinct pool positions.
      expect(new Set(seen).size).toBe(100);
      expect(seen.every((i) => i < n)).toBe(true);
    }
    // A new round reshuffles: its first subset is not the last round's.
    expect(sorted(s.order(10))).not.toEqual(sorted(s.order(0)));
    // Counter-based: an epoch's subset does not depend on which epochs were drawn before, or by which sampler.
    const fresh = repeatedRandomSampler(n, k, 5);
    expect([...fresh.order(13)]).toEqual([...s.order(13)]);
    expect([...fresh.order(2)]).toEqual([...s.order(2)]);
    expect([...repeatedRandomSampler(n, k, 6).order(2)]).not.toEqual([...s.order(2)]);
  });

  it('RS2 covers the pool uniformly over many rounds', () => {
    const [n, k, rounds] = [50, 7, 140]; // 7 epochs a round, one example left over each
    const s = repeatedRandomSampler(n, k, 1);
    const counts = new Array<number>(n).fill(0);
    for (let e = 0; e < 7 * rounds; e++) for (const i of s.order(e)) counts[i]++;
    // Each example is drawn in a round with probability 49/50: 137.2 rounds on average, SD ≈ 1.7.
    for (const c of counts) expect(Math.abs(c - (rounds * 49) / 50)).toBeLessThan(8);
    expect(() => repeatedRandomSampler(10, 11, 1)).toThrow(/between 1 and 10/);
  });

  it('a static subset is the same examples every epoch, reshuffled as the loader shuffles a whole split', () => {
    const kept = Uint32Array.from([9, 4, 17, 2, 30]);
    const s = staticSampler(kept, 3);
    expect(s.size).toBe(5);
    expect(sorted(s.order(0))).toEqual(sorted(kept));
    expect(sorted(s.order(4))).toEqual(sorted(kept));
    expect([...s.order(1)]).not.toEqual([...s.order(0)]);
    // Over the identity it is exactly the loader's epoch order (GpuSplit.order).
    const all = Uint32Array.from({ length: 40 }, (_, i) => i);
    expect([...staticSampler(all, 3).order(2)]).toEqual([...permutation(40, 3, streams.shuffle(2))]);
  });
});
