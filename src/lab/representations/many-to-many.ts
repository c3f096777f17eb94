/**
 * Many-to-many alignment of two networks' layers (Li et al. 2015, section 5): the units of BOTH
 * nets are clustered together by spectral clustering (Ng, Jordan & Weiss 2001) on the affinity
 * |corr| between every two units, within and across the nets. If the nets learn the same
 * subspaces but not the same units, the clusters hold units of both nets, and units of A and B
 * in one cluster correlate more than units in different clusters.
 *
 * Where each step runs, and why:
 * - the correlation blocks AᵀA, BᵀB come from the GPU (A–B is the comparison's r, already read);
 *   the normalized affinity M = D^-1/2·|W|·D^-1/2 is assembled on the CPU, once per layer, O((p+q)²),
 *   and uploaded: an elementwise pass over a 256×256 matrix at the default widths;
 * - its top-k eigenvectors by subspace iteration: the matmuls on the GPU, POWER_STEPS of them
 *   between readbacks, then a modified Gram–Schmidt QR on the CPU (float64, (p+q)·k² flops for
 *   k ≤ 16 columns: less than one of the matmuls, and a tiny readback);
 * - k-means on the eigenvectors' rows on the GPU (kmeans.ts), fixed rounds, seeded start.
 */
import { kmeans } from '../../gpu/kernels/kmeans.ts';
import { standardizeColumns } from '../../gpu/kernels/correlation.ts';
import { embeddingLookup } from '../../gpu/kernels/embedding.ts';
import { matmul } from '../../gpu/kernels/matmul.ts';
import { randomNormal } from '../../gpu/kernels/random.ts';
import type { GpuContext } from '../../gpu/context.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import { permutation } from '../loader.ts';

/** Matmuls between two re-orthonormalizations: (M+I)/2's kept eigenvalues stay within a float32 range over 4 steps. */
const POWER_STEPS = 4;
/** Re-orthonormalizations: 40 steps of subspace iteration in all. */
const QR_ROUNDS = 10;
/** Lloyd rounds of k-means. */
const KMEANS_ROUNDS = 20;

export interface ClusterOptions {
  clusters: number;
  seed: number;
  /** Two consecutive RNG streams: the iteration's start, the k-means start. */
  stream: number;
}

/** Orthonormalizes the k columns of V [rows, k] in place (modified Gram–Schmidt, float64); a null column stays 0. */
export function orthonormalizeColumns(v: Float64Array, rows: number, k: number): void {
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += v[r * k + i] * v[r * k + j];
      for (let r = 0; r < rows; r++) v[r * k + j] -= dot * v[r * k + i];
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += v[r * k + j] ** 2;
    const inv = norm > 1e-24 ? 1 / Math.sqrt(norm) : 0;
    for (let r = 0; r < rows; r++) v[r * k + j] *= inv;
  }
}

/**
 * (I + D^-1/2·|W|·D^-1/2)/2 for the units of A then B, W = [[AᵀA, AB], [ABᵀ, BᵀB]] (correlations):
 * the shift maps the normalized affinity's eigenvalues from [−1, 1] to [0, 1], so the largest in
 * value are also the largest in size, the ones power iteration finds. A dead unit (degree 0) is cut off.
 */
export function shiftedAffinity(
  aa: ArrayLike<number>,
  ab: ArrayLike<number>,
  bb: ArrayLike<number>,
  p: number,
  q: number,
): Float32Array {
  const n = p + q;
  const w = (i: number, j: number) => {
    if (i < p) return Math.abs(j < p ? aa[i * p + j] : ab[i * q + j - p]);
    return Math.abs(j < p ? ab[j * q + i - p] : bb[(i - p) * q + j - p]);
  };
  const s = Float64Array.from({ length: n }, (_, i) => {
    let d = 0;
    for (let j = 0; j < n; j++) d += w(i, j);
    return d > 0 ? 1 / Math.sqrt(d) : 0;
  });
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) m[i * n + j] = ((i === j ? 1 : 0) + s[i] * w(i, j) * s[j]) / 2;
  return m;
}

/** Rows scaled to unit length (Ng–Jordan–Weiss), so k-means compares directions in the eigenvector space. */
function unitRows(v: Float64Array, rows: number, k: number): Float32Array {
  const out = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let j = 0; j < k; j++) norm += v[r * k + j] ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < k; j++) out[r * k + j] = v[r * k + j] * inv;
  }
  return out;
}

