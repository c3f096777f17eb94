import { describe, expect, it } from 'vitest';
import type { Dataset } from '../datasets.ts';
import { galleryOf, HISTOGRAM_BINS, scoreHistogram } from './score-summary.ts';

describe('scoreHistogram', () => {
  const scores = Float32Array.from([0.01, 0.7, 1.4, 0.02, 1.3]);
  const labels = Uint32Array.from([0, 1, 1, 0, 0]);
  it('counts only the given positions, in the whole pool bins, under its own name', () => {
    const all = scoreHistogram(scores, labels, ['a', 'b'], 'grand');
    const some = scoreHistogram(scores, labels, ['a', 'b'], 'grand', {
      name: 'scores/noisy',
      positions: Uint32Array.from([2, 4]),
    });
    expect(some.name).toBe('scores/noisy');
    // The same bins: the range is the whole pool's, not the subset's.
    expect(some.data.subarray(2 * HISTOGRAM_BINS)).toEqual(all.data.subarray(2 * HISTOGRAM_BINS));
    const count = (s: { data: ArrayLike<number> }, c: number) =>
      Array.from(s.data).slice(c * HISTOGRAM_BINS, (c + 1) * HISTOGRAM_BINS);
    expect(count(some, 0).reduce((a, b) => a + b, 0)).toBe(1);
    expect(count(some, 1).reduce((a, b) => a + b, 0)).toBe(1);
    expect(count(some, 1)[HISTOGRAM_BINS - 1]).toBe(1);
  });
});

describe('galleryOf', () => {
  // Four 1×1×1 images whose pixel is their dataset index; the pool holds dataset items 3, 1, 2, 0.
  const data = {
    manifest: { shape: [1, 1, 1], classes: ['a', 'b', 'c'] },
    train: { images: Uint8Array.from([0, 1, 2, 3]), labels: Uint32Array.from([0, 1, 2, 0]) },
  } as unknown as Dataset;
  const pool = Uint32Array.from([3, 1, 2, 0]);
  const at = Uint32Array.from([2, 0]);
  const scores = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
  const history = [Float32Array.from([10, 11, 12, 13]), Float32Array.from([20, 21, 22, 23])];
  it('gives the shown examples, their scores, and their per-epoch history row by row', () => {
    const [g, s, h] = galleryOf(data, pool, at, scores, 'noisy', history, Uint32Array.from([1, 1, 0, 1]));
    expect(Array.from(g.data)).toEqual([2, 3]);
    expect(Array.from(g.truth!)).toEqual([2, 0]);
    expect(Array.from(g.predicted!)).toEqual([0, 1]);
    expect(Array.from(s.data)).toEqual([0.3, 0.1].map(Math.fround));
    expect(h.name).toBe('gallery/noisy-history');
    expect(h.shape).toEqual([2, 2]);
    expect(Array.from(h.data)).toEqual([12, 22, 10, 20]);
  });
  it('carries no given labels without noise', () => {
    expect(galleryOf(data, pool, at, scores, 'easiest', history)[0].predicted).toBeUndefined();
  });
});
