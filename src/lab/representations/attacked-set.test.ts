import { describe, expect, it } from 'vitest';
import type { Split } from '../datasets.ts';
import { attackedSet } from './attacked-set.ts';

/** A split of `count` one-byte images whose labels cycle through 10 classes. */
const split = (count: number): Split => ({
  images: Uint8Array.from({ length: count }, (_, i) => i % 256),
  labels: Uint8Array.from({ length: count }, (_, i) => (i * 7) % 10),
  count,
});
const data = { train: split(600), test: split(300) };

describe('attackedSet', () => {
  it('with true labels trains on the subset’s own labels and attacks test images', () => {
    const s = attackedSet(data, { trainSize: 200, testSize: 100, labels: 'true' }, 3);
    expect([...s.trainLabels]).toEqual([...s.trainIdx].map((i) => data.train.labels[i]));
    expect(s.attacked.split).toBe(data.test);
    expect(s.attacked.idx).toHaveLength(100);
    expect([...s.attacked.labels]).toEqual([...s.attacked.idx].map((i) => data.test.labels[i]));
  });

  it('with shuffled labels permutes the same labels, seeded, and attacks the first training images against them', () => {
    const p = { trainSize: 200, testSize: 80, labels: 'shuffled' };
    const s = attackedSet(data, p, 3);
    const truth = [...s.trainIdx].map((i) => data.train.labels[i]);
    expect([...s.trainLabels].sort()).toEqual([...truth].sort());
    // A permutation of 200 labels over 10 classes keeps about a tenth in place, not all.
    const kept = truth.filter((l, i) => l === s.trainLabels[i]).length;
    expect(kept).toBeLessThan(60);
    expect(s.attacked.split).toBe(data.train);
    expect([...s.attacked.idx]).toEqual([...s.trainIdx.subarray(0, 80)]);
    expect([...s.attacked.labels]).toEqual([...s.trainLabels.subarray(0, 80)]);
    // The same training subset as with true labels, and the same shuffle for the same seed only.
    expect(s.trainIdx).toEqual(attackedSet(data, { ...p, labels: 'true' }, 3).trainIdx);
    expect(attackedSet(data, p, 3).trainLabels).toEqual(s.trainLabels);
    expect(attackedSet(data, p, 4).trainLabels).not.toEqual(s.trainLabels);
  });

  it('refuses more attacked images than training images when they are the training images', () => {
    expect(() => attackedSet(data, { trainSize: 100, testSize: 200, labels: 'shuffled' }, 1)).toThrow(
      /training images/,
    );
  });
});
