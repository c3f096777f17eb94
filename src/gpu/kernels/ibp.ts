/**
 * Interval bound propagation through an MLP's Linear/ReLU layers, on plain ε-balls or inside a
 * class's neural activation pattern (ibp.wgsl): per box, the least lower bound of the target
 * logit's margin over every other class, and whether the NAP's constraints leave the box empty.
 * Never trained through: bounds are read, not differentiated.
 */
import code from '../../wgsl/ibp.wgsl?raw';
import type { Naps, PatternLayout } from './activation-patterns.ts';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const program = programModule({
  name: 'ibp',
  code,
  workgroupSize: 64,
  uniforms: {
    rows: 'u32',
    inF: 'u32',
    outF: 'u32',
    words: 'u32',
    offset: 'u32',
    n: 'u32',
    radii: 'u32',
    lo: 'f32',
    hi: 'f32',
  },
});
const boxProgram = program('box', { x: 'read', eps: 'read', bout: 'read_write' });
const linearProgram = program('linear', { bin: 'read', w: 'read', b: 'read', bout: 'read_write' });
const reluProgram = program('relu', {
  bin: 'read',
  spec: 'read',
  fixed: 'read',
  value: 'read',
  bout: 'read_write',
  empty: 'read_write',
});
const marginProgram = program('margin', { bin: 'read', w: 'read', b: 'read', keep: 'read', bout: 'read_write' });

/** spec[row] for a box with no NAP: the plain ε-ball. */
export const NO_NAP = 0xffffffff;

type Uniforms = Parameters<typeof boxProgram.run>[1]['uniforms'];
const uniforms = (u: Partial<Uniforms>): Uniforms => ({
  rows: 0,
  inF: 0,
  outF: 0,
  words: 0,
  offset: 0,
  n: 0,
  radii: 0,
  lo: 0,
  hi: 0,
  ...u,
});

/** Rows of a bounds tensor [2, rows, width] (lower rows, then upper rows). */
const rowsOf = (bounds: Tensor): number => bounds.shape[1];

function check(what: string, ok: boolean, got: Tensor): void {
  got.assertLive();
  if (!ok) throw new Error(`ibp: ${what}, got ${got.dtype} [${got.shape}]`);
}

/**
 * Boxes [2, copies·n·radii, d]: row (c·n + i)·radii + e is x[i] ± eps[e] clipped to [lo, hi]; the
 * copies are the same boxes, for specs that differ only in their NAP.
 */
export function inputBoxes(x: Tensor, eps: Tensor, o: { copies: number; lo: number; hi: number }): Tensor {
  const [n, d] = x.shape;
  check('inputs must be f32 [n, d]', x.rank === 2 && x.dtype === 'f32', x);
  check('radii must be f32', eps.dtype === 'f32' && eps.size > 0, eps);
  const rows = o.copies * n * eps.size;
  const out = x.ctx.empty([2, rows, d]);
  boxProgram.run(x.ctx, {
    bindings: { x, eps, bout: out },
    uniforms: uniforms({ rows, inF: d, n, radii: eps.size, lo: o.lo, hi: o.hi }),
    threads: rows * d,
  });
  return out;
}

/** Bounds of x·W + b over each row's box; W is [in, out] as Linear stores it. */
export function ibpLinear(bounds: Tensor, w: Tensor, b: Tensor): Tensor {
  const [inF, outF] = w.shape;
  const rows = rowsOf(bounds);
  check(`bounds must be f32 [2, rows, ${inF}]`, bounds.rank === 3 && bounds.shape[2] === inF, bounds);
  check(`bias must have ${outF} entries`, b.size === outF, b);
  const out = bounds.ctx.empty([2, rows, outF]);
  linearProgram.run(bounds.ctx, {
    bindings: { bin: bounds, w, b, bout: out },
    uniforms: uniforms({ rows, inF, outF }),
    threads: rows * outF,
  });
  return out;
}

/**
 * ReLU of pre-activation bounds inside each row's NAP (spec[row] a class of `naps`, or NO_NAP);
 * `offset` is the layer's first word in the NAPs' layout. Marks rows whose NAP region is empty in
 * `empty` (u32 [rows], only ever raised).
 */
export function ibpRelu(bounds: Tensor, spec: Tensor, naps: Naps, offset: number, empty: Tensor): Tensor {
  const [, rows, width] = bounds.shape;
  const words = naps.fixed.shape[1];
  check(`spec must be u32 [${rows}]`, spec.dtype === 'u32' && spec.size === rows, spec);
  check(`empty must be u32 [${rows}]`, empty.dtype === 'u32' && empty.size === rows, empty);
  if (offset + Math.ceil(width / 32) > words)
    throw new Error(`ibp: a layer of ${width} neurons from word ${offset} does not fit NAPs of ${words} words`);
  const out = bounds.ctx.empty([2, rows, width]);
  reluProgram.run(bounds.ctx, {
    bindings: { bin: bounds, spec, fixed: naps.fixed, value: naps.value, bout: out, empty },
    uniforms: uniforms({ rows, inF: width, words, offset }),
    threads: rows,
  });
  return out;
}

/** [rows]: the least lower bound over classes j ≠ target[row] of logit[target] − logit[j]. */
export function ibpMargin(bounds: Tensor, w: Tensor, b: Tensor, target: Tensor): Tensor {
  const [inF, outF] = w.shape;
  const rows = rowsOf(bounds);
  check(`bounds must be f32 [2, rows, ${inF}]`, bounds.rank === 3 && bounds.shape[2] === inF, bounds);
  check(`target must be u32 [${rows}]`, target.dtype === 'u32' && target.size === rows, target);
  const out = bounds.ctx.empty([rows]);
  marginProgram.run(bounds.ctx, {
    bindings: { bin: bounds, w, b, keep: target, bout: out },
    uniforms: uniforms({ rows, inF, outF }),
    threads: rows,
  });
  return out;
}

export interface IbpLayer {
  weight: Tensor;
  bias: Tensor;
}

/**
 * Margins and empty flags of every box through an MLP (ReLU after every layer but the last),
 * each hidden layer l inside its rows' NAPs at the layout's word offsets.
 */
export function certifyBoxes(
  boxes: Tensor,
  layers: readonly IbpLayer[],
  rows: { spec: Tensor; target: Tensor },
  naps: Naps,
  layout: PatternLayout,
): { margin: Tensor; empty: Tensor } {
  const ctx = boxes.ctx;
  const empty = ctx.tensor(new Uint32Array(rowsOf(boxes)), [rowsOf(boxes)], 'u32');
  let h = boxes;
  layers.slice(0, -1).forEach((layer, l) => {
    h = ibpRelu(ibpLinear(h, layer.weight, layer.bias), rows.spec, naps, layout.offsets[l], empty);
  });
  const last = layers[layers.length - 1];
  return { margin: ibpMargin(h, last.weight, last.bias, rows.target), empty };
}
