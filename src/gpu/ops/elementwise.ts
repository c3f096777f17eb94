/** Differentiable elementwise ops: activations and arithmetic with row/scalar broadcast. */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import * as K from '../kernels/elementwise.ts';
import { sumToShape } from '../kernels/reduce.ts';

export type { UnaryOp } from '../kernels/elementwise.ts';

export function activation(x: Tensor, op: K.UnaryOp): Tensor {
  const y = K.unary(op, x);
  return record(y, [x], (g) => [K.unaryGrad(op, x, y, g)]);
}

export const relu = (x: Tensor): Tensor => activation(x, 'relu');
export const gelu = (x: Tensor): Tensor => activation(x, 'gelu');
export const tanh = (x: Tensor): Tensor => activation(x, 'tanh');
export const sigmoid = (x: Tensor): Tensor => activation(x, 'sigmoid');
export const gauss = (x: Tensor): Tensor => activation(x, 'gauss');
export const square = (x: Tensor): Tensor => activation(x, 'square');
export const exp = (x: Tensor): Tensor => activation(x, 'exp');
export const log = (x: Tensor): Tensor => activation(x, 'log');
export const neg = (x: Tensor): Tensor => activation(x, 'neg');
export const abs = (x: Tensor): Tensor => activation(x, 'abs');
export const sqrt = (x: Tensor): Tensor => activation(x, 'sqrt');

/**
 * Gradient of operand b from the gradient g of a's shape, times `scale`: b was used at every
 * position it broadcast to, so its gradient sums g over the broadcast (leading) axes.
 */
function gradOfOperand(g: Tensor, b: Tensor, scale = 1): Tensor {
  if (g.size === b.size) return scale === 1 ? g : K.scale(g, scale);
  return sumToShape(g, b.shape, scale);
}

/** Run `f` in a scope so the backward temporaries it makes are freed right away. */
const local = (t: Tensor, f: () => Tensor): Tensor => t.ctx.scope(f);

/** a + b, b of a's shape, a row over a's last axis, or a scalar (as in kernels/elementwise.binary). */
export function add(a: Tensor, b: Tensor): Tensor {
  return record(K.binary('add', a, b), [a, b], (g) => [g, b.requiresGrad ? gradOfOperand(g, b) : null]);
}

export function sub(a: Tensor, b: Tensor): Tensor {
  return record(K.binary('sub', a, b), [a, b], (g) => [g, b.requiresGrad ? gradOfOperand(g, b, -1) : null]);
}

export function mul(a: Tensor, b: Tensor): Tensor {
  return record(K.binary('mul', a, b), [a, b], (g) => [
    a.requiresGrad ? K.binary('mul', g, b) : null,
    b.requiresGrad ? local(g, () => gradOfOperand(K.mul(g, a), b)) : null,
  ]);
}

export function div(a: Tensor, b: Tensor): Tensor {
  const y = K.binary('div', a, b);
  // d(a/b)/db = −y/b, so b's gradient is −Σ g·y/b over the broadcast axes.
  return record(y, [a, b], (g) => [
    a.requiresGrad ? K.binary('div', g, b) : null,
    b.requiresGrad ? local(g, () => gradOfOperand(K.binary('div', K.mul(g, y), b), b, -1)) : null,
  ]);
}

export function scale(x: Tensor, alpha: number): Tensor {
  return record(K.scale(x, alpha), [x], (g) => [K.scale(g, alpha)]);
}

export function addScalar(x: Tensor, c: number): Tensor {
  return record(K.addScalar(x, c), [x], (g) => [g]);
}
