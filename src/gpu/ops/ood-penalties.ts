/**
 * The invariance penalties of out-of-distribution training, composed of differentiable ops on the
 * tape (the gradients come from softmax, mul and the reductions, each already gradient-checked):
 *  - IRM-v1 (Arjovsky et al. 2019): ‖∇_w R_e(w·Φ)|_{w=1}‖² for a scalar dummy classifier w. With
 *    softmax cross-entropy, dR/dw at w = 1 is mean_i Σ_c (softmax(z_i)_c − y_ic)·z_ic, a closed form
 *    in the logits z and one-hot labels y, so no second backward pass is needed.
 *  - V-REx (Krueger et al. 2021): the variance of the per-environment risks.
 */
import type { Tensor } from '../tensor.ts';
import { add, mul, scale, square, sub } from './elementwise.ts';
import { softmax } from './loss.ts';
import { sum } from './reduce.ts';

/** IRM-v1 penalty [1] of logits [n, C] against constant one-hot labels [n, C]. */
export function irmPenalty(logits: Tensor, oneHot: Tensor): Tensor {
  const [n] = logits.shape;
  const slope = scale(sum(mul(sub(softmax(logits), oneHot), logits)), 1 / n);
  return square(slope);
}

/** Population variance [1] of the per-environment risks, each [1]. */
export function riskVariance(risks: Tensor[]): Tensor {
  if (risks.length < 2) throw new Error(`risk variance needs ≥ 2 environments, got ${risks.length}`);
  const k = 1 / risks.length;
  const mean = scale(
    risks.reduce((s, r) => add(s, r)),
    k,
  );
  return scale(
    risks.map((r) => square(sub(r, mean))).reduce((s, t) => add(s, t)),
    k,
  );
}
