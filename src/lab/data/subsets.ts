/**
 * Seeded subset samplers over a scored pool of examples: keep the hardest (highest-scoring) part
 * by a score, or a uniformly random part of the same size (the control). Both are deterministic
 * in (scores, seed), and ties in the score are broken by a seeded permutation, not by position.
 */
import { permutation } from '../loader.ts';
import { streams } from '../../gpu/streams.ts';

/** Pool positions 0…n−1 in a seeded random order (the same seed and draw give the same order). */
export function randomOrder(n: number, seed: number, draw: number): Uint32Array {
  return permutation(n, seed, streams.data(draw));
}

/**
 * Pool positions sorted by score, highest (hardest) first; ties in seeded random order, NaN
 * scores last. The keep-hardest subset of size k is the first k.
 */
export function rankByScore(scores: Float32Array, seed: number): Uint32Array {
  const tiebreak = new Uint32Array(scores.length);
  randomOrder(scores.length, seed, 0).forEach((pos, rank) => (tiebreak[pos] = rank));
  const key = (i: number) => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  return Uint32Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => key(b) - key(a) || tiebreak[a] - tiebreak[b],
  );
}

/** How many of n examples are kept when the fraction `pruned` is dropped (at least one). */
export function keptCount(n: number, pruned: number): number {
  return Math.max(1, Math.round(n * (1 - pruned)));
}
