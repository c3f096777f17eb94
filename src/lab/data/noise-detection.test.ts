import { describe, expect, it } from 'vitest';
import { detectionAuroc, randomScores } from './noise-detection.ts';

/** The definition: the fraction of (flipped, clean) pairs the score orders right, ties half. */
function pairwise(scores: number[], flipped: number[]): number {
  const isF = new Set(flipped);
  let won = 0;
  let pairs = 0;
  scores.forEach((a, i) =>
    scores.forEach((b, j) => {
      if (!isF.has(i) || isF.has(j)) return;
      pairs++;
      won += a > b ? 1 : a === b ? 0.5 : 0;
    }),
  );
  return won / pairs;
}

describe('detectionAuroc', () => {
  it('is 1 for a perfect detector, 0 for an inverted one, 0.5 for a constant', () => {
    expect(detectionAuroc([0.1, 0.2, 0.9, 0.8], [2, 3])).toBe(1);
    expect(detectionAuroc([0.9, 0.8, 0.1, 0.2], [2, 3])).toBe(0);
    expect(detectionAuroc([1, 1, 1, 1], [0])).toBe(0.5);
  });
  it('matches the pairwise definition on random scores with ties', () => {
    for (const seed of [1, 2, 3]) {
      const n = 37;
      const scores = Array.from(randomScores(n, seed), (v) => Math.round(v * 8) / 8);
      const flipped = Array.from({ length: n }, (_, i) => i).filter((i) => (i * 7 + seed) % 5 === 0);
      expect(detectionAuroc(scores, flipped)).toBeCloseTo(pairwise(scores, flipped), 12);
    }
  });
  it('is NaN with no flipped or no clean example', () => {
    expect(detectionAuroc([0.1, 0.2], [])).toBeNaN();
    expect(detectionAuroc([0.1, 0.2], [0, 1])).toBeNaN();
  });
  it('gives the random control an AUROC near 0.5, the same for the same seed', () => {
    const flipped = Array.from({ length: 400 }, (_, k) => k * 5);
    const a = detectionAuroc(randomScores(2000, 4), flipped);
    expect(Math.abs(a - 0.5)).toBeLessThan(0.06);
    expect(randomScores(2000, 4)).toEqual(randomScores(2000, 4));
  });
});
