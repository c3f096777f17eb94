import { describe, expect, it } from 'vitest';
import { flatRows, patchCount, patchRows, type PooledImages } from './image-rows.ts';

// Two 4×3 images of 2 channels whose value encodes (image, y, x, channel).
const im: PooledImages = {
  n: 2,
  h: 4,
  w: 3,
  c: 2,
  values: Float32Array.from({ length: 2 * 4 * 3 * 2 }, (_, i) => i),
};
const at = (i: number, y: number, x: number, ch: number) => ((i * 4 + y) * 3 + x) * 2 + ch;

describe('image rows', () => {
  it('flattens each image and appends a 1', () => {
    const rows = flatRows(im);
    expect(rows.length).toBe(2 * 25);
    expect(rows[24]).toBe(1);
    expect(rows[25 + 5]).toBe(at(1, 0, 2, 1));
  });

  it('cuts every k×k patch in row-major order, HWC inside, with a trailing 1', () => {
    const k = 2;
    const L = patchCount(im, k);
    expect(L).toBe(3 * 2);
    const rows = patchRows(im, k);
    const width = k * k * im.c + 1;
    expect(rows.length).toBe(im.n * L * width);
    // Image 1, patch (y 2, x 1): the 4th patch of the second row of patches.
    const r = (1 * L + 2 * 2 + 1) * width;
    const want = [at(1, 2, 1, 0), at(1, 2, 1, 1), at(1, 2, 2, 0), at(1, 2, 2, 1), at(1, 3, 1, 0), at(1, 3, 1, 1)];
    expect(Array.from(rows.subarray(r, r + 6))).toEqual(want);
    expect(rows[r + width - 1]).toBe(1);
    expect(() => patchRows(im, 5)).toThrow(/no 5×5 patch/);
  });
});
