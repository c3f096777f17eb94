/**
 * Edge-popup supermasks (Ramanujan et al. 2020, "What's hidden in a randomly weighted neural
 * network?"): a frozen weight w is used through the mask of its `keep` highest-|score| entries,
 * and the scores learn by the straight-through estimator — the mask's step function of |s| is
 * treated as the identity of |s|, so dL/ds = dL/dW_eff ⊙ w ⊙ sign(s) for every entry, kept or not
 * (that is what lets a dropped edge "pop" back in; the sign is |s|'s derivative, as in the
 * paper's code, which ranks scores.abs()). Built from the radix select and threshold kernels.
 */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { mul, unaryGrad } from '../kernels/elementwise.ts';
import { kthLargestAbs, thresholdMask } from '../kernels/select.ts';

/** 0/1 mask of the `keep` largest |scores| (ties at the threshold are all kept, see select.ts). */
export function topScoreMask(scores: Tensor, keep: number): Tensor {
  if (keep >= scores.size) return scores.ctx.scope(() => thresholdMask(scores, scores.ctx.tensor([0], [1])));
  return scores.ctx.scope(() => thresholdMask(scores, kthLargestAbs([scores], keep)));
}

/** W_eff = w ⊙ topScoreMask(scores, keep), differentiable in both (straight-through for scores). */
export function supermaskWeight(w: Tensor, scores: Tensor, keep: number): Tensor {
  if (w.size !== scores.size)
    throw new Error(`supermaskWeight: scores [${scores.shape}] do not fit weight [${w.shape}]`);
  if (!(Number.isInteger(keep) && keep >= 1))
    throw new Error(`supermaskWeight: keep must be a positive integer, got ${keep}`);
  const mask = topScoreMask(scores, keep);
  const out = mul(w, mask);
  return record(out, [w, scores], (g) => [
    w.requiresGrad ? mul(g, mask) : null,
    scores.requiresGrad ? scoreGrad(g, w, scores) : null,
  ]);
}

/** g ⊙ w ⊙ sign(s): abs's gradient kernel applied to g ⊙ w. */
function scoreGrad(g: Tensor, w: Tensor, scores: Tensor): Tensor {
  return g.ctx.scope(() => unaryGrad('abs', scores, scores, mul(g, w)));
}
