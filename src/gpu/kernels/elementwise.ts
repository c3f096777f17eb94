/** Elementwise kernels: activations, arithmetic with row/scalar broadcast, affine maps, fills. */
import code from '../../wgsl/elementwise.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { withActivations } from './activations.ts';

const source = withActivations(code);
// The entries share binding numbers (elementwise.wgsl), so each names its own uniform variable.
const program = programModule({
  name: 'elementwise',
  code: source,
  workgroupSize: 256,
  uniforms: { n: 'u32', bn: 'u32', alpha: 'f32', beta: 'f32' },
  defines: ['UNARY', 'GRAD', 'BINARY'],
});
const unaryProgram = program('unary', { in0: 'read', out1: 'read_write' }, 'p2');
const unaryGradProgram = program('unary_grad', { in0: 'read', in1: 'read', out2: 'read_write' }, 'p3');
const binaryProgram = program('binary', { in0: 'read', in1: 'read', out2: 'read_write' }, 'p3');
const affineProgram = program('affine', { in0: 'read', out1: 'read_write' }, 'p2');
const axpbyProgram = program('axpby', { in0: 'read', in1: 'read', out2: 'read_write' }, 'p3');
const fillProgram = program('fill', { out0: 'read_write' }, 'p1');

export type UnaryOp =
  'relu' | 'gelu' | 'tanh' | 'sigmoid' | 'gauss' | 'square' | 'neg' | 'exp' | 'log' | 'abs' | 'sqrt' | 'identity';
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min';

/**
 * Forward expression of x, and the derivative as an expression of g (output gradient) and v, where
 * v is the op's output y when the derivative is exact from it, otherwise its input x.
 */
const UNARY: Record<UnaryOp, { fwd: string; uses: 'x' | 'y'; grad: string }> = {
  relu: { fwd: 'act_relu(x)', uses: 'y', grad: 'g * dact_relu_y(v)' },
  gelu: { fwd: 'act_gelu(x)', uses: 'x', grad: 'g * dact_gelu(v)' },
  tanh: { fwd: 'act_tanh(x)', uses: 'y', grad: 'g * dact_tanh_y(v)' },
  sigmoid: { fwd: 'act_sigmoid(x)', uses: 'y', grad: 'g * dact_sigmoid_y(v)' },
  // exp(−x²/2) gives |x| but not its sign back, so the derivative needs the input.
  gauss: { fwd: 'act_gauss(x)', uses: 'x', grad: 'g * dact_gauss(v)' },
  square: { fwd: 'x * x', uses: 'x', grad: '2.0 * g * v' },
  neg: { fwd: '-x', uses: 'x', grad: '-g' },
  exp: { fwd: 'exp(x)', uses: 'y', grad: 'g * v' },
  log: { fwd: 'log(x)', uses: 'x', grad: 'g / v' },
  abs: { fwd: 'abs(x)', uses: 'x', grad: 'g * sign(v)' },
  sqrt: { fwd: 'sqrt(x)', uses: 'y', grad: '0.5 * g / v' },
  identity: { fwd: 'x', uses: 'x', grad: 'g' },
};

const BINARY: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  max: 'max(a, b)',
  min: 'min(a, b)',
};

function checkF32(...ts: Tensor[]): void {
  for (const t of ts) {
    t.assertLive();
    if (t.dtype !== 'f32') throw new Error(`elementwise kernels take f32 tensors, got ${t.dtype} [${t.shape}]`);
  }
}

