/**
 * Sparse × dense for pruned fully connected layers: a weight W [in, out] with its 0/1 mask is
 * stored as CSR of Wᵀ (one row per output neuron listing its surviving inputs), and csrMatmul
 * computes act(x·(W ⊙ mask) + bias) from it, the same result as the dense masked matmul up to
 * summation order. The CSR is built on the CPU: pruning happens between training rounds.
 */
import code from '../../wgsl/sparse.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { withActivations } from './activations.ts';
import type { Activation } from './matmul.ts';

const WG = 64;
/** Batch rows per thread (fixed by sparse.wgsl). */
const ROWS = 8;
const csrMatmulProgram = defineProgram({
  name: 'sparse-csr-matmul',
  code: withActivations(code),
  entry: 'csr_matmul',
  workgroupSize: WG,
  bindings: { x: 'read', row_ptr: 'read', col: 'read', val: 'read', y: 'read_write', bias: 'read' },
  uniforms: { B: 'u32', K: 'u32', N: 'u32' },
  defines: ['HAS_BIAS', 'ACTIVATION'],
});

/** CSR of Wᵀ for W [inFeatures, outFeatures], on the CPU. */
export interface CsrArrays {
  inFeatures: number;
  outFeatures: number;
  /** [outFeatures + 1]: row n holds entries rowPtr[n] … rowPtr[n + 1] − 1. */
  rowPtr: Uint32Array;
  /** Input index of each entry, increasing within a row. */
  colIdx: Uint32Array;
  values: Float32Array;
}

/** CSR on the GPU (dispose() frees its three tensors). */
export interface Csr {
  inFeatures: number;
  outFeatures: number;
  nnz: number;
  rowPtr: Tensor;
  colIdx: Tensor;
  values: Tensor;
  dispose(): void;
}

/** CSR of Wᵀ keeping the entries with w ≠ 0 and (when given) mask ≠ 0. */
export function csrArrays(
  w: Float32Array,
  shape: readonly [number, number],
  mask: Float32Array | null = null,
): CsrArrays {
  const [K, N] = shape;
  if (w.length !== K * N || (mask && mask.length !== K * N))
    throw new Error(`csrArrays: ${w.length} weights / ${mask?.length} mask entries for [${K}, ${N}]`);
  const keep = (i: number): boolean => w[i] !== 0 && (!mask || mask[i] !== 0);
  const rowPtr = new Uint32Array(N + 1);
  for (let i = 0; i < K * N; i++) if (keep(i)) rowPtr[(i % N) + 1]++;
  for (let n = 0; n < N; n++) rowPtr[n + 1] += rowPtr[n];
  const next = rowPtr.slice(0, N);
  const colIdx = new Uint32Array(rowPtr[N]);
  const values = new Float32Array(rowPtr[N]);
  // Walking W row-major visits each output's inputs in increasing order.
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < N; n++) {
      const i = k * N + n;
      if (!keep(i)) continue;
      colIdx[next[n]] = k;
      values[next[n]++] = w[i];
    }
  }
  return { inFeatures: K, outFeatures: N, rowPtr, colIdx, values };
}

export function uploadCsr(ctx: GpuContext, a: CsrArrays): Csr {
  const nnz = a.values.length;
  // Empty buffers cannot be bound; a pruned-away layer keeps one unread slot.
  const pad = <T extends Uint32Array | Float32Array>(v: T, Ctor: new (n: number) => T): T =>
    v.length > 0 ? v : new Ctor(1);
  const t = {
    rowPtr: ctx.tensor(a.rowPtr, [a.rowPtr.length], 'u32').keep(),
    colIdx: ctx.tensor(pad(a.colIdx, Uint32Array), [Math.max(1, nnz)], 'u32').keep(),
    values: ctx.tensor(pad(a.values, Float32Array), [Math.max(1, nnz)]).keep(),
  };
  return {
    inFeatures: a.inFeatures,
    outFeatures: a.outFeatures,
    nnz,
    ...t,
    dispose: () => Object.values(t).forEach((x) => x.dispose()),
  };
}

/** CSR of a masked weight [in, out] on the GPU (reads the weight and mask back). */
export async function csrFromWeight(w: Tensor, mask: Tensor | null = null): Promise<Csr> {
  if (w.rank !== 2) throw new Error(`csrFromWeight: weight [${w.shape}] must be [in, out]`);
  const wv = (await w.read()) as Float32Array;
  const mv = mask ? ((await mask.read()) as Float32Array) : null;
  return uploadCsr(w.ctx, csrArrays(wv, [w.shape[0], w.shape[1]], mv));
}

export interface CsrMatmulOptions {
  /** [out], added before the activation. */
  bias?: Tensor | null;
  activation?: Activation;
}

/** act(x·W + bias) for x [B, in] and W given as CSR; result [B, out]. */
export function csrMatmul(x: Tensor, w: Csr, opts: CsrMatmulOptions = {}): Tensor {
  const { bias = null, activation = 'identity' } = opts;
  if (x.rank !== 2 || x.shape[1] !== w.inFeatures || x.dtype !== 'f32') {
    throw new Error(`csrMatmul: x [${x.shape}] does not fit a [${w.inFeatures}, ${w.outFeatures}] weight`);
  }
  if (bias && bias.size !== w.outFeatures)
    throw new Error(`csrMatmul: bias [${bias.shape}] must be [${w.outFeatures}]`);
  const [B] = x.shape;
  const N = w.outFeatures;
  const y = x.ctx.empty([B, N]);
  if (y.size === 0) return y;
  csrMatmulProgram.run(x.ctx, {
    bindings: { x, row_ptr: w.rowPtr, col: w.colIdx, val: w.values, y, bias: bias ?? w.values },
    uniforms: { B, K: w.inFeatures, N },
    defines: { HAS_BIAS: bias !== null, ACTIVATION: `act_${activation}` },
    workgroups: [Math.ceil(N / WG), Math.ceil(B / ROWS)],
  });
  return y;
}
