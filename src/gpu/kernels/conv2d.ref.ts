/** Direct-loop references for conv2d.ts (float64 accumulation): NHWC activations, weight [outC, inC, kh, kw]. */
import { unaryRef } from './elementwise.ref.ts';
import type { Activation } from './matmul.ts';
import { convOutputSize } from './conv2d.ts';

export interface ConvRefInput {
  x: Float32Array;
  /** [B, H, W, inC] */
  xShape: readonly number[];
  w: Float32Array;
  /** [outC, inC, kh, kw] */
  wShape: readonly number[];
  stride?: number;
  padding?: number;
  bias?: Float32Array | null;
  activation?: Activation;
  mask?: Float32Array | null;
}

interface Walk {
  OH: number;
  OW: number;
  /** Calls f(xIndex, gIndex, wIndex) for every multiply of the convolution. */
  each(f: (xi: number, gi: number, wi: number) => void): void;
}

function walk(r: ConvRefInput): Walk {
  const { stride = 1, padding = 0 } = r;
  const [B, H, W, C] = r.xShape;
  const [O, , KH, KW] = r.wShape;
  const OH = convOutputSize(H, KH, stride, padding);
  const OW = convOutputSize(W, KW, stride, padding);
  return {
    OH,
    OW,
    each(f) {
      for (let b = 0; b < B; b++)
        for (let oy = 0; oy < OH; oy++)
          for (let ox = 0; ox < OW; ox++)
            for (let o = 0; o < O; o++)
              for (let ky = 0; ky < KH; ky++)
                for (let kx = 0; kx < KW; kx++) {
                  const iy = oy * stride + ky - padding;
                  const ix = ox * stride + kx - padding;
                  if (iy < 0 || ix < 0 || iy >= H || ix >= W) continue;
                  for (let c = 0; c < C; c++) {
                    f(
                      ((b * H + iy) * W + ix) * C + c,
                      ((b * OH + oy) * OW + ox) * O + o,
                      ((o * C + c) * KH + ky) * KW + kx,
                    );
                  }
                }
    },
  };
}

export function conv2dRef(r: ConvRefInput): { out: Float32Array; pre: Float32Array; shape: number[] } {
  const { bias = null, mask = null, activation = 'identity' } = r;
  const O = r.wShape[0];
  const wk = walk(r);
  const shape = [r.xShape[0], wk.OH, wk.OW, O];
  const acc = new Float64Array(shape.reduce((a, b) => a * b, 1));
  wk.each((xi, gi, wi) => (acc[gi] += r.x[xi] * r.w[wi] * (mask ? mask[wi] : 1)));
  const pre = Float32Array.from(acc, (v, i) => v + (bias ? bias[i % O] : 0));
  return { out: pre.map(unaryRef[activation]), pre, shape };
}

/** dX from dZ [B, OH, OW, outC]. */
export function conv2dInputGradRef(r: Omit<ConvRefInput, 'x'>, gz: Float32Array): Float32Array {
  const dx = new Float64Array(r.xShape.reduce((a, b) => a * b, 1));
  walk({ ...r, x: new Float32Array(0) }).each((xi, gi, wi) => (dx[xi] += gz[gi] * r.w[wi] * (r.mask ? r.mask[wi] : 1)));
  return Float32Array.from(dx);
}

/** dW [outC, inC, kh, kw] from x and dZ, masked. */
export function conv2dWeightGradRef(r: Omit<ConvRefInput, 'w'>, gz: Float32Array): Float32Array {
  const dw = new Float64Array(r.wShape.reduce((a, b) => a * b, 1));
  walk({ ...r, w: new Float32Array(0) }).each((xi, gi, wi) => (dw[wi] += gz[gi] * r.x[xi]));
  return Float32Array.from(dw, (v, i) => (r.mask ? v * r.mask[i] : v));
}