/** The top-k eigenvectors of the symmetric m [n, n] (eigenvalues in [0, 1]) by subspace iteration, [n, k]. */
async function topEigenvectors(gpu: GpuContext, m: Tensor, k: number, o: ClusterOptions): Promise<Float64Array> {
  const n = m.shape[0];
  let v = randomNormal(gpu, [n, k], { seed: o.seed, stream: o.stream });
  let basis = new Float64Array(n * k);
  try {
    for (let round = 0; round < QR_ROUNDS; round++) {
      for (let s = 0; s < POWER_STEPS; s++) {
        const next = gpu.scope(() => matmul(m, v));
        v.dispose();
        v = next;
      }
      basis = Float64Array.from(await v.read());
      orthonormalizeColumns(basis, n, k);
      gpu.write(v, Float32Array.from(basis));
    }
    return basis;
  } finally {
    v.dispose();
  }
}

/**
 * Cluster labels of the units of A then B (p + q), from activations xa [rows, p], xb [rows, q] of the
 * same probe rows and their correlation r [p, q] (CPU, as compareLayer read it).
 */
export async function spectralClusters(
  gpu: GpuContext,
  xa: Tensor,
  xb: Tensor,
  r: Float32Array,
  o: ClusterOptions,
): Promise<Uint32Array> {
  const [p, q] = [xa.shape[1], xb.shape[1]];
  const n = p + q;
  const k = Math.min(o.clusters, n);
  const blocks = gpu.scope(() => {
    const [za, zb] = [standardizeColumns(xa).z, standardizeColumns(xb).z];
    return { aa: matmul(za, za, { transA: true }), bb: matmul(zb, zb, { transA: true }) };
  });
  let m: Tensor | null = null;
  try {
    const [aa, bb] = [await blocks.aa.read(), await blocks.bb.read()];
    m = gpu.tensor(shiftedAffinity(aa, r, bb, p, q), [n, n]);
    const rows = unitRows(await topEigenvectors(gpu, m, k, o), n, k);
    const start = permutation(n, o.seed, o.stream + 1).slice(0, k);
    const labels = gpu.scope(() => {
      const points = gpu.tensor(rows, [n, k]);
      return kmeans(points, embeddingLookup(points, gpu.tensor(start, [k], 'u32')), KMEANS_ROUNDS);
    });
    try {
      return (await labels.read()) as Uint32Array;
    } finally {
      labels.dispose();
    }
  } finally {
    m?.dispose();
    blocks.aa.dispose();
    blocks.bb.dispose();
  }
}

export interface ClusterAgreement {
  /** Mean |r| over pairs (unit of A, unit of B) of live units in the same cluster. */
  within: number;
  /** Mean |r| over such pairs in different clusters. */
  across: number;
  /** Share of clusters (with a live unit) that hold live units of both nets. */
  mixed: number;
}

/** How the clusters of the units of A then B (labels, p + q) line up with the between-net correlation r [p, q]. */
export function clusterAgreement(
  labels: ArrayLike<number>,
  r: ArrayLike<number>,
  p: number,
  q: number,
  liveA: ArrayLike<number>,
  liveB: ArrayLike<number>,
): ClusterAgreement {
  const sums = { within: [0, 0], across: [0, 0] };
  for (let i = 0; i < p; i++) {
    if (!liveA[i]) continue;
    for (let j = 0; j < q; j++) {
      if (!liveB[j]) continue;
      const s = labels[i] === labels[p + j] ? sums.within : sums.across;
      s[0] += Math.abs(r[i * q + j]);
      s[1] += 1;
    }
  }
  const hasA = new Set<number>();
  const hasB = new Set<number>();
  for (let i = 0; i < p; i++) if (liveA[i]) hasA.add(labels[i]);
  for (let j = 0; j < q; j++) if (liveB[j]) hasB.add(labels[p + j]);
  const all = new Set([...hasA, ...hasB]);
  const both = [...all].filter((c) => hasA.has(c) && hasB.has(c)).length;
  return {
    within: sums.within[1] ? sums.within[0] / sums.within[1] : NaN,
    across: sums.across[1] ? sums.across[0] / sums.across[1] : NaN,
    mixed: all.size ? both / all.size : NaN,
  };
}
