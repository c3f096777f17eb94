/**
 * How well a per-example score finds the flipped labels of a noisy pool (Data Diet's noisy-example
 * detection): the AUROC of the score as a detector, and a random-score control. Computed on the
 * CPU from the scores the run already read back once to rank the pool: a sort of a few thousand
 * numbers, far below a kernel launch's worth of work, and never inside a training step.
 */
import { uniformArray } from '../../gpu/rng.ts';
import { streams } from '../../gpu/streams.ts';

/** The data stream of the control's random scores, clear of the subsets' and the noise's draws. */
const CONTROL = 66;

/**
 * P(score of a flipped example > score of a clean one), ties counting half: the Mann–Whitney U
 * over average ranks, divided by (flipped × clean). NaN when either group is empty.
 */
export function detectionAuroc(scores: ArrayLike<number>, flipped: ArrayLike<number>): number {
  const n = scores.length;
  const positive = new Uint8Array(n);
  for (let k = 0; k < flipped.length; k++) positive[flipped[k]] = 1;
  const pos = positive.reduce((a, b) => a + b, 0);
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  for (let lo = 0; lo < n;) {
    let hi = lo + 1;
    while (hi < n && scores[order[hi]] === scores[order[lo]]) hi++;
    // Ranks lo+1 … hi shared by the tie: each gets their mean.
    const rank = (lo + 1 + hi) / 2;
    for (let k = lo; k < hi; k++) if (positive[order[k]]) rankSum += rank;
    lo = hi;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Seeded uniform scores for `n` examples: the detector that knows nothing, AUROC ≈ 0.5. */
export const randomScores = (n: number, seed: number): Float32Array =>
  uniformArray(n, { seed, stream: streams.data(CONTROL) });
