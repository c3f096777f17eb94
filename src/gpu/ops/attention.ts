/** Differentiable fused attention; layouts and masks as in kernels/attention.ts. */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { attention as attentionKernel, attentionBackward, type AttentionOptions } from '../kernels/attention.ts';

export interface AttentionOpResult {
  out: Tensor;
  /** [B, H, Tq, Tk] when `probs` was set (not differentiated), else null. */
  probs: Tensor | null;
}

/** softmax(scale·q·kᵀ + masks)·v per head, q [B, Tq, H·Dh], k and v [B, Tk, H·Dh]. */
export function attention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  opts: AttentionOptions & { probs?: boolean },
): AttentionOpResult {
  const { out, lse, probs } = attentionKernel(q, k, v, opts);
  record(out, [q, k, v], (g) => {
    const { dq, dk, dv } = attentionBackward(q, k, v, out, lse, g, opts);
    return [q.requiresGrad ? dq : null, k.requiresGrad ? dk : null, v.requiresGrad ? dv : null];
  });
  return { out, probs };
}
