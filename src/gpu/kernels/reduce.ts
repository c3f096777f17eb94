/**
 * Reductions (sum, mean, max, argmax, L2 norm) over all elements or along one axis. A tensor is
 * viewed as [outer, len, inner] around the reduced axis. Rows of at least a workgroup's length
 * (inner = 1) get one workgroup each with a tree in workgroup memory; columns and shorter rows get
 * one thread per output. A full reduction of more than CHUNK elements is two passes: CHUNK-sized
 * partials, then one row.
 */
import code from '../../wgsl/reduce.wgsl?raw';
import { grid } from '../grid.ts';
import { programModule } from '../program.ts';
import { sizeOf, type Tensor } from '../tensor.ts';

const WG = 256;
/**
 * Rows shorter than a workgroup would leave threads idle; one thread per output is then as fast
 * (and far cheaper on CPU emulation, where every workgroup barrier costs a context switch).
 */
const MIN_ROW = WG;
/** Elements per first-pass partial: one BLOCK of 64 per thread. */
const CHUNK = WG * 64;

const program = programModule({
  name: 'reduce',
  code,
  workgroupSize: WG,
  uniforms: { a: 'u32', b: 'u32', c: 'u32', scale: 'f32', ident: 'f32', d: 'u32', P: 'u32' },
  defines: ['MAP', 'COMB', 'FINISH'],
});
const rowsProgram = program('rows', { x: 'read', out: 'read_write' });
const colsProgram = program('cols', { x: 'read', out: 'read_write' });
const argmaxProgram = program('argmax', { x: 'read', outu: 'read_write' });
const expandProgram = program('expand', { x: 'read', out: 'read_write' });

interface Reducer {
  map: string;
  comb: string;
  ident: number;
  finish: string;
}

const SUM: Reducer = { map: 'v', comb: 'a + b', ident: 0, finish: 'acc * p.scale' };
const MAX: Reducer = { map: 'v', comb: 'max(a, b)', ident: -Infinity, finish: 'acc' };
const SUMSQ: Reducer = { map: 'v * v', comb: 'a + b', ident: 0, finish: 'sqrt(acc)' };
/** Defines for entries that don't use the map/combine. */
const PLAIN = { MAP: 'v', COMB: 'a', FINISH: 'acc' };

interface View {
  outer: number;
  len: number;
  inner: number;
  outShape: number[];
}

function checkF32(x: Tensor): void {
  x.assertLive();
  if (x.dtype !== 'f32') throw new Error(`reductions take f32 tensors, got ${x.dtype}`);
}

function view(x: Tensor, axis?: number): View {
  checkF32(x);
  if (axis === undefined) return { outer: 1, len: x.size, inner: 1, outShape: [1] };
  const ax = axis < 0 ? axis + x.rank : axis;
  if (!(ax >= 0 && ax < x.rank)) throw new Error(`axis ${axis} out of range for [${x.shape}]`);
  const outShape = x.shape.filter((_, i) => i !== ax);
  return {
    outer: sizeOf(x.shape.slice(0, ax)),
    len: x.shape[ax],
    inner: sizeOf(x.shape.slice(ax + 1)),
    outShape: outShape.length > 0 ? outShape : [1],
  };
}

function uniforms(a: number, b: number, c: number, scale: number, ident: number, d = b) {
  return { a, b, c, scale, ident, d, P: Math.ceil(b / d) };
}

/**
 * Run length along the axis for the column kernel: the whole axis when there are enough outputs
 * to occupy a GPU, else runs of at least 64 so that about 16k threads share the work (one thread
 * per column of 131,072 rows left a GPU idle). Fixed by the shape, so the order of summation is.
 */
export function columnRun(len: number, outputs: number): number {
  const parts = Math.max(1, Math.min(Math.ceil(len / 64), Math.ceil(16384 / outputs)));
  return Math.ceil(len / parts);
}

