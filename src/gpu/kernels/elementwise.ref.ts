/** Plain TypeScript references for the elementwise kernels (float64 math, f32 results). */
import type { BinaryOp, UnaryOp } from './elementwise.ts';

const K = Math.sqrt(2 / Math.PI);
const C = 0.044715;

export const unaryRef: Record<UnaryOp, (x: number) => number> = {
  relu: (x) => Math.max(x, 0),
  gelu: (x) => 0.5 * x * (1 + Math.tanh(K * (x + C * x * x * x))),
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  gauss: (x) => Math.exp(-0.5 * x * x),
  square: (x) => x * x,
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  abs: Math.abs,
  sqrt: Math.sqrt,
  identity: (x) => x,
};

/** d op(x) / dx */
export const derivRef: Record<UnaryOp, (x: number) => number> = {
  relu: (x) => (x > 0 ? 1 : 0),
  gelu: (x) => {
    const t = Math.tanh(K * (x + C * x * x * x));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * C * x * x);
  },
  tanh: (x) => 1 - Math.tanh(x) ** 2,
  sigmoid: (x) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s);
  },
  gauss: (x) => -x * Math.exp(-0.5 * x * x),
  square: (x) => 2 * x,
  neg: () => -1,
  exp: Math.exp,
  log: (x) => 1 / x,
  abs: Math.sign,
  sqrt: (x) => 0.5 / Math.sqrt(x),
  identity: () => 1,
};

export const binaryRef: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  max: Math.max,
  min: Math.min,
};

export function mapRef(x: Float32Array, f: (x: number) => number): Float32Array {
  return Float32Array.from(x, f);
}

/** a op b with b indexed modulo its length (same shape, row broadcast or scalar). */
export function binaryArrRef(op: BinaryOp, a: Float32Array, b: Float32Array): Float32Array {
  return Float32Array.from(a, (v, i) => binaryRef[op](v, b[i % b.length]));
}
