/**
 * ColoredMNIST environments (Arjovsky et al. 2019, as used by Bonsai / RFC, Zhang et al. 2203.15516):
 * the label is "digit ≥ 5" flipped with probability 0.25, so the shape predicts it at best 75 %; the
 * colour (red or green channel) equals the noisy label except with the environment's colour-flip
 * probability, so in the training environments colour predicts better than shape (90 %, 80 %) and
 * in the test environment (flip 0.9) it is reversed. A model that learned colour fails there.
 * Images are 2 × pooled to 14 × 14 as in the original, stored HWC with channels (red, green).
 * Every draw is a Philox stream of the seed: the same digits, probabilities and seed give the same
 * environments on any machine.
 */
import { bernoulliArray } from '../../gpu/rng.ts';
import { streams } from '../../gpu/streams.ts';
import type { Split } from '../datasets.ts';

/** Label noise of the original construction: shape alone reaches at most 75 %. */
export const LABEL_NOISE = 0.25;
/** Data streams of the two draws per environment (label flip, colour flip), clear of other draws. */
const STREAM_BASE = 500;

export interface Environment {
  /** Probability that the colour disagrees with the (noisy) label. */
  colorFlip: number;
  /** [n, side, side, 2] HWC, red then green, in [0, 1]. */
  x: Float32Array;
  /** Noisy binary labels: 1 for digits ≥ 5 unless flipped. */
  labels: Uint32Array;
  /** 0 red, 1 green: the channel the digit is drawn in. */
  colors: Uint8Array;
  /** The digits' true classes (before the binary map and the noise). */
  digits: Uint8Array;
}

export interface ColoredMnistOptions {
  /** Side of the 28 × 28 source after pooling: 14 (2 × 2 mean pooling) or 28. */
  side: 14 | 28;
  seed: number;
}

/** Values per image: side² pixels × 2 channels. */
export const imageSize = (side: number): number => side * side * 2;

/**
 * One environment from the MNIST images at `indices` (28 × 28 × 1) with colour-flip probability
 * `colorFlip`; `env` numbers the environment so that environments of one seed draw apart.
 */
export function coloredEnvironment(
  split: Split,
  indices: ArrayLike<number>,
  colorFlip: number,
  env: number,
  o: ColoredMnistOptions,
): Environment {
  if (!(colorFlip >= 0 && colorFlip <= 1))
    throw new Error(`colour-flip probability must be in [0, 1], got ${colorFlip}`);
  if (o.side !== 14 && o.side !== 28) throw new Error(`ColoredMNIST side must be 14 or 28, got ${o.side}`);
  if (split.images.length !== split.count * 784) throw new Error('ColoredMNIST needs 28 × 28 grey MNIST images');
  const n = indices.length;
  const labelFlip = bernoulliArray(n, { seed: o.seed, stream: streams.data(STREAM_BASE + 2 * env), p: LABEL_NOISE });
  const colourFlip = bernoulliArray(n, { seed: o.seed, stream: streams.data(STREAM_BASE + 2 * env + 1), p: colorFlip });
  const side = o.side;
  const pool = 28 / side;
  const size = imageSize(side);
  const x = new Float32Array(n * size);
  const labels = new Uint32Array(n);
  const colors = new Uint8Array(n);
  const digits = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k];
    if (!(i >= 0 && i < split.count)) throw new Error(`ColoredMNIST: index ${i} is not in 0..${split.count - 1}`);
    digits[k] = split.labels[i];
    labels[k] = (digits[k] >= 5 ? 1 : 0) ^ labelFlip[k];
    colors[k] = labels[k] ^ colourFlip[k];
    const src = split.images.subarray(i * 784, (i + 1) * 784);
    for (let r = 0; r < side; r++)
      for (let c = 0; c < side; c++) {
        let s = 0;
        for (let dr = 0; dr < pool; dr++)
          for (let dc = 0; dc < pool; dc++) s += src[(r * pool + dr) * 28 + c * pool + dc];
        x[k * size + (r * side + c) * 2 + colors[k]] = s / (255 * pool * pool);
      }
  }
  return { colorFlip, x, labels, colors, digits };
}

/** Fraction of examples whose colour equals the label: about 1 − colorFlip. */
export function colorAgreement(e: Environment): number {
  let same = 0;
  for (let k = 0; k < e.labels.length; k++) same += e.colors[k] === e.labels[k] ? 1 : 0;
  return same / e.labels.length;
}
