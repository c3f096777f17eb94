/** Direct-loop references for pool.ts (NHWC; float64 sums). */
import { poolDims, type PoolOptions } from './pool.ts';

/** Calls f(outIndex, inIndex) for every (window, real element) pair, in window order. */
function windows(xShape: readonly number[], o: PoolOptions, f: (oi: number, xi: number) => void): number[] {
  const { B, H, W, C, OH, OW, KH, KW, stride, pad } = poolDims(xShape, o);
  for (let b = 0; b < B; b++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++)
        for (let c = 0; c < C; c++)
          for (let ky = 0; ky < KH; ky++)
            for (let kx = 0; kx < KW; kx++) {
              const iy = oy * stride + ky - pad;
              const ix = ox * stride + kx - pad;
              if (iy >= 0 && ix >= 0 && iy < H && ix < W)
                f(((b * OH + oy) * OW + ox) * C + c, ((b * H + iy) * W + ix) * C + c);
            }
  return [B, OH, OW, C];
}

export function maxPoolRef(
  x: Float32Array,
  xShape: readonly number[],
  o: PoolOptions,
): { out: Float32Array; argmax: Uint32Array } {
  const best = new Map<number, number>();
  const [B, OH, OW, C] = windows(xShape, o, (oi, xi) => {
    const at = best.get(oi);
    if (at === undefined || x[xi] > x[at]) best.set(oi, xi);
  });
  const argmax = new Uint32Array(B * OH * OW * C).map((_, i) => best.get(i)!);
  return { out: Float32Array.from(argmax, (j) => x[j]), argmax };
}

export function maxPoolGradRef(gy: Float32Array, argmax: Uint32Array, xSize: number): Float32Array {
  const dx = new Float64Array(xSize);
  argmax.forEach((j, i) => (dx[j] += gy[i]));
  return Float32Array.from(dx);
}

export function avgPoolRef(x: Float32Array, xShape: readonly number[], o: PoolOptions): Float32Array {
  const d = poolDims(xShape, o);
  const acc = new Float64Array(d.B * d.OH * d.OW * d.C);
  windows(xShape, o, (oi, xi) => (acc[oi] += x[xi]));
  return Float32Array.from(acc, (v) => v / (d.KH * d.KW));
}

export function avgPoolGradRef(gy: Float32Array, xShape: readonly number[], o: PoolOptions): Float32Array {
  const dx = new Float64Array(xShape.reduce((a, b) => a * b, 1));
  const { KH, KW } = poolDims(xShape, o);
  windows(xShape, o, (oi, xi) => (dx[xi] += gy[oi] / (KH * KW)));
  return Float32Array.from(dx);
}
