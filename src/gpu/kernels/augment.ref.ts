/** Plain reference for augment.ts: the same Philox draws, crop and flip, on the CPU. */
import { philoxBlock, unitFloat } from '../rng.ts';
import type { AugmentGather } from './augment.ts';

/** Row b's crop offsets (0…2·pad) and flip, from block b of the stream. */
export function augmentDraw(
  o: Pick<AugmentGather, 'seed' | 'stream' | 'pad'>,
  b: number,
): { oy: number; ox: number; flip: boolean } {
  const r = philoxBlock(o, b);
  const span = Math.fround(2 * o.pad + 1);
  return {
    oy: Math.floor(Math.fround(unitFloat(r[0]) * span)),
    ox: Math.floor(Math.fround(unitFloat(r[1]) * span)),
    flip: unitFloat(r[2]) >= 0.5,
  };
}

export function gatherAugmentedRef(
  bytes: Uint8Array,
  order: Uint32Array,
  mean: readonly number[],
  std: readonly number[],
  o: AugmentGather,
): Float32Array {
  const { height: H, width: W, channels: C, pad } = o;
  const dim = H * W * C;
  const out = new Float32Array(o.batch * dim);
  for (let b = 0; b < o.batch; b++) {
    const { oy, ox, flip } = augmentDraw(o, b);
    const base = order[o.offset + b] * dim;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const sy = y + oy - pad;
        const sx = (flip ? W - 1 - x : x) + ox - pad;
        const inside = sy >= 0 && sy < H && sx >= 0 && sx < W;
        for (let c = 0; c < C; c++) {
          const v = inside ? bytes[base + (sy * W + sx) * C + c] : 0;
          out[b * dim + (y * W + x) * C + c] = (v / 255 - mean[c]) / std[c];
        }
      }
    }
  }
  return out;
}
