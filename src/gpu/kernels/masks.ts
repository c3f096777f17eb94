/**
 * Structured pruning masks and mask application. A structured mask is expanded from one keep flag
 * per unit (0 prunes the unit, anything else keeps it): whole neurons (rows or columns of an
 * [in, out] weight), conv output channels, attention heads, or b×b blocks. All of them are the
 * same operation on a matrix view: unit (i, j) covers the block of rows i·br… and columns j·bc….
 */
import code from '../../wgsl/mask.wgsl?raw';
import { grid } from '../grid.ts';
import type { Param } from '../context.ts';
import type { Tensor } from '../tensor.ts';

const WG = 256;

export interface MaskBuffers {
  a: Tensor;
  /** The old mask of `threshold`; without one, `a` is bound in its place and ignored. */
  b?: Tensor | null;
  t?: Tensor;
  out: Tensor;
}

/** One mask.wgsl dispatch over out.size elements; `expand` also takes [cols, br, bc, ucols]. */
export function maskDispatch(
  entry: 'expand' | 'apply' | 'threshold',
  bufs: MaskBuffers,
  params: Param[] = [0, 0, 0, 0],
): void {
  const { a, b = null, t, out } = bufs;
  const threshold = entry === 'threshold';
  // threshold binds a, b, t, out; the others a and out (unused names get numbers past the end).
  const layout = threshold
    ? { B_A: 0, B_B: 1, B_T: 2, B_OUT: 3, B_P: 4 }
    : { B_A: 0, B_OUT: 1, B_P: 2, B_B: 16, B_T: 17 };
  out.ctx.dispatch({
    kernel: { name: 'mask', code, entry },
    defines: { WG, HAS_OLD: b !== null, ...layout },
    buffers: threshold ? [a, b ?? a, t!, out] : [a, out],
    params: [out.size, ...params],
    workgroups: grid(out.size, WG),
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
  if (out.size > 0) maskDispatch('expand', { a: keep, out }, [cols, br, bc, Math.ceil(cols / bc)]);
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
  if (w.size > 0) maskDispatch('apply', { a: mask, out: w });
}