function sameShape(a: Tensor, b: Tensor): boolean {
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

/** The expression defines, each entry's own spliced into a dummy for the others. */
const NO_EXPR = { UNARY: '0.0', GRAD: '0.0', BINARY: '0.0' };

/** Uniforms and grid of a dispatch over `out.size` elements (bn: b's broadcast size). */
const over = (out: Tensor, alpha = 0, beta = 0, bn = 1) => ({
  uniforms: { n: out.size, bn, alpha, beta },
  threads: out.size,
});

export function unary(op: UnaryOp, x: Tensor): Tensor {
  checkF32(x);
  const out = x.ctx.empty(x.shape);
  unaryProgram.run(x.ctx, {
    bindings: { in0: x, out1: out },
    defines: { ...NO_EXPR, UNARY: UNARY[op].fwd },
    ...over(out),
  });
  return out;
}

/** Gradient wrt x of y = op(x), given the input x, the output y and the output gradient gy. */
/** Whether unaryGrad(op, …) reads the op's output y only (its input x may then be anything). */
export const gradientFromOutput = (op: UnaryOp): boolean => UNARY[op].uses === 'y';

export function unaryGrad(op: UnaryOp, x: Tensor, y: Tensor, gy: Tensor): Tensor {
  checkF32(x, y, gy);
  if (!sameShape(x, gy) || !sameShape(y, gy))
    throw new Error(`unaryGrad(${op}): shapes [${x.shape}], [${y.shape}], [${gy.shape}] differ`);
  const { uses, grad } = UNARY[op];
  const out = x.ctx.empty(x.shape);
  unaryGradProgram.run(x.ctx, {
    bindings: { in0: uses === 'x' ? x : y, in1: gy, out2: out },
    defines: { ...NO_EXPR, GRAD: grad },
    ...over(out),
  });
  return out;
}

/** How `b` broadcasts against `a`: its size when valid (same shape, last-axis row, or scalar). */
export function broadcastSize(a: Tensor, b: Tensor): number {
  if (sameShape(a, b) || b.size === 1) return b.size;
  if (a.rank > 0 && b.size === a.shape[a.rank - 1]) return b.size;
  throw new Error(
    `cannot broadcast [${b.shape}] against [${a.shape}]: need the same shape, a row of ${a.shape[a.rank - 1]}, or a scalar`,
  );
}

/** a op b, where b has a's shape, is a row over a's last axis, or is a scalar; output has a's shape. */
export function binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  checkF32(a, b);
  const bn = broadcastSize(a, b);
  const out = a.ctx.empty(a.shape);
  binaryProgram.run(a.ctx, {
    bindings: { in0: a, in1: b, out2: out },
    defines: { ...NO_EXPR, BINARY: BINARY[op] },
    ...over(out, 0, 0, bn),
  });
  return out;
}

export function add(a: Tensor, b: Tensor): Tensor {
  return binary('add', a, b);
}

export function mul(a: Tensor, b: Tensor): Tensor {
  return binary('mul', a, b);
}

/** alpha·x + beta. */
function affine(x: Tensor, alpha: number, beta: number): Tensor {
  const out = x.ctx.empty(x.shape);
  affineProgram.run(x.ctx, { bindings: { in0: x, out1: out }, defines: NO_EXPR, ...over(out, alpha, beta) });
  return out;
}

export function scale(x: Tensor, alpha: number): Tensor {
  checkF32(x);
  return affine(x, alpha, 0);
}

export function addScalar(x: Tensor, c: number): Tensor {
  checkF32(x);
  return affine(x, 1, c);
}

/** a·x + b·y for same-shape x and y. */
export function axpby(a: number, x: Tensor, b: number, y: Tensor): Tensor {
  checkF32(x, y);
  if (!sameShape(x, y)) throw new Error(`axpby: shapes [${x.shape}] and [${y.shape}] differ`);
  const out = x.ctx.empty(x.shape);
  axpbyProgram.run(x.ctx, { bindings: { in0: x, in1: y, out2: out }, defines: NO_EXPR, ...over(out, a, b) });
  return out;
}

export function fill(ctx: GpuContext, shape: readonly number[], value: number): Tensor {
  const out = ctx.empty(shape);
  fillProgram.run(ctx, { bindings: { out0: out }, defines: NO_EXPR, ...over(out, value) });
  return out;
}
