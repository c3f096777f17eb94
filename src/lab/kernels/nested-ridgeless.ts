/**
 * Learning curves of (near-)ridgeless kernel regression from ONE Cholesky factorization: the
 * test error of the predictor trained on the first n points of a pool, for every n of a list.
 *
 * Why it works: order the points [pool; test] and factor K = L·Lᵀ. For the first n pool points,
 * K_nn = L_n·L_nᵀ (L_n the leading block) and K_*n = L_*,:n·L_nᵀ, so the prediction at a test point
 * is K_*n·K_nn⁻¹·y_n = L_*,:n·(L_n⁻¹·y_n) = Σ_{k<n} L_*k·z_k with z = L_pool⁻¹·y_pool, and
 * forward substitution is nested: z's first n entries are L_n⁻¹·y_n. z itself comes out of the same
 * factorization: each target vector is appended to the matrix as an extra row (its pool values,
 * zeros, and a diagonal large enough to stay positive), and that row of L is zᵀ. Predictions for all
 * n are then one matmul of the test rows of L with z masked to each n.
 */
import { choleskyInPlace } from '../../gpu/kernels/cholesky.ts';
import { matmul } from '../../gpu/kernels/matmul.ts';
import type { GpuContext } from '../../gpu/context.ts';
import type { Tensor } from '../../gpu/tensor.ts';

export interface NestedRidgelessInput {
  pool: number;
  test: number;
  /**
   * Writes K + ridge·I of the pool+test points (pool first) into the top-left (pool + test)² block
   * of `out`, whose rows are `ld` long. The rest of `out` must be left as it is.
   */
  gram: (out: Tensor, ld: number) => void;
  /** The ridge that `gram` adds on the diagonal (bounds yᵀK⁻¹y for the extra rows' diagonal). */
  ridge: number;
  /** Target vectors at the pool+test points, [pool + test] each (pool first). */
  targets: readonly Tensor[];
  /** Training-set sizes, each in 1…pool. */
  sizes: readonly number[];
}

/** Mean squared test error per target (outer) and training-set size (inner). */
export async function nestedRidgelessErrors(gpu: GpuContext, inp: NestedRidgelessInput): Promise<number[][]> {
  const { pool, test, targets, sizes } = inp;
  const n0 = pool + test;
  const m = targets.length;
  const ld = n0 + m;
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > pool))
    throw new Error(`nestedRidgelessErrors: sizes ${sizes.join(', ')} must lie in 1…${pool}`);
  const ys = await Promise.all(targets.map((t) => t.read()));
  const a = gpu.empty([ld, ld]);
  try {
    inp.gram(a, ld);
    // The extra rows: pool values, zeros, and a diagonal above ‖z‖² = yᵀK⁻¹y ≤ ‖y‖²/ridge, so that
    // their pivots stay positive and info flags only a failure inside the pool+test block.
    const rows = new Float32Array(m * ld);
    for (const [j, y] of ys.entries()) {
      let yy = 0;
      for (let k = 0; k < pool; k++) yy += y[k] * y[k];
      rows.set(y.subarray(0, pool), j * ld);
      rows[j * ld + n0 + j] = 1 + yy / inp.ridge;
    }
    const info = gpu.tensor(new Uint32Array(1), [1], 'u32');
    gpu.scope(() => gpu.copy(gpu.tensor(rows, [m, ld]), a, rows.byteLength, 0, n0 * ld * 4));
    choleskyInPlace(a, info);
    const flag = (await info.read())[0];
    info.dispose();
    if (flag !== 0 && flag <= n0)
      throw new Error(
        `nestedRidgelessErrors: the Gram matrix is not positive definite in float32 (pivot ${flag - 1}); raise the ridge`,
      );
    const zRows = gpu.empty([m, ld]);
    gpu.copy(a, zRows, m * ld * 4, n0 * ld * 4);
    const z = await zRows.read();
    zRows.dispose();
    // z masked to each n: column s·m + j holds target j's z on rows k < sizes[s].
    const cols = sizes.length * m;
    const mask = new Float32Array(ld * cols);
    for (const [s, n] of sizes.entries())
      for (let j = 0; j < m; j++) for (let k = 0; k < n; k++) mask[k * cols + s * m + j] = z[j * ld + k];
    const pred = gpu.scope(() => {
      const testRows = gpu.empty([test, ld]);
      gpu.copy(a, testRows, test * ld * 4, pool * ld * 4);
      return matmul(testRows, gpu.tensor(mask, [ld, cols]));
    });
    const p = await pred.read();
    pred.dispose();
    return ys.map((y, j) =>
      sizes.map((_, s) => {
        let se = 0;
        for (let t = 0; t < test; t++) se += (y[pool + t] - p[t * cols + s * m + j]) ** 2;
        return se / test;
      }),
    );
  } finally {
    a.dispose();
  }
}
