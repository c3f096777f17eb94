/**
 * Fused multi-head scaled dot-product attention and its backward pass (see attention.wgsl).
 *
 * Layouts: q [B, Tq, H·Dh], k and v [B, Tk, H·Dh] — i.e. [B, T, H, Dh] with heads interleaved in
 * the feature axis, exactly what a Linear projection of [B, T, d] produces, so no transposes are
 * needed. The output is [B, Tq, H·Dh]; the logsumexp is [B, Tq, H]; probabilities (on request, for
 * display) are [B, H, Tq, Tk]. Dh ≤ 64 (one workgroup of 64 threads holds a head's row).
 *
 * Masks, combined by AND: `causal` lets query i see keys j ≤ i + (Tk − Tq) (the last query sees
 * every key); `lengths` (u32 [B]) lets batch item b see keys j < lengths[b]; `mask` ([Tq, Tk] or
 * [B, Tq, Tk], u32 or f32, nonzero = allowed). A query that sees no key outputs zeros.
 *
 * Two variants with the same results up to rounding: on GPUs one workgroup per row
 * (attention_forward/backward.wgsl); on CPU adapters (ctx.cpuKernels) one thread per row with
 * the head in registers and no barriers (attention_rows_*.wgsl), specialized per head dimension.
 */
import common from '../../wgsl/attention.wgsl?raw';
import forwardIo from '../../wgsl/attention_forward_io.wgsl?raw';
import backwardIo from '../../wgsl/attention_backward_io.wgsl?raw';
import forwardCode from '../../wgsl/attention_forward.wgsl?raw';
import statsCode from '../../wgsl/attention_stats.wgsl?raw';
import backwardCode from '../../wgsl/attention_backward.wgsl?raw';
import rowsForwardCode from '../../wgsl/attention_rows_forward.wgsl?raw';
import rowsBackwardCode from '../../wgsl/attention_rows_backward.wgsl?raw';
import { grid, type GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';

const WG = 64;
const kernels = {
  forward: { name: 'attention-forward', code: `${common}\n${forwardIo}\n${forwardCode}`, entry: 'forward' },
  stats: { name: 'attention-stats', code: `${common}\n${statsCode}`, entry: 'row_stats' },
  backwardQ: { name: 'attention-backward', code: `${common}\n${backwardIo}\n${backwardCode}`, entry: 'backward_q' },
  backwardKV: { name: 'attention-backward', code: `${common}\n${backwardIo}\n${backwardCode}`, entry: 'backward_kv' },
  forwardRows: { name: 'attention-rows-forward', code: `${common}\n${forwardIo}\n${rowsForwardCode}`, entry: 'forward_rows' },
  backwardQRows: { name: 'attention-rows-backward', code: `${common}\n${backwardIo}\n${rowsBackwardCode}`, entry: 'backward_q_rows' },
  backwardKVRows: { name: 'attention-rows-backward', code: `${common}\n${backwardIo}\n${rowsBackwardCode}`, entry: 'backward_kv_rows' },
};
export const MAX_HEAD_DIM = WG;

export interface AttentionMasks {
  causal?: boolean;
  /** u32 [B]: number of valid keys per batch item (key padding). */
  lengths?: Tensor | null;
  /** [Tq, Tk] or [B, Tq, Tk], u32 or f32; nonzero where attention is allowed. */
  mask?: Tensor | null;
}

export interface AttentionOptions extends AttentionMasks {
  heads: number;
  /** Multiplies q·k; defaults to 1/√Dh. */
  scale?: number;
}

export interface Geometry {
  B: number;
  Tq: number;
  Tk: number;
  H: number;
  D: number;
  scale: number;
}

export function attentionGeometry(q: Tensor, k: Tensor, v: Tensor, o: AttentionOptions): Geometry {
  const fail = (why: string): never => {
    throw new Error(`attention: q [${q.shape}], k [${k.shape}], v [${v.shape}], ${o.heads} heads: ${why}`);
  };
  for (const t of [q, k, v]) {
    t.assertLive();
    if (t.rank !== 3 || t.dtype !== 'f32') fail('q, k and v must be f32 [B, T, heads·headDim]');
  }
  const [B, Tq, F] = q.shape;
  const Tk = k.shape[1];
  const H = o.heads;
  if (!(Number.isInteger(H) && H >= 1 && F % H === 0)) fail(`feature size ${F} is not a multiple of the head count`);
  if (k.shape.join() !== v.shape.join() || k.shape[0] !== B || k.shape[2] !== F) fail('k and v must be [B, Tk, features] like q');
  const D = F / H;
  if (D > MAX_HEAD_DIM) fail(`head dimension ${D} exceeds ${MAX_HEAD_DIM}`);
  if (o.lengths && (o.lengths.dtype !== 'u32' || o.lengths.size !== B)) fail(`lengths must be u32 [${B}]`);
  const m = o.mask;
  if (m && !((m.size === Tq * Tk || m.size === B * Tq * Tk) && m.dtype !== 'i32' && m.shape[m.rank - 1] === Tk)) {
    fail(`mask [${m.shape}] must be u32 or f32 [${Tq}, ${Tk}] or [${B}, ${Tq}, ${Tk}]`);
  }
  return { B, Tq, Tk, H, D, scale: o.scale ?? 1 / Math.sqrt(D) };
}

const PROBS_CODE = `for (var j = t; j < p.Tk; j += WG) {
    var pr = 0.0;
    if (allowed(b, i, j)) {
      let kb = k_row(b, j, h);
      var s = 0.0;
      for (var d = 0u; d < p.D; d++) { s += sa[d] * k[kb + d]; }
      pr = exp(s - lse);
    }
    f_probs[((b * p.H + h) * p.Tq + i) * p.Tk + j] = pr;
  }`;

const range = (n: number): number[] => [...Array(n).keys()];

/**
 * Straight-line bodies of attention_rows_*.wgsl for head dimension D (see those files for the
 * register names); each file takes the tokens it uses.
 */
function rowBlocks(D: number, probs: boolean): Record<string, string> {
  const lines = (f: (d: number) => string): string => range(D).map(f).join('\n    ');
  const sum = (f: (d: number) => string): string => range(D).map(f).join(' + ');
  const dotQK = sum((d) => `q${d} * k[kb + ${d}u]`);
  return {
    LOAD_Q: lines((d) => `let q${d} = q[qb + ${d}u] * p.scale;`),
    LOAD_DO: lines((d) => `let o${d} = g_do[qb + ${d}u];`),
    ZERO_ACC: lines((d) => `var a${d} = 0.0;`),
    DOT_QK: dotQK,
    DOT_DOV: sum((d) => `o${d} * v[kb + ${d}u]`),
    ACC_PV: lines((d) => `a${d} = a${d} * corr + pj * v[kb + ${d}u];`),
    STORE_OUT: lines((d) => `f_out[qb + ${d}u] = a${d} * inv;`),
    ROW_PROBS: probs
      ? `for (var j = 0u; j < p.Tk; j++) {
    let kb = k_row(b, j, h);
    let s = ${dotQK};
    f_probs[((b * p.H + h) * p.Tq + i) * p.Tk + j] = select(0.0, exp(s - lse), allowed(b, i, j));
  }`
      : '',
    ACC_DSK: lines((d) => `a${d} += ds * k[kb + ${d}u];`),
    STORE_DQ: lines((d) => `g_out[qb + ${d}u] = a${d} * p.scale;`),
    LOAD_KV: lines((d) => `let k${d} = k[kb + ${d}u];\n    let v${d} = v[kb + ${d}u];`),
    ZERO_DKV: lines((d) => `var dk${d} = 0.0;\n    var dv${d} = 0.0;`),
    LOAD_QI: lines((d) => `let x${d} = q[qb + ${d}u];\n    let y${d} = g_do[qb + ${d}u];`),
    DOT_KQ: `p.scale * (${sum((d) => `x${d} * k${d}`)})`,
    DOT_VDO: sum((d) => `y${d} * v${d}`),
    ACC_DKV: lines((d) => `dv${d} += pr * y${d};\n    dk${d} += ds * x${d};`),
    STORE_DKV: lines((d) => `g_out[kb + ${d}u] = dk${d} * p.scale;\n    g_out[p.rows * p.D + kb + ${d}u] = dv${d};`),
  };
}

/** Which kernels run: one workgroup per row (GPUs) or one thread per row (CPU adapters). */
function variantOf(ctx: GpuContext, g: Geometry, probs = false) {
  if (!ctx.cpuKernels) return { forward: kernels.forward, backwardQ: kernels.backwardQ, backwardKV: kernels.backwardKV, perRow: WG, defines: {} };
  return { forward: kernels.forwardRows, backwardQ: kernels.backwardQRows, backwardKV: kernels.backwardKVRows, perRow: 1, defines: rowBlocks(g.D, probs) };
}

/** Defines, extra buffers and params for one entry whose own buffers take bindings 0…n−1. */
function specialize(g: Geometry, o: AttentionMasks, n: number, rows: number, probs = false) {
  const extra: Tensor[] = [];
  const decls: string[] = [];
  const masks: string[] = [];
  if (o.causal) masks.push('ok = ok && j + p.Tq <= i + p.Tk;');
  if (o.lengths) {
    decls.push(`@group(0) @binding(${n + extra.length}) var<storage, read> lens: array<u32>;`);
    extra.push(o.lengths);
    masks.push('ok = ok && j < lens[b];');
  }
  if (o.mask) {
    const ty = o.mask.dtype === 'u32' ? 'u32' : 'f32';
    decls.push(`@group(0) @binding(${n + extra.length}) var<storage, read> mask: array<${ty}>;`);
    extra.push(o.mask);
    // && short-circuits, so an out-of-range (i, j) never reads the mask.
    masks.push(`ok = ok && mask[b * p.mask_stride + i * p.Tk + j] != ${ty}(0);`);
  }
  const maskStride = o.mask && o.mask.size === g.B * g.Tq * g.Tk ? g.Tq * g.Tk : 0;
  return {
    defines: {
      B_PARAMS: n + extra.length,
      MASK_BINDINGS: decls.join('\n'),
      MASKS: masks.join('\n  '),
      PROBS_BINDING: probs ? '@group(0) @binding(5) var<storage, read_write> f_probs: array<f32>;' : '',
      WRITE_PROBS: probs ? PROBS_CODE : '',
    },
    extra,
    params: [rows, g.Tq, g.Tk, g.H, g.D, { f32: g.scale }, maskStride],
  };
}

export interface AttentionResult {
  out: Tensor;
  /** [B, Tq, H]; what the backward pass needs besides the inputs and the output. */
  lse: Tensor;
  /** [B, H, Tq, Tk] when requested, else null. */
  probs: Tensor | null;
}

export function attention(q: Tensor, k: Tensor, v: Tensor, o: AttentionOptions & { probs?: boolean }): AttentionResult {
  const g = attentionGeometry(q, k, v, o);
  const ctx = q.ctx;
  const out = ctx.empty(q.shape);
  const lse = ctx.empty([g.B, g.Tq, g.H]);
  const probs = o.probs ? ctx.empty([g.B, g.H, g.Tq, g.Tk]) : null;
  const rows = g.B * g.Tq * g.H;
  const own = probs ? [q, k, v, out, lse, probs] : [q, k, v, out, lse];
  const s = specialize(g, o, own.length, rows, !!probs);
  const vr = variantOf(ctx, g, !!probs);
  ctx.dispatch({
    kernel: vr.forward,
    defines: { ...s.defines, ...vr.defines },
    buffers: [...own, ...s.extra],
    params: s.params,
    workgroups: grid(rows * vr.perRow, WG),
  });
  return { out, lse, probs };
}

export interface AttentionGrads {
  dq: Tensor;
  dk: Tensor;
  dv: Tensor;
}

/**
 * dQ, dK, dV from the forward's output and logsumexp, recomputing the probabilities: one kernel
 * loops over keys per query row (dQ), one over queries per key row (dK, dV); no atomics.
 */
export function attentionBackward(q: Tensor, k: Tensor, v: Tensor, out: Tensor, lse: Tensor, dout: Tensor, o: AttentionOptions): AttentionGrads {
  const g = attentionGeometry(q, k, v, o);
  if (dout.shape.join() !== q.shape.join() || out.shape.join() !== q.shape.join()) {
    throw new Error(`attentionBackward: out [${out.shape}] and dout [${dout.shape}] must be [${q.shape}]`);
  }
  const ctx = q.ctx;
  const qRows = g.B * g.Tq * g.H;
  const kRows = g.B * g.Tk * g.H;
  return ctx.scope(() => {
    const stats = ctx.empty([qRows, 2]);
    const s0 = specialize(g, {}, 4, qRows);
    ctx.dispatch({
      kernel: kernels.stats,
      defines: s0.defines,
      buffers: [out, dout, lse, stats],
      params: s0.params,
      workgroups: grid(qRows, WG),
    });
    const vr = variantOf(ctx, g);
    const dq = ctx.empty(q.shape);
    const sq = specialize(g, o, 6, qRows);
    ctx.dispatch({
      kernel: vr.backwardQ,
      defines: { ...sq.defines, ...vr.defines },
      buffers: [q, k, v, dout, stats, dq, ...sq.extra],
      params: sq.params,
      workgroups: grid(qRows * vr.perRow, WG),
    });
    const dkv = ctx.empty([2, ...k.shape]);
    const skv = specialize(g, o, 6, kRows);
    ctx.dispatch({
      kernel: vr.backwardKV,
      defines: { ...skv.defines, ...vr.defines },
      buffers: [q, k, v, dout, stats, dkv, ...skv.extra],
      params: skv.params,
      workgroups: grid(kRows * vr.perRow, WG),
    });
    const dk = ctx.empty(k.shape);
    const dv = ctx.empty(v.shape);
    ctx.copy(dkv, dk, dk.bytes);
    ctx.copy(dkv, dv, dv.bytes, dk.bytes);
    return { dq, dk, dv };
  });
}
