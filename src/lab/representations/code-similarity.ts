/**
 * How alike two networks' codes of the same inputs are, on the GPU: the mean cosine between the
 * two codes of each input (needs the same coordinates in both: high for relative codes, which share
 * their anchors, near 0 for absolute latents of two seeds), and linear CKA (Kornblith et al. 2019),
 * which forgives any rotation and so is high for both when the latent spaces are isometric.
 */
import { binary, mul } from '../../gpu/kernels/elementwise.ts';
import { inverseRowNorms } from '../../gpu/kernels/anchor-cosine.ts';
import { matmul } from '../../gpu/kernels/matmul.ts';
import { mean, norm2, sum } from '../../gpu/kernels/reduce.ts';
import type { Tensor } from '../../gpu/tensor.ts';

/** [1]: mean over rows of cos(x_i, y_i), for x and y [N, C]. */
export function meanRowCosine(x: Tensor, y: Tensor): Tensor {
  if (x.shape.join() !== y.shape.join()) throw new Error(`meanRowCosine: [${x.shape}] vs [${y.shape}]`);
  return mean(mul(mul(sum(mul(x, y), 1), inverseRowNorms(x)), inverseRowNorms(y)));
}

/** [3]: ‖XᵀY‖_F, ‖XᵀX‖_F, ‖YᵀY‖_F of the column-centred x [N, C1] and y [N, C2]; CKA = a²/(b·c). */
export function linearCkaParts(x: Tensor, y: Tensor): Tensor {
  const ctx = x.ctx;
  const xc = binary('sub', x, mean(x, 0));
  const yc = binary('sub', y, mean(y, 0));
  const parts = [
    norm2(matmul(xc, yc, { transA: true })),
    norm2(matmul(xc, xc, { transA: true })),
    norm2(matmul(yc, yc, { transA: true })),
  ];
  const out = ctx.empty([3]);
  parts.forEach((t, k) => ctx.copy(t, out, 4, 0, 4 * k));
  return out;
}

export const ckaOf = (parts: ArrayLike<number>): number => parts[0] ** 2 / (parts[1] * parts[2]);
