import { describe, it, expect } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { spatialAttention, spatialAttentionGrad } from './spatial-attention.ts';
import { spatialAttentionGradRef, spatialAttentionRef } from './spatial-attention.ref.ts';

// [B, H, W, C] shapes that are not multiples of the 64-thread workgroup, with p = 1, 2 and 4.
const SHAPES: Array<[number, number, number, number]> = [
  [1, 1, 1, 1],
  [3, 5, 7, 2],
  [2, 14, 14, 13],
  [7, 3, 9, 65],
  [65, 4, 3, 5],
];

describe('spatial attention kernel', () => {
  for (const p of [1, 2, 4]) {
    it(`maps and their gradient match the float64 reference on ${SHAPES.length} shapes, p = ${p}`, async () => {
      const ctx = await testContext();
      for (const [k, shape] of SHAPES.entries()) {
        const [B, H, W, C] = shape;
        const S = H * W;
        const h = randomArray(B * S * C, 10 * k + p, -1.5, 1.5);
        const g = randomArray(B * S, 100 * k + p, -1, 1);
        const { maps, norms, gh } = ctx.scope(() => {
          const x = ctx.tensor(h, shape);
          const f = spatialAttention(x, p);
          return { ...f, gh: spatialAttentionGrad(x, f, ctx.tensor(g, [B, S]), p) };
        });
        const want = spatialAttentionRef(h, B, S, C, p);
        const at = `[${shape}] p=${p}`;
        expect(maxRelErr(await maps.read(), want.maps, 1e-6, 1e-5), `maps ${at}`).toBeLessThanOrEqual(1);
        expect(maxRelErr(await norms.read(), want.norms, 1e-7, 1e-5), `norms ${at}`).toBeLessThanOrEqual(1);
        const wantGrad = spatialAttentionGradRef(h, g, B, S, C, p);
        expect(maxRelErr(await gh.read(), wantGrad, 1e-5, 1e-4), `grad ${at}`).toBeLessThanOrEqual(1);
        for (const t of [maps, norms, gh]) t.dispose();
      }
    });
  }

  it('gives every example a map of unit norm whatever the activations’ scale', async () => {
    const ctx = await testContext();
    const h = randomArray(4 * 6 * 6 * 3, 5, 0, 1).map((v, i) => v * 10 ** ((i % 4) - 2));
    const maps = ctx.scope(() => spatialAttention(ctx.tensor(h, [4, 6, 6, 3]), 4).maps);
    const a = await maps.read();
    maps.dispose();
    for (let b = 0; b < 4; b++) {
      const row = a.subarray(b * 36, (b + 1) * 36);
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
      expect(Math.min(...row)).toBeGreaterThanOrEqual(0);
    }
  });

  it('rejects activations that are not NHWC and exponents outside 1…8', async () => {
    const ctx = await testContext();
    const flat = ctx.tensor(new Float32Array(12), [3, 4]);
    expect(() => spatialAttention(flat, 2)).toThrow(/NHWC/);
    const img = ctx.tensor(new Float32Array(12), [1, 2, 2, 3]);
    expect(() => spatialAttention(img, 0)).toThrow(/exponent/);
    expect(() => spatialAttention(img, 2.5)).toThrow(/exponent/);
    flat.dispose();
    img.dispose();
  });
});
