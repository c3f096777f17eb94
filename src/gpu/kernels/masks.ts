/**
 * Structured pruning masks and mask application. A structured mask is expanded from one keep flag
 * per unit (0 prunes the unit, anything else keeps it): whole neurons (rows or columns of an
 * [in, out] weight), conv output channels, attention heads, or b×b blocks. All of them are the
 * same operation on a matrix view: unit (i, j) covers the block of rows i·br… and columns j·bc….
 */
import code from '../../wgsl/mask.wgsl?raw';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const program = programModule({
  name: 'mask',
  code,
  workgroupSize: 256,
  uniforms: { n: 'u32', cols: 'u32', br: 'u32', bc: 'u32', ucols: 'u32' },
  defines: ['HAS_OLD'],
});
const expandProgram = program('expand', { a: 'read', out: 'read_write' });
const applyProgram = program('apply', { a: 'read', out: 'read_write' });
const thresholdProgram = program('threshold', { a: 'read', b: 'read', t: 'read', out: 'read_write' });

/** Uniforms, define and grid of a dispatch over `out` (only expand's view needs the rest). */
const over = (out: Tensor, cols = 0, br = 0, bc = 0, ucols = 0) => ({
  uniforms: { n: out.size, cols, br, bc, ucols },
  defines: { HAS_OLD: false },
  threads: out.size,
});

/**
 * out = 1 where |w| ≥ threshold[0] and, given an old mask, the old mask is nonzero (select.ts's
 * thresholdMask).
 */
export function magnitudeMaskInto(out: Tensor, w: Tensor, threshold: Tensor, oldMask: Tensor | null): void {
  thresholdProgram.run(out.ctx, {
    // Without an old mask, w is bound in its place and never read.
    bindings: { a: w, b: oldMask ?? w, t: threshold, out },
    ...over(out),
    defines: { HAS_OLD: oldMask !== null },
  });
}

function check(what: string, ok: boolean, why: string): void {
  if (!ok) throw new Error(`${what}: ${why}`);
}

/**
 * Mask of `shape` ([rows, cols]) from keep flags laid out [⌈rows/br⌉, ⌈cols/bc⌉]: entry (r, c) is
 * kept when keep[⌊r/br⌋, ⌊c/bc⌋] ≠ 0. Partial blocks at the edges are units of their own.
 */
export function blockMask(keep: Tensor, shape: readonly [number, number], block: readonly [number, number]): Tensor {
  return expand(keep, shape, shape, block);
}

/** blockMask over the matrix view `view` of a tensor of shape `outShape`. */
function expand(
  keep: Tensor,
  outShape: readonly number[],
  view: readonly [number, number],
  block: readonly [number, number],
): Tensor {
  const [rows, cols] = view;
  const [br, bc] = block;
  check(
    'blockMask',
    br >= 1 && bc >= 1 && Number.isInteger(br) && Number.isInteger(bc),
    `block ${br}×${bc} must be positive integers`,
  );
  const units = Math.ceil(rows / br) * Math.ceil(cols / bc);
  check(
    'blockMask',
    keep.size === units,
    `keep has ${keep.size} flags, a [${rows}, ${cols}] matrix in ${br}×${bc} blocks has ${units}`,
  );
  check('blockMask', keep.dtype === 'f32', 'keep flags must be f32');
  const out = keep.ctx.empty(outShape);
  if (out.size > 0)
    expandProgram.run(out.ctx, { bindings: { a: keep, out }, ...over(out, cols, br, bc, Math.ceil(cols / bc)) });
  return out;
}

/**
 * Whole neurons of an [in, out] weight: `axis` 'out' prunes output neurons (columns, keep has
 * `out` flags), 'in' prunes input neurons (rows, keep has `in` flags).
 */
export function neuronMask(keep: Tensor, shape: readonly [number, number], axis: 'in' | 'out'): Tensor {
  const [rows, cols] = shape;
  return axis === 'out'
    ? blockMask(keep, shape, [Math.max(1, rows), 1])
    : blockMask(keep, shape, [1, Math.max(1, cols)]);
}

/** Whole output channels of a conv weight [outC, inC, kh, kw] (any rank ≥ 1; keep has outC flags). */
export function channelMask(keep: Tensor, shape: readonly number[]): Tensor {
  check('channelMask', shape.length >= 1, 'the weight needs at least one dimension');
  const per = shape.slice(1).reduce((p, d) => p * d, 1);
  return expand(keep, shape, [shape[0], per], [1, Math.max(1, per)]);
}

/**
 * Whole attention heads of a [dIn, dOut] projection whose output dimension is split into
 * keep.size heads of dOut / heads consecutive columns each.
 */
export function headMask(keep: Tensor, shape: readonly [number, number]): Tensor {
  const [rows, cols] = shape;
  const heads = keep.size;
  check('headMask', heads >= 1 && cols % heads === 0, `${cols} output columns do not split into ${heads} heads`);
  return blockMask(keep, shape, [Math.max(1, rows), Math.max(1, cols / heads)]);
}

/** w ← w ⊙ mask in place: pruned weights become exactly +0 (also when w was inf or NaN). */
export function applyMask(w: Tensor, mask: Tensor): void {
  check(
    'applyMask',
    w.size === mask.size && w.dtype === 'f32' && mask.dtype === 'f32',
    `mask [${mask.shape}] does not fit weight [${w.shape}]`,
  );
  if (w.size > 0) applyProgram.run(w.ctx, { bindings: { a: mask, out: w }, ...over(w) });
}
