/**
 * The kNN-Jaccard similarity of two representations of the same samples (Moschella et al.,
 * 2209.15430, their Jaccard of neighbourhoods): for each sample, the overlap |A ∩ B| / |A ∪ B| of
 * its k nearest neighbours under the first representation (A) and under the second (B). The
 * neighbour lists come from codebook's `topK` over each row's similarities; this kernel drops the
 * sample itself from both lists and scores their overlap, one thread per row.
 */
import code from '../../wgsl/knn_jaccard.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const program = defineProgram({
  name: 'knn-jaccard',
  code,
  entry: 'knn_jaccard',
  workgroupSize: 64,
  bindings: { a: 'read', b: 'read', jac: 'read_write' },
  uniforms: { rows: 'u32' },
  defines: ['K'],
});

/**
 * [rows]: the Jaccard overlap of row r's neighbours in a and in b, both [rows, k + 1] u32 ids best
 * first (top k + 1 of each row's similarities to all rows, so that dropping r itself leaves k).
 */
export function knnJaccardRows(a: Tensor, b: Tensor): Tensor {
  for (const t of [a, b]) {
    t.assertLive();
    if (t.dtype !== 'u32' || t.rank !== 2 || t.shape[1] < 2)
      throw new Error(`knnJaccardRows takes u32 [rows, k + 1] neighbour ids with k ≥ 1, got ${t.dtype} [${t.shape}]`);
  }
  if (a.shape.join() !== b.shape.join()) throw new Error(`knnJaccardRows: [${a.shape}] vs [${b.shape}]`);
  const [rows, m] = a.shape;
  const jac = a.ctx.empty([rows]);
  if (rows > 0)
    program.run(a.ctx, { bindings: { a, b, jac }, uniforms: { rows }, defines: { K: m - 1 }, threads: rows });
  return jac;
}
