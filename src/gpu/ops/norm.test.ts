import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { gradCheck } from '../gradcheck.ts';
import type { Tensor } from '../tensor.ts';
import { batchNorm, layerNorm } from './norm.ts';

const data = (shape: number[], seed: number, lo = -1, hi = 1) => ({
  data: randomArray(
    shape.reduce((p, d) => p * d, 1),
    seed,
    lo,
    hi,
  ),
  shape,
});

describe('normalization gradients (x, weight, bias)', () => {
  it('layerNorm over the last axis', async () => {
    const ctx = await testContext();
    const r = await gradCheck(
      ctx,
      ([x, w, b]) => layerNorm(x, w, b),
      [data([2, 3, 7], 1, -2, 2), data([7], 2, 0.5, 1.5), data([7], 3)],
      { samples: 16 },
    );
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  for (const [what, shape] of [
    ['[N, C]', [6, 4]],
    ['NHWC', [2, 3, 2, 3]],
  ] as const) {
    it(`batchNorm in training mode, ${what}`, async () => {
      const ctx = await testContext();
      const C = shape[shape.length - 1];
      const runningMean = ctx.tensor(new Float32Array(C)).keep();
      const runningVar = ctx.tensor(new Float32Array(C).fill(1)).keep();
      const f = ([x, w, b]: Tensor[]) => batchNorm(x, w, b, { runningMean, runningVar, training: true });
      const r = await gradCheck(ctx, f, [data([...shape], 4, -2, 2), data([C], 5, 0.5, 1.5), data([C], 6)], {
        samples: 16,
      });
      expect(r.worst).toBeLessThanOrEqual(1);
    });
  }

  it('batchNorm in eval mode (fixed running statistics)', async () => {
    const ctx = await testContext();
    const runningMean = ctx.tensor([0.5, -0.2, 0.1]).keep();
    const runningVar = ctx.tensor([0.8, 1.5, 0.3]).keep();
    const f = ([x, w, b]: Tensor[]) => batchNorm(x, w, b, { runningMean, runningVar, training: false });
    const r = await gradCheck(ctx, f, [data([5, 3], 7, -2, 2), data([3], 8, 0.5, 1.5), data([3], 9)], { samples: 15 });
    expect(r.worst).toBeLessThanOrEqual(1);
  });
});
