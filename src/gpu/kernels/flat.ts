/**
 * Whole-model vector operations on a parameter LIST (one dispatch per tensor, no concatenation):
 * copies, axpby, interpolation, and dot products and norms reduced deterministically on the GPU.
 * Lists are matched pairwise and must have equal sizes; results never leave the GPU.
 */
import type { GpuContext } from '../context.ts';
import { grid } from '../grid.ts';
import type { Tensor } from '../tensor.ts';
import code from '../../wgsl/flat.wgsl?raw';

const WG = 256;
/** Elements summed by one workgroup of dot_partial: enough work per group, few partial slots. */
const CHUNK = WG * 16;

type Var = 'x' | 'z' | 'y';
const ORDER: Var[] = ['x', 'z', 'y'];

function run(
  ctx: GpuContext,
  entry: string,
  vars: Partial<Record<Var, Tensor>>,
  n: number,
  a: number,
  b: number,
  workgroups: [number, number],
  slot = 0,
): void {
  const used = ORDER.filter((v) => vars[v]);
  const binding = (v: Var): number => (used.includes(v) ? used.indexOf(v) : 8 + ORDER.indexOf(v));
  ctx.dispatch({
    kernel: { name: 'flat', code, entry },
    defines: { WG, CHUNK, BX: binding('x'), BZ: binding('z'), BY: binding('y'), BP: used.length },
    buffers: used.map((v) => vars[v]!),
    params: [n, { f32: a }, { f32: b }, slot],
    workgroups,
  });
}

function contextOf(lists: Tensor[][]): GpuContext {
  const first = lists[0][0];
  if (!first) throw new Error('flat operations need at least one tensor');
  for (const l of lists) {
    if (l.length !== lists[0].length)
      throw new Error(`tensor lists of lengths ${lists.map((x) => x.length).join(' vs ')}`);
    l.forEach((t, i) => {
      if (t.size !== lists[0][i].size) throw new Error(`tensor ${i}: ${t.size} vs ${lists[0][i].size} elements`);
      if (t.dtype !== 'f32') throw new Error(`flat operations take f32 tensors, got ${t.dtype}`);
    });
  }
  return first.ctx;
}

/** Set every element of `t` to `value`, in place. */
export function fill(t: Tensor, value: number): void {
  run(t.ctx, 'fill', { y: t }, t.size, value, 0, grid(t.size, WG));
}

export function flatFill(list: Tensor[], value: number): void {
  for (const t of list) fill(t, value);
}

export function flatCopy(dst: Tensor[], src: Tensor[]): void {
  const ctx = contextOf([dst, src]);
  dst.forEach((d, i) => ctx.copy(src[i], d, d.bytes));
}

/** y ← a·x + b·y in place (x and y distinct tensors). */
export function flatAxpby(a: number, x: Tensor[], b: number, y: Tensor[]): void {
  const ctx = contextOf([x, y]);
  y.forEach((yi, i) => run(ctx, 'axpby', { x: x[i], y: yi }, yi.size, a, b, grid(yi.size, WG)));
}

/** out ← a + t·(b − a); `out` must not alias `a` or `b`. */
export function flatLerp(out: Tensor[], a: Tensor[], b: Tensor[], t: number): void {
  const ctx = contextOf([out, a, b]);
  out.forEach((o, i) => run(ctx, 'lerp', { x: a[i], z: b[i], y: o }, o.size, t, 0, grid(o.size, WG)));
}

/** Σ x·y (or its square root) as a [1] tensor: per-chunk partials, then one fixed-order sum. */
function reduce(x: Tensor[], y: Tensor[], sqrt: boolean): Tensor {
  const ctx = contextOf([x, y]);
  const groups = x.map((t) => Math.ceil(t.size / CHUNK));
  const slots = groups.reduce((s, g) => s + g, 0);
  const partials = ctx.empty([Math.max(1, slots)]);
  if (slots === 0) fill(partials, 0);
  let slot = 0;
  x.forEach((xi, i) => {
    if (groups[i] === 0) return;
    run(ctx, 'dot_partial', { x: xi, z: y[i], y: partials }, xi.size, 0, 0, grid(groups[i], 1), slot);
    slot += groups[i];
  });
  const out = ctx.empty([1]);
  run(ctx, 'reduce_final', { x: partials, y: out }, Math.max(1, slots), 0, sqrt ? 1 : 0, [1, 1]);
  partials.dispose();
  return out;
}

export function flatDot(x: Tensor[], y: Tensor[]): Tensor {
  return reduce(x, y, false);
}

/** Euclidean norm of the concatenation of `x`. */
export function flatNorm(x: Tensor[]): Tensor {
  return reduce(x, x, true);
}

/** One tensor holding the concatenation of `list` (row-major, in list order). */
export function flatten(list: Tensor[]): Tensor {
  const ctx = contextOf([list]);
  const out = ctx.empty([list.reduce((s, t) => s + t.size, 0)]);
  let offset = 0;
  for (const t of list) {
    ctx.copy(t, out, t.bytes, 0, offset);
    offset += t.bytes;
  }
  return out;
}

/** Copy consecutive pieces of `flat` back into the existing tensors of `into`. */
export function unflatten(flat: Tensor, into: Tensor[]): void {
  const total = into.reduce((s, t) => s + t.size, 0);
  if (total !== flat.size) throw new Error(`unflatten of ${flat.size} values into tensors holding ${total}`);
  let offset = 0;
  for (const t of into) {
    flat.ctx.copy(flat, t, t.bytes, offset, 0);
    offset += t.bytes;
  }
}
