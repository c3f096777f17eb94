// The rows a batch of small models reads, made once per run on the CPU (O(n·d), like toFloat):
// images standardized and average-pooled, then either flattened (an MLP's input) or cut into
// every k×k patch (a convolution's input, im2col), each row with a trailing 1 for the bias.
import { toFloat, type Dataset, type Split } from '../datasets.ts';

export interface PooledImages {
  /** [n, h, w, c] */
  values: Float32Array;
  n: number;
  h: number;
  w: number;
  c: number;
}

/** Images at `indices` standardized per channel and average-pooled by `pool` (HWC). */
export function pooledImages(data: Dataset, split: Split, indices: Uint32Array, pool: number): PooledImages {
  const [H, W, c] = data.manifest.shape;
  const raw = toFloat(data, split, indices, { normalize: 'standard' });
  const h = Math.floor(H / pool);
  const w = Math.floor(W / pool);
  const n = indices.length;
  const values = new Float32Array(n * h * w * c);
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++) {
          let s = 0;
          for (let dy = 0; dy < pool; dy++)
            for (let dx = 0; dx < pool; dx++) s += raw[((i * H + y * pool + dy) * W + x * pool + dx) * c + ch];
          values[((i * h + y) * w + x) * c + ch] = s / (pool * pool);
        }
  return { values, n, h, w, c };
}

/** One row per image: its pixels and a 1, [n, h·w·c + 1]. */
export function flatRows(im: PooledImages): Float32Array {
  const d = im.h * im.w * im.c;
  const out = new Float32Array(im.n * (d + 1));
  for (let i = 0; i < im.n; i++) {
    out.set(im.values.subarray(i * d, (i + 1) * d), i * (d + 1));
    out[i * (d + 1) + d] = 1;
  }
  return out;
}

/** Patches per image of a valid k×k convolution with stride 1. */
export const patchCount = (im: PooledImages, k: number): number => (im.h - k + 1) * (im.w - k + 1);

/** One row per k×k patch (images in order, patches row-major), its pixels (HWC) and a 1: [n·L, k²c + 1]. */
export function patchRows(im: PooledImages, k: number): Float32Array {
  const oh = im.h - k + 1;
  const ow = im.w - k + 1;
  if (oh < 1 || ow < 1) throw new Error(`patchRows: ${im.h}×${im.w} images have no ${k}×${k} patch`);
  const width = k * k * im.c + 1;
  const out = new Float32Array(im.n * oh * ow * width);
  let r = 0;
  for (let i = 0; i < im.n; i++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++, r++) {
        let o = r * width;
        for (let dy = 0; dy < k; dy++) {
          const src = ((i * im.h + y + dy) * im.w + x) * im.c;
          out.set(im.values.subarray(src, src + k * im.c), o);
          o += k * im.c;
        }
        out[o] = 1;
      }
  return out;
}
