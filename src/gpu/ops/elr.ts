/** The differentiable ELR loss (kernels/elr.ts): the batch mean of CE + λ·log(1 − ⟨p, t⟩). */
import { record } from '../autograd.ts';
import { elrForward, elrGrad, type ElrForward, type ElrOptions } from '../kernels/elr.ts';
import { mean } from '../kernels/reduce.ts';
import type { Tensor } from '../tensor.ts';

export interface ElrLoss extends ElrForward {
  /** Mean over the batch, [1]; the only output differentiable wrt the logits. */
  loss: Tensor;
}

/**
 * ELR of logits [B, C] against u32 labels [B]; updates the targets [n, C] of the examples
 * order[offset … offset + B) first (see elrForward).
 */
export function elrLoss(logits: Tensor, labels: Tensor, order: Tensor, targets: Tensor, o: ElrOptions): ElrLoss {
  const f = elrForward(logits, labels, order, targets, o);
  const loss = mean(f.perExample);
  record(loss, [logits], (g) => [elrGrad(f, labels, o.lambda, 1 / logits.shape[0], g)]);
  return { loss, ...f };
}
