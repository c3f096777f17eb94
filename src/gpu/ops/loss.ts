/** Differentiable softmax and losses. */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { scale } from '../kernels/elementwise.ts';
import * as S from '../kernels/softmax.ts';

export function softmax(x: Tensor): Tensor {
  const y = S.softmax(x);
  return record(y, [x], (g) => [S.softmaxGrad(y, g)]);
}

export interface CrossEntropyLoss {
  /** Mean over the batch, [1]; the only output differentiable wrt the logits. */
  loss: Tensor;
  /** [B]; NaN where a label is outside [0, C). */
  perExample: Tensor;
  /** [B]: 1 where the first argmax equals the label. */
  correct: Tensor;
  /** [B, C]; returned so a scope around the forward pass keeps it alive for backward. */
  probs: Tensor;
}

/** Mean softmax cross-entropy of logits [B, C] against u32 labels [B]. */
export function crossEntropy(logits: Tensor, labels: Tensor): CrossEntropyLoss {
  const r = S.softmaxCrossEntropy(logits, labels);
  const rows = logits.shape[0];
  record(r.loss, [logits], (g) => [S.softmaxCrossEntropyGrad(r.probs, labels, 1 / rows, g)]);
  return r;
}

export interface MseLoss {
  /** Mean squared error over all elements, [1]; differentiable wrt pred and target. */
  loss: Tensor;
  /** Mean over each example (row along the first axis), [B]. */
  perExample: Tensor;
}

export function mseLoss(pred: Tensor, target: Tensor): MseLoss {
  const r = S.mse(pred, target);
  record(r.loss, [pred, target], (g) => {
    const gp = S.mseGrad(pred, target, g);
    return [gp, target.requiresGrad ? scale(gp, -1) : null];
  });
  return r;
}
