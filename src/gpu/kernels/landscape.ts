/**
 * Loss-landscape kernels (src/wgsl/landscape.wgsl): the implicit random projection of the
 * intrinsic-dimension method (P·z and Pᵀ·g with P generated from Philox inside the kernels, never
 * stored), one point of a weight plane, filter normalization of a direction, and a per-point
 * loss/accuracy accumulator so a whole grid is evaluated before one read-back.
 */
import type { GpuContext } from '../context.ts';
import { grid } from '../grid.ts';
import type { Tensor } from '../tensor.ts';
import { split64, type StreamId } from '../rng.ts';
import philox from '../../wgsl/philox.wgsl?raw';
import landscape from '../../wgsl/landscape.wgsl?raw';

const WG = 64;
/** Rows of P summed by one thread of project_partial: enough work per thread, few partials. */
export const PROJECT_CHUNK = 512;
const code = `${philox}\n${landscape}`;

type Role = 'a' | 'b' | 'c' | 'out';
const ORDER: Role[] = ['a', 'b', 'c', 'out'];

interface Call {
  n?: number;
  m?: number;
  id?: StreamId;
  k?: number;
  s?: number;
  t?: number;
}

function run(
  ctx: GpuContext,
  entry: string,
  roles: Partial<Record<Role, Tensor>>,
  call: Call,
  workgroups: [number, number],
): void {
  const used = ORDER.filter((r) => roles[r]);
  const binding = (r: Role): number => (used.includes(r) ? used.indexOf(r) : 8 + ORDER.indexOf(r));
  const [s0, s1] = split64(call.id?.seed ?? 0);
  const [t0, t1] = split64(call.id?.stream ?? 0, 'stream');
  ctx.dispatch({
    kernel: { name: 'landscape', code, entry },
    defines: {
      WG,
      CHUNK: PROJECT_CHUNK,
      BA: binding('a'),
      BB: binding('b'),
      BC: binding('c'),
      BO: binding('out'),
      BP: used.length,
    },
    buffers: used.map((r) => roles[r]!),
    params: [call.n ?? 0, call.m ?? 0, s0, s1, t0, t1, call.k ?? 0, { f32: call.s ?? 0 }, { f32: call.t ?? 0 }],
    workgroups,
  });
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
  const entry = proj.kind === 'sign' ? 'expand_sign' : 'expand';
  run(
    theta0.ctx,
    entry,
    { a: theta0, b: z, out },
    { n: theta0.size, m: width / unit(proj.kind), id: proj.id, k: row0, s: 1 / Math.sqrt(proj.D) },
    grid(theta0.size, WG),
  );
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
    run(
      ctx,
      proj.kind === 'sign' ? 'project_sign_partial' : 'project_partial',
      { a: g, out: partials },
      { n: proj.D, m, id: proj.id },
      grid(chunks * m, WG),
    );
    const out = ctx.empty([width]);
    run(
      ctx,
      'project_final',
      { a: partials, out },
      { n: chunks, m: width, k: proj.d, s: 1 / Math.sqrt(proj.D) },
      grid(width, WG),
    );
    return out;
  });
}

/** out ← base + α·u + β·v (existing tensors of equal size; out must not alias the others). */
export function planePoint(out: Tensor, base: Tensor, u: Tensor, v: Tensor, alpha: number, beta: number): void {
  run(out.ctx, 'plane', { a: base, b: u, c: v, out }, { n: out.size, s: alpha, t: beta }, grid(out.size, WG));
}

/** In place: each column of `dir` [rows, cols] rescaled to the norm of the same column of `weight`. */
export function filterNormalize(dir: Tensor, weight: Tensor): void {
  if (dir.rank !== 2 || weight.size !== dir.size)
    throw new Error(`filter normalization takes matching [in, out] matrices, got [${dir.shape}] and [${weight.shape}]`);
  const [rows, cols] = dir.shape;
  run(dir.ctx, 'filter_normalize', { a: weight, out: dir }, { n: rows, m: cols }, grid(cols, WG));
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
  run(
    results.ctx,
    'accumulate',
    { a: perExample, b: correct, out: results },
    { n: perExample.size, m: slot, k: first ? 1 : 0 },
    [1, 1],
  );
}
