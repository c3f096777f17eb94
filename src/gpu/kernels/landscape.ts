/**
 * Loss-landscape kernels (src/wgsl/landscape.wgsl): the implicit random projection of the
 * intrinsic-dimension method (P·z and Pᵀ·g with P generated from Philox inside the kernels, never
 * stored), one point of a weight plane, filter normalization of a direction, and a per-point
 * loss/accuracy accumulator so a whole grid is evaluated before one read-back.
 */
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { split64, type StreamId } from '../rng.ts';
import philox from '../../wgsl/philox.wgsl?raw';
import landscape from '../../wgsl/landscape.wgsl?raw';

const WG = 64;
/** Rows of P summed by one thread of project_partial: enough work per thread, few partials. */
export const PROJECT_CHUNK = 512;
const code = `${philox}\n${landscape}`;

const program = programModule({
  name: 'landscape',
  code,
  workgroupSize: WG,
  uniforms: {
    n: 'u32',
    m: 'u32',
    seed_lo: 'u32',
    seed_hi: 'u32',
    stream_lo: 'u32',
    stream_hi: 'u32',
    k: 'u32',
    s: 'f32',
    t: 'f32',
  },
  defines: ['CHUNK'],
});
const expandPrograms = {
  gaussian: program('expand', { a: 'read', b: 'read', out: 'read_write' }),
  sign: program('expand_sign', { a: 'read', b: 'read', out: 'read_write' }),
};
const projectPrograms = {
  gaussian: program('project_partial', { a: 'read', out: 'read_write' }),
  sign: program('project_sign_partial', { a: 'read', out: 'read_write' }),
};
const projectFinalProgram = program('project_final', { a: 'read', out: 'read_write' });
const planeProgram = program('plane', { a: 'read', b: 'read', c: 'read', out: 'read_write' });
const filterNormalizeProgram = program('filter_normalize', { a: 'read', out: 'read_write' });
const accumulateProgram = program('accumulate', { a: 'read', b: 'read', out: 'read_write' });
const defines = { CHUNK: PROJECT_CHUNK };

interface Call {
  n?: number;
  m?: number;
  id?: StreamId;
  k?: number;
  s?: number;
  t?: number;
}

/** The uniforms of one call (what it leaves out is 0). */
function uniforms(call: Call) {
  const [seed_lo, seed_hi] = split64(call.id?.seed ?? 0);
  const [stream_lo, stream_hi] = split64(call.id?.stream ?? 0, 'stream');
  const { n = 0, m = 0, k = 0, s = 0, t = 0 } = call;
  return { n, m, seed_lo, seed_hi, stream_lo, stream_hi, k, s, t };
}

/** The implicit D×d projection P of a subspace: which Philox stream, its shape and entries. */
export interface Projection {
  id: StreamId;
  /** Full dimension (parameters). */
  D: number;
  /** Subspace dimension. */
  d: number;
  /** Gaussian entries (the paper's), or ±1 (Rademacher: about 30× cheaper to generate). Default gaussian. */
  kind?: 'gaussian' | 'sign';
}

/** Columns per padding unit: one Philox block's 4 normals, or one 32-bit word of signs. */
const unit = (kind: Projection['kind']): number => (kind === 'sign' ? 32 : 4);

/** Length of a z vector for `d`: padded with zeros to whole Philox blocks (or sign words). */
export const paddedDim = (d: number, kind?: Projection['kind']): number => unit(kind) * Math.ceil(d / unit(kind));

/** θ0 + P[row0 : row0 + n, :]·z / √D for the n = θ0.size rows from row0 (z padded, see paddedDim). */
export function subspaceExpand(proj: Projection, theta0: Tensor, z: Tensor, row0 = 0): Tensor {
  const width = paddedDim(proj.d, proj.kind);
  if (z.size !== width) throw new Error(`z has ${z.size} values; a ${proj.d}-dimensional subspace needs ${width}`);
  if (row0 + theta0.size > proj.D) throw new Error(`rows ${row0}…${row0 + theta0.size} exceed D = ${proj.D}`);
  const out = theta0.ctx.empty(theta0.shape);
  expandPrograms[proj.kind ?? 'gaussian'].run(theta0.ctx, {
    bindings: { a: theta0, b: z, out },
    uniforms: uniforms({ n: theta0.size, m: width / unit(proj.kind), id: proj.id, k: row0, s: 1 / Math.sqrt(proj.D) }),
    defines,
    threads: theta0.size,
  });
  return out;
}

/** Pᵀ·g / √D for a full-length g [D], as a [paddedDim(d)] vector with zero padding; deterministic. */
export function subspaceProject(proj: Projection, g: Tensor): Tensor {
  if (g.size !== proj.D) throw new Error(`gradient has ${g.size} values, D = ${proj.D}`);
  const ctx = g.ctx;
  const width = paddedDim(proj.d, proj.kind);
  const m = width / unit(proj.kind);
  const chunks = Math.ceil(proj.D / PROJECT_CHUNK);
  return ctx.scope(() => {
    const partials = ctx.empty([chunks * width]);
    projectPrograms[proj.kind ?? 'gaussian'].run(ctx, {
      bindings: { a: g, out: partials },
      uniforms: uniforms({ n: proj.D, m, id: proj.id }),
      defines,
      threads: chunks * m,
    });
    const out = ctx.empty([width]);
    projectFinalProgram.run(ctx, {
      bindings: { a: partials, out },
      uniforms: uniforms({ n: chunks, m: width, k: proj.d, s: 1 / Math.sqrt(proj.D) }),
      defines,
      threads: width,
    });
    return out;
  });
}

/** out ← base + α·u + β·v (existing tensors of equal size; out must not alias the others). */
export function planePoint(out: Tensor, base: Tensor, u: Tensor, v: Tensor, alpha: number, beta: number): void {
  planeProgram.run(out.ctx, {
    bindings: { a: base, b: u, c: v, out },
    uniforms: uniforms({ n: out.size, s: alpha, t: beta }),
    defines,
    threads: out.size,
  });
}

/** In place: each column of `dir` [rows, cols] rescaled to the norm of the same column of `weight`. */
export function filterNormalize(dir: Tensor, weight: Tensor): void {
  if (dir.rank !== 2 || weight.size !== dir.size)
    throw new Error(`filter normalization takes matching [in, out] matrices, got [${dir.shape}] and [${weight.shape}]`);
  const [rows, cols] = dir.shape;
  filterNormalizeProgram.run(dir.ctx, {
    bindings: { a: weight, out: dir },
    uniforms: uniforms({ n: rows, m: cols }),
    defines,
    threads: cols,
  });
}

/**
 * results[2·slot] (+)= Σ loss, results[2·slot + 1] (+)= Σ correct over the batch; `first`
 * overwrites the slot (the first batch of a point) instead of adding.
 */
export function accumulatePoint(
  results: Tensor,
  perExample: Tensor,
  correct: Tensor,
  slot: number,
  first: boolean,
): void {
  if (2 * slot + 2 > results.size)
    throw new Error(`slot ${slot} is outside a results buffer of ${results.size / 2} points`);
  accumulateProgram.run(results.ctx, {
    bindings: { a: perExample, b: correct, out: results },
    uniforms: uniforms({ n: perExample.size, m: slot, k: first ? 1 : 0 }),
    defines,
    workgroups: [1, 1],
  });
}
