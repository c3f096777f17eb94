/**
 * How alike two networks' codes of the same inputs are, on the GPU: the mean cosine between the
 * two codes of each input (needs the same coordinates in both: high for relative codes, which share
 * their anchors, near 0 for absolute latents of two seeds), linear CKA (Kornblith et al. 2019),
 * which forgives any rotation and so is high for both when the latent spaces are isometric, and the
 * paper's kNN-Jaccard of cross-space retrieval, which, like the cosine, needs shared coordinates.
 */
import { binary, mul } from '../../gpu/kernels/elementwise.ts';
import { inverseRowNorms } from '../../gpu/kernels/anchor-cosine.ts';
import { normalizeRows, topK } from '../../gpu/kernels/codebook.ts';
import { knnJaccardRows } from '../../gpu/kernels/knn-jaccard.ts';
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

/** The paper's neighbourhood size for kNN-Jaccard. */
export const KNN_K = 10;

/** [rows, k] u32: for each row of query, the k rows of keys (unit rows) most cosine-similar to it, best first. */
function cosineNeighbours(query: Tensor, unitKeys: Tensor, k: number): Tensor {
  return topK(matmul(normalizeRows(query), unitKeys, { transB: true }), k).ids;
}

/**
 * [1]: the paper's kNN-Jaccard of space x [N, C] to space y [N, C] (Moschella et al., Table 1):
 * for each sample i, the k samples of y nearest (cosine) to x_i — retrieval across the spaces,
 * x · yᵀ — against the k samples of y nearest to y_i — y · yᵀ; mean over i of |A ∩ B| / |A ∪ B|.
 * Sample i stays in both lists: in y's own list it is (barring duplicates) first, and in the
 * cross-space list it is the correct retrieval, so finding it counts; dropping it from only one
 * list would turn a correct retrieval into a miss. Codes in unrelated bases (absolute latents of
 * two seeds) retrieve at chance, about k / N; 1 when x and y are equal up to a scale.
 */
export function knnJaccard(x: Tensor, y: Tensor, k = KNN_K): Tensor {
  if (x.shape.join() !== y.shape.join()) throw new Error(`knnJaccard: [${x.shape}] vs [${y.shape}]`);
  const unitY = normalizeRows(y);
  return mean(knnJaccardRows(cosineNeighbours(x, unitY, k), cosineNeighbours(unitY, unitY, k)));
}