function reduceView(x: Tensor, v: View, r: Reducer, scale: number): Tensor {
  const ctx = x.ctx;
  if (v.len === 0) throw new Error(`cannot reduce an empty axis of [${x.shape}]`);
  const out = ctx.empty(v.outShape);
  const defines = (rr: Reducer) => ({ MAP: rr.map, COMB: rr.comb, FINISH: rr.finish });
  const rows = (src: Tensor, dst: Tensor, rr: Reducer, nrows: number, len: number, n: number): void =>
    rowsProgram.run(ctx, {
      bindings: { x: src, out: dst },
      uniforms: uniforms(nrows, len, n, scale, rr.ident),
      defines: defines(rr),
      workgroups: grid(nrows * WG, WG),
    });
  if (v.inner > 1 || v.len < MIN_ROW) {
    const cols = (src: Tensor, dst: Tensor, rr: Reducer, len: number, d: number): void =>
      colsProgram.run(ctx, {
        bindings: { x: src, out: dst },
        uniforms: uniforms(v.outer, len, v.inner, scale, rr.ident, d),
        defines: defines(rr),
        threads: v.outer * Math.ceil(len / d) * v.inner,
      });
    const d = columnRun(v.len, v.outer * v.inner);
    if (d === v.len) cols(x, out, r, v.len, d);
    else {
      const P = Math.ceil(v.len / d);
      ctx.scope(() => {
        const partial = ctx.empty([v.outer, P, v.inner]);
        cols(x, partial, { ...r, finish: 'acc' }, v.len, d);
        cols(partial, out, { ...r, map: 'v' }, P, P);
      });
    }
  } else if (v.outer > 1 || v.len <= CHUNK) {
    rows(x, out, r, v.outer, v.len, x.size);
  } else {
    const nparts = Math.ceil(v.len / CHUNK);
    ctx.scope(() => {
      const partial = ctx.empty([nparts]);
      rows(x, partial, { ...r, finish: 'acc' }, nparts, CHUNK, v.len);
      rows(partial, out, { ...r, map: 'v' }, 1, nparts, nparts);
    });
  }
  return out;
}

/** Sum over all elements (→ [1]) or along `axis` (that axis removed). */
export function sum(x: Tensor, axis?: number): Tensor {
  return reduceView(x, view(x, axis), SUM, 1);
}

export function mean(x: Tensor, axis?: number): Tensor {
  const v = view(x, axis);
  return reduceView(x, v, SUM, 1 / v.len);
}

export function max(x: Tensor, axis?: number): Tensor {
  return reduceView(x, view(x, axis), MAX, 1);
}

/** L2 norm of all elements, shape [1]. */
export function norm2(x: Tensor): Tensor {
  return reduceView(x, view(x), SUMSQ, 1);
}

/**
 * scale · (sum of x over everything but a trailing block of shape `outShape`): the gradient of an
 * operand that was broadcast as a row (or a scalar) over x. outShape's size must divide x's.
 */
export function sumToShape(x: Tensor, outShape: readonly number[], scale = 1): Tensor {
  const cols = sizeOf(outShape);
  if (x.size % cols !== 0) throw new Error(`cannot sum [${x.shape}] down to [${outShape}]`);
  checkF32(x);
  return reduceView(x, { outer: 1, len: x.size / cols, inner: cols, outShape: [...outShape] }, SUM, scale);
}

/** Index of the maximum along `axis` (u32, the first index on ties). */
export function argmax(x: Tensor, axis: number): Tensor {
  const v = view(x, axis);
  const out = x.ctx.empty(v.outShape, 'u32');
  argmaxProgram.run(x.ctx, {
    bindings: { x, outu: out },
    uniforms: uniforms(v.outer, v.len, v.inner, 1, 0),
    defines: PLAIN,
    threads: v.outer * v.inner,
  });
  return out;
}

/**
 * The adjoint of sum/mean: broadcast `g` (the reduced shape) back to `shape`, times `scale`
 * (1 for sum, 1/len for mean). axis undefined means g has one element.
 */
export function expand(g: Tensor, shape: readonly number[], axis: number | undefined, scale = 1): Tensor {
  const ctx = g.ctx;
  const out = ctx.empty(shape);
  const v = view(out, axis);
  if (g.size !== v.outer * v.inner)
    throw new Error(`expand: gradient [${g.shape}] does not match [${shape}] reduced along ${axis}`);
  expandProgram.run(ctx, {
    bindings: { x: g, out },
    uniforms: uniforms(out.size, v.len, v.inner, scale, 0),
    defines: PLAIN,
    threads: out.size,
  });
  return out;
}
