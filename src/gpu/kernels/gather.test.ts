import { describe, it, expect } from 'vitest';
import { testContext, randomArray, maxRelErr } from '../testing.ts';
import { packBytes, channelNorm, gatherImages, gatherLabels } from './gather.ts';
import { gatherImagesRef, gatherLabelsRef } from './gather.ref.ts';

describe('gather kernels', () => {
  const shapes = [
    { n: 1, dim: 1, channels: 1, batch: 1 },
    { n: 7, dim: 3, channels: 3, batch: 5 },
    { n: 50, dim: 17, channels: 1, batch: 13 },
    { n: 33, dim: 65 * 3, channels: 3, batch: 32 },
    { n: 20, dim: 784, channels: 1, batch: 17 },
    { n: 9, dim: 1027, channels: 1, batch: 9 },
  ];
  for (const [s, shape] of shapes.entries()) {
    it(`gathers ${shape.batch} of ${shape.n} items of ${shape.dim} bytes (${shape.channels} channels)`, async () => {
      const ctx = await testContext();
      const bytes = Uint8Array.from(randomArray(shape.n * shape.dim, s + 1, 0, 256), Math.floor);
      const labels = Uint8Array.from(randomArray(shape.n, s + 2, 0, 10), Math.floor);
      const order = Uint32Array.from(randomArray(shape.batch + 3, s + 3, 0, shape.n), Math.floor);
      const mean = Array.from({ length: shape.channels }, (_, c) => 0.1 * (c + 1));
      const std = Array.from({ length: shape.channels }, (_, c) => 0.2 + 0.05 * c);
      const o = { ...shape, offset: 3 };
      const [img, lab] = ctx.scope(() => {
        const idx = ctx.tensor(order, [order.length], 'u32');
        return [
          gatherImages(packBytes(ctx, bytes), idx, channelNorm(ctx, mean, std), o),
          gatherLabels(packBytes(ctx, labels), idx, o),
        ];
      });
      expect(maxRelErr(await img.read(), gatherImagesRef(bytes, order, mean, std, o), 1e-5, 1e-5)).toBeLessThanOrEqual(
        1,
      );
      expect([...(await lab.read())]).toEqual([...gatherLabelsRef(labels, order, o)]);
      img.dispose();
      lab.dispose();
    });
  }
});
