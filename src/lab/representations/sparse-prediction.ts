/**
 * One-to-many alignment of two networks' layers (Li et al. 2015, section 4): every unit of net B
 * predicted from ALL units of net A by an L1-penalized linear map, a lasso per unit of B,
 *   min_w ‖Za·w − z_b‖² + λ‖w‖₁  on standardized (centred, unit-norm) activations,
 * so ‖Za·w − z_b‖² is the share of the unit's variance left unexplained. The map is fitted on the
 * first half of the probe rows (FISTA on the GPU, lasso.ts) and scored on the second half; the
 * paper's question is how few of A's units it takes to predict a unit of B as well as all do.
 * The one-to-one matching, as a map with one weight per unit of B (its least-squares coefficient
 * on its Hungarian partner), is scored the same way, so the two errors are comparable.
 */
import { standardizeColumns } from '../../gpu/kernels/correlation.ts';
import { axpby, mul } from '../../gpu/kernels/elementwise.ts';
import { lassoPath } from '../../gpu/kernels/lasso.ts';
import { matmul } from '../../gpu/kernels/matmul.ts';
import { sum } from '../../gpu/kernels/reduce.ts';
import type { GpuContext } from '../../gpu/context.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import type { Matching } from './matching.ts';
import { rowsAt } from './rows.ts';

export interface SparsePoint {
  lambda: number;
  /** Mean held-out normalized squared error over B's live units (1: no better than predicting the mean). */
  error: number;
  /** Mean number of nonzero weights per predicted unit of B. */
  nonzeros: number;
}

export interface SparsePrediction {
  /** One point per λ, in the order asked (descending λ). */
  path: SparsePoint[];
  /** The one-to-one matching scored as a map, when a matching was given. */
  oneToOne: SparsePoint | null;
}

export interface SparseOptions {
  /** Descending L1 penalties. */
  lambdas: readonly number[];
  /** FISTA steps per λ. */
  iterations: number;
  /** A's units matched to B's (partner[i]: the unit of B matched to unit i of A), to score as a one-weight map. */
  matching?: Matching;
}

/** Mean over B's live held-out units (den 1; a dead unit's standardized column is 0) of the error and of the nonzeros. */
async function scoreMap(w: Tensor, errors: Tensor, live: Float32Array, lambda: number): Promise<SparsePoint> {
  const [p, q] = w.shape;
  const [wv, ev] = [await w.read(), await errors.read()];
  let [units, error, nonzeros] = [0, 0, 0];
  for (let j = 0; j < q; j++) {
    if (live[j] < 0.5) continue;
    units += 1;
    error += ev[j];
    for (let i = 0; i < p; i++) if (wv[i * q + j] !== 0) nonzeros += 1;
  }
  return { lambda, error: units ? error / units : NaN, nonzeros: units ? nonzeros / units : NaN };
}

/** Per unit of B: ‖Za₂·W − Zb₂‖² over the held-out rows, [q]. */
function heldOutErrors(za2: Tensor, zb2: Tensor, w: Tensor): Tensor {
  const residual = axpby(1, matmul(za2, w), -1, zb2);
  return sum(mul(residual, residual), 0);
}

/** The one-to-one matching as a map: W[i, partner(i)] = C[i, partner(i)], the single-unit least-squares weight. */
function matchedMap(gpu: GpuContext, c: Float32Array, p: number, q: number, m: Matching): Tensor {
  const w = new Float32Array(p * q);
  m.partner.forEach((j, i) => {
    if (j >= 0) w[i * q + j] = c[i * q + j];
  });
  return gpu.tensor(w, [p, q]);
}

/** Lasso maps from xa [n, p] to xb [n, q] (the same n probe rows), fitted on rows [0, n/2), scored on the rest. */
export async function sparsePrediction(
  gpu: GpuContext,
  xa: Tensor,
  xb: Tensor,
  o: SparseOptions,
): Promise<SparsePrediction> {
  const n = xa.shape[0];
  const [p, q] = [xa.shape[1], xb.shape[1]];
  const h = Math.floor(n / 2);
  const t = gpu.scope(() => {
    const za1 = standardizeColumns(rowsAt(gpu, xa, 0, h)).z;
    const zb1 = standardizeColumns(rowsAt(gpu, xb, 0, h)).z;
    const zb2 = standardizeColumns(rowsAt(gpu, xb, h, n - h)).z;
    return {
      g: matmul(za1, za1, { transA: true }),
      c: matmul(za1, zb1, { transA: true }),
      za2: standardizeColumns(rowsAt(gpu, xa, h, n - h)).z,
      zb2,
      live: sum(mul(zb2, zb2), 0),
    };
  });
  const maps: Tensor[] = [];
  try {
    maps.push(...(await lassoPath(t.g, t.c, o.lambdas, { iterations: o.iterations })));
    const live = (await t.live.read()) as Float32Array;
    const score = async (w: Tensor, lambda: number) => {
      const errors = gpu.scope(() => heldOutErrors(t.za2, t.zb2, w));
      try {
        return await scoreMap(w, errors, live, lambda);
      } finally {
        errors.dispose();
      }
    };
    const path: SparsePoint[] = [];
    for (const [k, w] of maps.entries()) path.push(await score(w, o.lambdas[k]));
    let oneToOne: SparsePoint | null = null;
    if (o.matching) {
      const w = matchedMap(gpu, (await t.c.read()) as Float32Array, p, q, o.matching);
      maps.push(w);
      oneToOne = await score(w, NaN);
    }
    return { path, oneToOne };
  } finally {
    for (const w of maps) w.dispose();
    for (const x of Object.values(t)) x.dispose();
  }
}
