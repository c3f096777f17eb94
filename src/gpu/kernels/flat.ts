/**
 * Whole-model vector operations on a parameter LIST (one dispatch per tensor, no concatenation):
 * copies, axpby, interpolation, and dot products and norms reduced deterministically on the GPU.
 * Lists are matched pairwise and must have equal sizes; results never leave the GPU.
 */
import type { GpuContext } from '../context.ts';
import { grid } from '../grid.ts';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import code from '../../wgsl/flat.wgsl?raw';

const WG = 256;
/** Elements summed by one workgroup of dot_partial: enough work per group, few partial slots. */
const CHUNK = WG * 16;

const program = programModule({
  name: 'flat',
  code,
  workgroupSize: WG,
  uniforms: { n: 'u32', a: 'f32', b: 'f32', slot: 'u32' },
  defines: ['CHUNK'],
});
const fillProgram = program('fill', { y: 'read_write' });
const axpbyProgram = program('axpby', { x: 'read', y: 'read_write' });
const lerpProgram = program('lerp', { x: 'read', z: 'read', y: 'read_write' });
const dotPartialProgram = program('dot_partial', { x: 'read', z: 'read', y: 'read_write' });
const reduceFinalProgram = program('reduce_final', { x: 'read', y: 'read_write' });
const defines = { CHUNK };

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
  fillProgram.run(t.ctx, {
    bindings: { y: t },
    uniforms: { n: t.size, a: value, b: 0, slot: 0 },
    defines,
    threads: t.size,
  });
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
  y.forEach((yi, i) =>
    axpbyProgram.run(ctx, {
      bindings: { x: x[i], y: yi },
      uniforms: { n: yi.size, a, b, slot: 0 },
      defines,
      threads: yi.size,
    }),
  );
}

/** out ← a + t·(b − a); `out` must not alias `a` or `b`. */
export function flatLerp(out: Tensor[], a: Tensor[], b: Tensor[], t: number): void {
  const ctx = contextOf([out, a, b]);
  out.forEach((o, i) =>
    lerpProgram.run(ctx, {
      bindings: { x: a[i], z: b[i], y: o },
      uniforms: { n: o.size, a: t, b: 0, slot: 0 },
      defines,
      threads: o.size,
    }),
  );
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
    dotPartialProgram.run(ctx, {
      bindings: { x: xi, z: y[i], y: partials },
      uniforms: { n: xi.size, a: 0, b: 0, slot },
      defines,
      workgroups: grid(groups[i], 1),
    });
    slot += groups[i];
  });
  const out = ctx.empty([1]);
  reduceFinalProgram.run(ctx, {
    bindings: { x: partials, y: out },
    uniforms: { n: Math.max(1, slots), a: 0, b: sqrt ? 1 : 0, slot: 0 },
    defines,
    workgroups: [1, 1],
  });
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
