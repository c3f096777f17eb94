import { describe, it, expect } from 'vitest';
import { testContext, randomArray, maxRelErr } from '../testing.ts';
import { packBytes, channelNorm, gatherImages } from './gather.ts';
import { gatherAugmented } from './augment.ts';
import { augmentDraw, gatherAugmentedRef } from './augment.ref.ts';

describe('augmented gather (random crop + flip)', () => {
  const shapes = [
    { n: 3, height: 1, width: 1, channels: 1, batch: 1, pad: 1 },
    { n: 5, height: 3, width: 3, channels: 3, batch: 4, pad: 1 },
    { n: 9, height: 17, width: 5, channels: 1, batch: 7, pad: 4 },
    { n: 20, height: 8, width: 8, channels: 3, batch: 17, pad: 4 },
    { n: 12, height: 32, width: 32, channels: 3, batch: 9, pad: 4 },
    { n: 4, height: 6, width: 13, channels: 2, batch: 3, pad: 0 },
  ];
  for (const [s, shape] of shapes.entries()) {
    it(`matches the reference on ${shape.batch}×${shape.height}×${shape.width}×${shape.channels}, pad ${shape.pad}`, async () => {
      const ctx = await testContext();
      const dim = shape.height * shape.width * shape.channels;
      const bytes = Uint8Array.from(randomArray(shape.n * dim, s + 1, 0, 256), Math.floor);
      const order = Uint32Array.from(randomArray(shape.batch + 2, s + 2, 0, shape.n), Math.floor);
      const mean = Array.from({ length: shape.channels }, (_, c) => 0.1 * (c + 1));
      const std = Array.from({ length: shape.channels }, (_, c) => 0.2 + 0.05 * c);
      const o = { ...shape, offset: 2, seed: 5 + s, stream: 2 ** 34 + 64 * s + 63 };
      const out = ctx.scope(() =>
        gatherAugmented(
          packBytes(ctx, bytes),
          ctx.tensor(order, [order.length], 'u32'),
          channelNorm(ctx, mean, std),
          o,
        ),
      );
      expect(
        maxRelErr(await out.read(), gatherAugmentedRef(bytes, order, mean, std, o), 1e-5, 1e-5),
      ).toBeLessThanOrEqual(1);
      out.dispose();
    });
  }

  it('with no padding and no flip drawn, equals the plain gather', async () => {
    const ctx = await testContext();
    const o = { n: 6, height: 4, width: 5, channels: 3, batch: 64, pad: 0, offset: 0, seed: 1, stream: 7 };
    const rows = Array.from({ length: o.batch }, (_, b) => b).filter((b) => !augmentDraw(o, b).flip);
    expect(rows.length).toBeGreaterThan(16);
    const dim = o.height * o.width * o.channels;
    const bytes = Uint8Array.from(randomArray(o.n * dim, 9, 0, 256), Math.floor);
    const order = Uint32Array.from({ length: o.batch }, (_, b) => b % o.n);
    const [aug, plain] = ctx.scope(() => {
      const src = packBytes(ctx, bytes);
      const idx = ctx.tensor(order, [o.batch], 'u32');
      const norm = channelNorm(ctx, [0.5, 0.5, 0.5], [0.25, 0.25, 0.25]);
      return [
        gatherAugmented(src, idx, norm, o),
        gatherImages(src, idx, norm, { batch: o.batch, dim, channels: 3, offset: 0 }),
      ];
    });
    const [a, p] = [await aug.read(), await plain.read()];
    for (const b of rows)
      expect([...a.subarray(b * dim, (b + 1) * dim)]).toEqual([...p.subarray(b * dim, (b + 1) * dim)]);
    aug.dispose();
    plain.dispose();
  });

  it('draws every crop offset and both flips about evenly', () => {
    const counts = new Array(9).fill(0);
    let flips = 0;
    for (let b = 0; b < 9000; b++) {
      const d = augmentDraw({ seed: 3, stream: 11, pad: 4 }, b);
      counts[d.oy]++;
      if (d.flip) flips++;
    }
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
    expect(Math.abs(flips - 4500)).toBeLessThan(250);
  });
});
