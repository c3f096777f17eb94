/** Elementwise kernels: activations, arithmetic with row/scalar broadcast, affine maps, fills. */
import code from '../../wgsl/elementwise.wgsl?raw';
import { grid } from '../grid.ts';
import type { GpuContext, KernelSource } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { withActivations } from './activations.ts';

const WG = 256;
const source = withActivations(code);
const kernel = (entry: string): KernelSource => ({ name: 'elementwise', code: source, entry });

export type UnaryOp =
  'relu' | 'gelu' | 'tanh' | 'sigmoid' | 'square' | 'neg' | 'exp' | 'log' | 'abs' | 'sqrt' | 'identity';
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

type Slot = 'UNARY' | 'GRAD' | 'BINARY';
const NO_EXPR = { UNARY: '0.0', GRAD: '0.0', BINARY: '0.0' };

/** Encode one elementwise dispatch over `out.size` threads; params are (n, bn, alpha, beta). */
function launch(
  ctx: GpuContext,
  entry: string,
  expr: [Slot, string] | null,
  buffers: Tensor[],
  out: Tensor,
  bn = 1,
  alpha = 0,
  beta = 0,
): Tensor {
  ctx.dispatch({
    kernel: kernel(entry),
    defines: expr === null ? { WG, ...NO_EXPR } : { WG, ...NO_EXPR, [expr[0]]: expr[1] },
    buffers: [...buffers, out],
    params: [out.size, bn, { f32: alpha }, { f32: beta }],
    workgroups: grid(out.size, WG),
  });
  return out;
}

export function unary(op: UnaryOp, x: Tensor): Tensor {
  checkF32(x);
  return launch(x.ctx, 'unary', ['UNARY', UNARY[op].fwd], [x], x.ctx.empty(x.shape));
}

/** Gradient wrt x of y = op(x), given the input x, the output y and the output gradient gy. */
/** Whether unaryGrad(op, …) reads the op's output y only (its input x may then be anything). */
export const gradientFromOutput = (op: UnaryOp): boolean => UNARY[op].uses === 'y';

export function unaryGrad(op: UnaryOp, x: Tensor, y: Tensor, gy: Tensor): Tensor {
  checkF32(x, y, gy);
  if (!sameShape(x, gy) || !sameShape(y, gy))
    throw new Error(`unaryGrad(${op}): shapes [${x.shape}], [${y.shape}], [${gy.shape}] differ`);
  const { uses, grad } = UNARY[op];
  return launch(x.ctx, 'unary_grad', ['GRAD', grad], [uses === 'x' ? x : y, gy], x.ctx.empty(x.shape));
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
  return launch(a.ctx, 'binary', ['BINARY', BINARY[op]], [a, b], a.ctx.empty(a.shape), bn);
}

export function add(a: Tensor, b: Tensor): Tensor {
  return binary('add', a, b);
}

export function mul(a: Tensor, b: Tensor): Tensor {
  return binary('mul', a, b);
}

export function scale(x: Tensor, alpha: number): Tensor {
  checkF32(x);
  return launch(x.ctx, 'affine', null, [x], x.ctx.empty(x.shape), 1, alpha, 0);
}

export function addScalar(x: Tensor, c: number): Tensor {
  checkF32(x);
  return launch(x.ctx, 'affine', null, [x], x.ctx.empty(x.shape), 1, 1, c);
}

/** a·x + b·y for same-shape x and y. */
export function axpby(a: number, x: Tensor, b: number, y: Tensor): Tensor {
  checkF32(x, y);
  if (!sameShape(x, y)) throw new Error(`axpby: shapes [${x.shape}] and [${y.shape}] differ`);
  return launch(x.ctx, 'axpby', null, [x, y], x.ctx.empty(x.shape), 1, a, b);
}

export function fill(ctx: GpuContext, shape: readonly number[], value: number): Tensor {
  return launch(ctx, 'fill', null, [], ctx.empty(shape), 1, value, 0);
}
