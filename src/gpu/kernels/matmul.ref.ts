/** Triple-loop reference for matmul.ts (float64 accumulation, f32 result); same shape rules. */
import { unaryRef } from './elementwise.ref.ts';
import type { Activation } from './matmul.ts';

export interface MatmulRefInput {
  a: Float32Array;
  aShape: readonly number[];
  b: Float32Array;
  bShape: readonly number[];
  transA?: boolean;
  transB?: boolean;
  bias?: Float32Array | null;
  activation?: Activation;
  mask?: Float32Array | null;
}

export function matmulRef(x: MatmulRefInput): { out: Float32Array; pre: Float32Array; shape: number[] } {
  const { transA = false, transB = false, bias = null, mask = null, activation = 'identity' } = x;
  const [ar, ac] = x.aShape.slice(-2);
  const [br, bc] = x.bShape.slice(-2);
  const [M, K] = transA ? [ac, ar] : [ar, ac];
  const N = transB ? br : bc;
  const batchDims = x.aShape.length > 2 ? x.aShape.slice(0, -2) : x.bShape.slice(0, -2);
  const batch = batchDims.reduce((p, d) => p * d, 1);
  const sA = x.aShape.length > 2 ? M * K : 0;
  const sB = x.bShape.length > 2 ? K * N : 0;
  const out = new Float32Array(batch * M * N);
  const pre = new Float32Array(batch * M * N);
  const act = unaryRef[activation];
  for (let t = 0; t < batch; t++) {
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const ia = t * sA + (transA ? k * M + m : m * K + k);
          const ib = t * sB + (transB ? n * K + k : k * N + n);
          s += x.a[ia] * x.b[ib] * (mask ? mask[ib] : 1);
        }
        if (bias) s += bias[n];
        pre[(t * M + m) * N + n] = s;
        out[(t * M + m) * N + n] = act(s);
      }
    }
  }
  return { out, pre, shape: [...batchDims, M, N] };
}
