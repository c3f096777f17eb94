/** Differentiable cosine-to-anchors (kernels/anchor-cosine.ts): gradients reach the latent and the anchors. */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { anchorCosineBackward, anchorCosineForward } from '../kernels/anchor-cosine.ts';

/** [B, K] relative codes cos(z_b, a_k) of latents z [B, D] against anchor latents a [K, D]. */
export function anchorCosine(z: Tensor, anchors: Tensor): Tensor {
  const f = anchorCosineForward(z, anchors);
  return record(f.sim, [z, anchors], (g) => [
    z.requiresGrad ? anchorCosineBackward(z, anchors, f, g, 'latent') : null,
    anchors.requiresGrad ? anchorCosineBackward(z, anchors, f, g, 'anchors') : null,
  ]);
}
