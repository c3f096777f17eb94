/**
 * One layer of two networks compared unit by unit (Li et al. 2015, "Convergent learning"): the
 * unit–unit correlation matrix over a probe set (GPU), one-to-one and semi-matching of the units
 * on it (CPU, matching.ts), and how well the layer of net A predicts each unit of net B linearly
 * from all of A's units at once (a ridge regression fitted on one half of the probe rows and
 * scored on the other, GPU): the subspace similarity that a unit basis need not share.
 */
import { correlation, standardizeColumns } from '../../gpu/kernels/correlation.ts';
import { ridgeSolve } from '../../gpu/kernels/cholesky.ts';
import { embeddingLookup } from '../../gpu/kernels/embedding.ts';
import { matmul } from '../../gpu/kernels/matmul.ts';
import type { GpuContext } from '../../gpu/context.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import { hungarianMatch, semiMatch, type Matching } from './matching.ts';
import { rowsAt } from './rows.ts';

export interface LayerComparison {
  p: number;
  q: number;
  /** [p, q] row-major: r[i, j] = corr(unit i of A, unit j of B) over the probe rows. */
  r: Float32Array;
  oneToOne: Matching;
  semi: Matching;
  /** Units that vary over the probe set (a dead unit's correlations are all 0). */
  liveA: Uint8Array;
  liveB: Uint8Array;
  /** Per unit of B: held-out correlation of its ridge prediction from all of A's units; null if not asked. */
  predicted: Float64Array | null;
}

export interface CompareOptions {
  /** Ridge λ of the prediction of B's units from A's, on correlation-scaled inputs (K has unit diagonal). */
  ridge: number | null;
}

/** Units whose row (or column) of r is not all zeros: the kernel writes zeros for constant units. */
function liveUnits(r: Float32Array, p: number, q: number, byRow: boolean): Uint8Array {
  const n = byRow ? p : q;
  const live = new Uint8Array(n);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) if (r[i * q + j] !== 0) live[byRow ? i : j] = 1;
  return live;
}

/**
 * Per unit of B, the correlation on rows [h, n) of its prediction Za₂·W, with W the ridge solution
 * (Za₁ᵀZa₁ + λI)·W = Za₁ᵀZb₁ on rows [0, h): the one-to-many alignment of the paper, made linear.
 */
function predictionCorrelation(gpu: GpuContext, xa: Tensor, xb: Tensor, ridge: number): { diag: Tensor; info: Tensor } {
  const n = xa.shape[0];
  const h = Math.floor(n / 2);
  const za1 = standardizeColumns(rowsAt(gpu, xa, 0, h)).z;
  const zb1 = standardizeColumns(rowsAt(gpu, xb, 0, h)).z;
  const { alphas, info } = ridgeSolve(matmul(za1, za1, { transA: true }), matmul(za1, zb1, { transA: true }), [ridge]);
  const predicted = matmul(standardizeColumns(rowsAt(gpu, xa, h, n - h)).z, alphas[0]);
  // The full q×q matrix for its diagonal: q² instead of q dot products, nothing at these widths.
  return { diag: correlation(predicted, rowsAt(gpu, xb, h, n - h)), info };
}

/** Compares layer activations xa [n, p] and xb [n, q] of the same n probe rows. */
export async function compareLayer(
  gpu: GpuContext,
  xa: Tensor,
  xb: Tensor,
  o: CompareOptions,
): Promise<LayerComparison> {
  const [p, q] = [xa.shape[1], xb.shape[1]];
  const t = gpu.scope(() => ({
    r: correlation(xa, xb),
    ...(o.ridge === null ? {} : predictionCorrelation(gpu, xa, xb, o.ridge)),
  }));
  try {
    const r = (await t.r.read()) as Float32Array;
    const liveA = liveUnits(r, p, q, true);
    const liveB = liveUnits(r, p, q, false);
    let predicted: Float64Array | null = null;
    if (t.diag && t.info) {
      const info = await t.info.read();
      if (info[0] !== 0) throw new Error(`the ridge prediction's system was not positive definite: raise λ`);
      const c = await t.diag.read();
      predicted = Float64Array.from({ length: q }, (_, j) => (liveB[j] ? c[j * q + j] : NaN));
    }
    return { p, q, r, oneToOne: hungarianMatch(r, p, q), semi: semiMatch(r, p, q), liveA, liveB, predicted };
  } finally {
    for (const x of Object.values(t)) x?.dispose();
  }
}

/** x's rows in a seeded random order: the shuffled-probe control, whose correlations are chance's. */
export function shuffledRows(x: Tensor, order: Uint32Array): Tensor {
  if (order.length !== x.shape[0]) throw new Error(`shuffledRows: ${order.length} indices for ${x.shape[0]} rows`);
  return embeddingLookup(x, x.ctx.tensor(order, [order.length], 'u32'));
}

export interface MatchSummary {
  /** Mean matched r over pairs of live units. */
  mean: number;
  /** Share of live units of A with matched r ≥ 0.9 (the catalogue's "reliably learned"). */
  high: number;
  /** Share with matched r ≤ 0.5. */
  low: number;
  /** Live units of A. */
  live: number;
}

export const HIGH_R = 0.9;
export const LOW_R = 0.5;

export function summarizeMatching(c: LayerComparison, m: Matching): MatchSummary {
  const rs: number[] = [];
  m.partner.forEach((j, i) => {
    if (j >= 0 && c.liveA[i] && c.liveB[j]) rs.push(m.r[i]);
  });
  const n = rs.length;
  return {
    mean: n ? rs.reduce((a, b) => a + b, 0) / n : NaN,
    high: n ? rs.filter((v) => v >= HIGH_R).length / n : NaN,
    low: n ? rs.filter((v) => v <= LOW_R).length / n : NaN,
    live: n,
  };
}

/** Mean held-out prediction correlation over B's live units. */
export function meanPredicted(c: LayerComparison): number {
  const v = [...(c.predicted ?? [])].filter((x) => !Number.isNaN(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
}
