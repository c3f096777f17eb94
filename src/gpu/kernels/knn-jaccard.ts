/**
 * The per-row overlap behind the kNN-Jaccard similarity of two latent spaces (Moschella et al.,
 * 2209.15430, their Jaccard of cross-space retrieval; see src/lab/representations/code-similarity.ts
 * `knnJaccard`): for each sample, |A ∩ B| / |A ∪ B| of two lists of k ids, one thread per row. The
 * lists come from codebook's `topK`; every id counts, the sample's own included.
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

/** [rows]: the Jaccard overlap of row r's ids in a and in b, both [rows, k] u32, k distinct ids per row. */
export function knnJaccardRows(a: Tensor, b: Tensor): Tensor {
  for (const t of [a, b]) {
    t.assertLive();
    if (t.dtype !== 'u32' || t.rank !== 2 || t.shape[1] < 1)
      throw new Error(`knnJaccardRows takes u32 [rows, k] neighbour ids with k ≥ 1, got ${t.dtype} [${t.shape}]`);
  }
  if (a.shape.join() !== b.shape.join()) throw new Error(`knnJaccardRows: [${a.shape}] vs [${b.shape}]`);
  const [rows, k] = a.shape;
  const jac = a.ctx.empty([rows]);
  if (rows > 0) program.run(a.ctx, { bindings: { a, b, jac }, uniforms: { rows }, defines: { K: k }, threads: rows });
  return jac;
}
