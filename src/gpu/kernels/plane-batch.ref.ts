/** Plain TypeScript references for the batched weight-plane kernels (float64 math). */
import type { Activation } from './matmul.ts';
import { unaryRef } from './elementwise.ref.ts';
import { crossEntropyRef } from './softmax.ref.ts';

export function planeCombineRef(
  coefs: Float32Array,
  stack: Float32Array,
  activation: Activation = 'identity',
): Float64Array {
  const P = coefs.length / 3;
  const n = stack.length / 3;
  const out = new Float64Array(P * n);
  for (let p = 0; p < P; p++)
    for (let j = 0; j < n; j++)
      out[p * n + j] = unaryRef[activation](
        coefs[3 * p] * stack[j] + coefs[3 * p + 1] * stack[n + j] + coefs[3 * p + 2] * stack[2 * n + j],
      );
  return out;
}

export function pointBiasActivationRef(
  x: Float32Array,
  bias: Float32Array,
  P: number,
  C: number,
  activation: Activation,
): Float64Array {
  const perPoint = x.length / P;
  return Float64Array.from(x, (v, i) => unaryRef[activation](v + bias[Math.floor(i / perPoint) * C + (i % C)]));
}

/** act(hidden[p]·weight[p] + bias[p]) for hidden [P, R, in], then the per-row cross-entropy with the labels repeated once per point. */
export function pointHeadRef(
  hidden: ArrayLike<number>,
  weight: Float32Array,
  bias: Float32Array,
  labels: Uint32Array,
  P: number,
  C: number,
  activation: Activation,
): { perExample: Float64Array; correct: Float64Array } {
  const R = labels.length;
  const inw = weight.length / (P * C);
  const logits = new Float32Array(P * R * C);
  for (let p = 0; p < P; p++)
    for (let r = 0; r < R; r++)
      for (let j = 0; j < C; j++) {
        let z = bias[p * C + j];
        for (let k = 0; k < inw; k++) z += hidden[(p * R + r) * inw + k] * weight[(p * inw + k) * C + j];
        logits[(p * R + r) * C + j] = unaryRef[activation](z);
      }
  const repeated = new Uint32Array(P * R);
  for (let p = 0; p < P; p++) repeated.set(labels, p * R);
  return crossEntropyRef(logits, repeated, C);
}
