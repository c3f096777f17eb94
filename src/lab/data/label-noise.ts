/**
 * Label-noise injection with a record of what was flipped, for the label-noise experiments (ELR,
 * noisy-example detection): symmetric noise at rate p flips exactly round(p·n) labels, chosen by a
 * seeded permutation, each to a class drawn uniformly from the other C − 1. A "flip" that could
 * keep the true class would make the noisy set smaller than p·n and blur the memorization measure
 * (predicted = noisy label and = true label would coincide), so a flip always changes the label.
 * Both draws come from Philox streams (counter-based): the same labels, rate and seed give the same
 * noise on any machine.
 */
import { bitsArray } from '../../gpu/rng.ts';
import { streams } from '../../gpu/streams.ts';
import { permutation } from '../loader.ts';
import type { Split } from '../datasets.ts';

/** The data streams of the two draws (which examples, which wrong class), clear of the subsets' draws. */
const WHICH = 64;
const WHERE_TO = 65;

export interface LabelNoise {
  /** The training labels: the true label, or the wrong one for a flipped example. */
  labels: Uint32Array;
  /** The true labels, as given. */
  truth: Uint32Array;
  /** Positions of the flipped examples, ascending. */
  flipped: Uint32Array;
}

/** Symmetric noise at `rate` ∈ [0, 1] over `labels` in [0, classes), with classes ≥ 2. */
export function symmetricNoise(labels: Uint32Array, classes: number, rate: number, seed: number): LabelNoise {
  if (!(rate >= 0 && rate <= 1)) throw new Error(`label-noise rate must be in [0, 1], got ${rate}`);
  if (!(Number.isInteger(classes) && classes >= 2)) throw new Error(`label noise needs ≥ 2 classes, got ${classes}`);
  const n = labels.length;
  const flipped = permutation(n, seed, streams.data(WHICH))
    .slice(0, Math.round(rate * n))
    .sort();
  const shift = bitsArray(flipped.length, { seed, stream: streams.data(WHERE_TO) });
  const noisy = labels.slice();
  flipped.forEach((i, k) => {
    if (labels[i] >= classes) throw new Error(`label ${labels[i]} at ${i} is not in 0..${classes - 1}`);
    // A shift of 1 … C − 1 classes, uniform: every other class equally likely.
    noisy[i] = (labels[i] + 1 + Math.floor((shift[k] / 2 ** 32) * (classes - 1))) % classes;
  });
  return { labels: noisy, truth: labels.slice(), flipped };
}

/** `split` with the labels of the examples at `indices` replaced by `labels` (images shared, not copied). */
export function relabeled(split: Split, indices: ArrayLike<number>, labels: Uint32Array): Split {
  const out = split.labels.slice();
  for (let k = 0; k < indices.length; k++) out[indices[k]] = labels[k];
  return { ...split, labels: out };
}
