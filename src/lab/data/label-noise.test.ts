import { describe, expect, it } from 'vitest';
import { relabeled, symmetricNoise } from './label-noise.ts';

const labels = Uint32Array.from({ length: 1000 }, (_, i) => i % 10);

describe('symmetric label noise', () => {
  it('flips exactly round(p·n) labels, each to another class, and records which', () => {
    const r = symmetricNoise(labels, 10, 0.4, 3);
    expect(r.flipped.length).toBe(400);
    expect([...r.flipped]).toEqual([...r.flipped].sort((a, b) => a - b));
    const set = new Set(r.flipped);
    r.labels.forEach((y, i) => {
      expect(y < 10).toBe(true);
      expect(y !== labels[i]).toBe(set.has(i));
    });
    expect([...r.truth]).toEqual([...labels]);
    expect(symmetricNoise(labels, 10, 0, 3).flipped.length).toBe(0);
    expect(symmetricNoise(labels, 10, 1, 3).labels.every((y, i) => y !== labels[i])).toBe(true);
  });

  it('is fixed by the seed and spreads the wrong labels over all other classes', () => {
    const a = symmetricNoise(labels, 10, 0.4, 3);
    expect([...symmetricNoise(labels, 10, 0.4, 3).labels]).toEqual([...a.labels]);
    expect([...symmetricNoise(labels, 10, 0.4, 4).flipped]).not.toEqual([...a.flipped]);
    // 400 flips over 9 shifts: each shift about 44 times; none far off (a biased draw would be).
    const shifts = new Array(10).fill(0);
    for (const i of a.flipped) shifts[(a.labels[i] - labels[i] + 10) % 10]++;
    expect(shifts[0]).toBe(0);
    for (const c of shifts.slice(1)) expect(c > 20 && c < 70).toBe(true);
  });

  it('rejects a bad rate or label, and relabels a split without touching the original', () => {
    expect(() => symmetricNoise(labels, 10, 1.5, 1)).toThrow(/rate/);
    expect(() => symmetricNoise(Uint32Array.from([12]), 10, 1, 1)).toThrow(/not in/);
    const split = { images: new Uint8Array(4), labels: Uint8Array.from([0, 1, 2, 3]), count: 4 };
    const out = relabeled(split, [3, 1], Uint32Array.from([7, 8]));
    expect([...out.labels]).toEqual([0, 8, 2, 7]);
    expect([...split.labels]).toEqual([0, 1, 2, 3]);
    expect(out.images).toBe(split.images);
  });
});
