import { describe, it, expect } from 'vitest';
import { gradCheck } from '../gradcheck.ts';
import { randomArray, testContext } from '../testing.ts';
import { crossEntropy, mseLoss, softmax } from './loss.ts';

describe('loss ops: gradients', () => {
  for (const shape of [
    [1, 3],
    [4, 10],
    [3, 65],
  ]) {
    it(`softmax [${shape}]`, async () => {
      const ctx = await testContext();
      const r = await gradCheck(ctx, ([x]) => softmax(x), [
        { data: randomArray(shape[0] * shape[1], 3, -3, 3), shape },
      ]);
      expect(r.worst).toBeLessThanOrEqual(1);
    });

    it(`crossEntropy [${shape}]`, async () => {
      const ctx = await testContext();
      const [rows, cols] = shape;
      const labels = ctx.tensor(Uint32Array.from(randomArray(rows, 5, 0, cols), Math.floor), [rows], 'u32').keep();
      const r = await gradCheck(ctx, ([x]) => crossEntropy(x, labels).loss, [
        { data: randomArray(rows * cols, 4, -3, 3), shape },
      ]);
      expect(r.worst).toBeLessThanOrEqual(1);
      labels.dispose();
    });

    it(`mseLoss [${shape}] wrt pred and target`, async () => {
      const ctx = await testContext();
      const n = shape[0] * shape[1];
      const r = await gradCheck(ctx, ([p, t]) => mseLoss(p, t).loss, [
        { data: randomArray(n, 6, -2, 2), shape },
        { data: randomArray(n, 7, -2, 2), shape },
      ]);
      expect(r.worst).toBeLessThanOrEqual(1);
    });
  }

  it('only the cross-entropy loss is differentiable', async () => {
    const ctx = await testContext();
    const x = ctx.tensor(randomArray(6, 1), [2, 3]);
    x.requiresGrad = true;
    const r = crossEntropy(x, ctx.tensor([0, 2], [2], 'u32'));
    expect([r.loss.requiresGrad, r.perExample.requiresGrad, r.correct.requiresGrad]).toEqual([true, false, false]);
  });
});
