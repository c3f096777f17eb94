/** Differentiable spatial attention maps (kernels/spatial-attention.ts): [B, H, W, C] → [B, H·W]. */
import { record } from '../autograd.ts';
import { spatialAttention as forwardKernel, spatialAttentionGrad } from '../kernels/spatial-attention.ts';
import type { Tensor } from '../tensor.ts';

export function spatialAttention(h: Tensor, p: number): Tensor {
  const forward = forwardKernel(h, p);
  // The norms live as long as the tape needs them: until the scope that made the maps ends.
  return record(forward.maps, [h], (g) => [spatialAttentionGrad(h, forward, g, p)]);
}
