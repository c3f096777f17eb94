/**
 * Seeded subset samplers over a scored pool of examples: keep the hardest (highest-scoring) part
 * by a score, or a uniformly random part of the same size (the control), or draw a fresh random
 * part every epoch (RS2). All are deterministic in (scores, seed, epoch), and ties in the score
 * are broken by a seeded permutation, not by position.
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

/**
 * The pool positions each epoch of a training takes, in the order it takes them: the loader
 * uploads one epoch's order as an index buffer and gathers every batch from it on the GPU, so
 * sampling reads nothing back.
 */
export interface EpochSampler {
  /** Examples per epoch. */
  readonly size: number;
  order(epoch: number): Uint32Array;
}

/** A fixed subset (pool positions), reshuffled every epoch by (seed, epoch) as a whole split is. */
export function staticSampler(kept: Uint32Array, seed: number): EpochSampler {
  return {
    size: kept.length,
    order: (epoch) => permutation(kept.length, seed, streams.shuffle(epoch)).map((i) => kept[i]),
  };
}

/**
 * RS2 without replacement (Okanovic et al. 2023): every epoch trains on a fresh uniformly random
 * `size` of the n pool positions, and no example comes back before all have been seen. The
 * epochs of a round of ⌊n/size⌋ take disjoint slices of one permutation of the pool, drawn from
 * the counter-based stream of (seed, round), so any epoch's subset is computed without the ones
 * before it; the n mod size positions left over in a round wait for a later round.
 */
export function repeatedRandomSampler(n: number, size: number, seed: number): EpochSampler {
  if (!(Number.isInteger(size) && size >= 1 && size <= n))
    throw new Error(`RS2 draws between 1 and ${n} examples per epoch, not ${size}`);
  const perRound = Math.floor(n / size);
  let cached: { round: number; order: Uint32Array } | null = null;
  return {
    size,
    order: (epoch) => {
      const round = Math.floor(epoch / perRound);
      if (cached?.round !== round) cached = { round, order: permutation(n, seed, streams.subset(round)) };
      const at = (epoch % perRound) * size;
      // A uniformly random permutation's slice is a uniformly random subset in random order: no second shuffle.
      return cached.order.slice(at, at + size);
    },
  };
}
