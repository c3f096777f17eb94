import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { gradCheck } from '../gradcheck.ts';
import type { Activation } from '../kernels/matmul.ts';
import { avgPool2d, conv2d, flatten, globalAvgPool, maxPool2d, reshape } from './conv.ts';
import { Conv2d, Flatten, GlobalAvgPool, MaxPool2d, Reshape } from '../layers/conv.ts';
import { Sequential, parameterCount } from '../nn.ts';
import { backward } from '../autograd.ts';
import { sum } from './reduce.ts';

const data = (shape: number[], seed: number, lo = -1, hi = 1) => ({
  data: randomArray(
    shape.reduce((p, d) => p * d, 1),
    seed,
    lo,
    hi,
  ),
  shape,
});

// 'auto' runs this adapter's kernels (on SwiftShader the CPU ones); 'gpu' forces the workgroup tiles.
describe.each(['auto', 'gpu'] as const)(
  'conv2d gradients (NHWC input, weight [outC, inC, kh, kw]), %s kernels',
  (variant) => {
    beforeEach(async () => void ((await testContext()).kernelVariant = variant));
    afterEach(async () => void ((await testContext()).kernelVariant = 'auto'));
    const acts: Activation[] = ['identity', 'relu', 'tanh', 'gelu'];
    for (const [i, activation] of acts.entries()) {
      it(`input, weight and bias, ${activation}, stride ${1 + (i % 2)}`, async () => {
        const ctx = await testContext();
        const geo = { stride: 1 + (i % 2), padding: 1 };
        const r = await gradCheck(
          ctx,
          ([x, w, b]) => conv2d(x, w, b, { ...geo, activation }),
          [data([2, 5, 4, 3], 10 + i), data([4, 3, 3, 3], 20 + i, -0.5, 0.5), data([4], 30 + i)],
          { samples: 16 },
        );
        expect(r.worst).toBeLessThanOrEqual(1);
      });
    }

    it('without bias, 5×5 kernel, padding 2, vec4 channels', async () => {
      const ctx = await testContext();
      const r = await gradCheck(ctx, ([x, w]) => conv2d(x, w, null, { padding: 2 }), [
        data([1, 4, 5, 4], 41),
        data([8, 4, 5, 5], 42, -0.3, 0.3),
      ]);
      expect(r.worst).toBeLessThanOrEqual(1);
    });

    it('with a mask: pruned weights get exactly zero gradient', async () => {
      const ctx = await testContext();
      const wShape = [3, 2, 3, 3];
      const maskData = randomArray(54, 51, 0, 1).map((u) => (u < 0.5 ? 0 : 1));
      const f = ([x, w, b]: Parameters<typeof conv2d>[0][]) =>
        conv2d(x, w, b, { padding: 1, activation: 'sigmoid', mask: ctx.tensor(maskData, wShape) });
      const r = await gradCheck(ctx, f, [data([2, 4, 4, 2], 52), data(wShape, 53), data([3], 54)], { samples: 54 });
      expect(r.worst).toBeLessThanOrEqual(1);
    });
  },
);

describe('pooling and reshaping gradients', () => {
  it('max pool (distinct values, so the argmax is stable under the finite-difference step)', async () => {
    const ctx = await testContext();
    // Ranks of random keys, spaced 0.1 apart: no two values within 2·eps of each other.
    const keys = randomArray(2 * 5 * 5 * 3, 61);
    const sorted = [...keys].sort((p, q) => p - q);
    const perm = keys.map((k) => sorted.indexOf(k) * 0.1);
    const r = await gradCheck(
      ctx,
      ([x]) => maxPool2d(x, { kernel: 3, stride: 2, padding: 1 }),
      [{ data: perm, shape: [2, 5, 5, 3] }],
      { samples: 40 },
    );
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('average pool', async () => {
    const ctx = await testContext();
    const r = await gradCheck(
      ctx,
      ([x]) => avgPool2d(x, { kernel: 2, stride: 1, padding: 1 }),
      [data([2, 3, 4, 3], 62)],
      { samples: 30 },
    );
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('global average pool', async () => {
    const ctx = await testContext();
    const r = await gradCheck(ctx, ([x]) => globalAvgPool(x), [data([3, 4, 3, 5], 63)], { samples: 30 });
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('flatten and reshape', async () => {
    const ctx = await testContext();
    const r = await gradCheck(ctx, ([x]) => reshape(flatten(x), [6, 10]), [data([3, 2, 5, 2], 64)], { samples: 20 });
    expect(r.worst).toBeLessThanOrEqual(1);
    expect(() => reshape(ctx.empty([2, 3]), [4])).toThrow(/elements/);
  });

  it('a small conv net end to end: conv → avg pool → conv → global pool', async () => {
    const ctx = await testContext();
    const f = ([x, w1, w2]: Parameters<typeof conv2d>[0][]) =>
      globalAvgPool(
        conv2d(avgPool2d(conv2d(x, w1, null, { padding: 1, activation: 'tanh' }), { kernel: 2 }), w2, null, {
          padding: 1,
        }),
      );
    const r = await gradCheck(ctx, f, [data([2, 6, 6, 1], 71), data([4, 1, 3, 3], 72), data([3, 4, 3, 3], 73)], {
      samples: 12,
    });
    expect(r.worst).toBeLessThanOrEqual(1);
  });
});

describe('conv layers', () => {
  it('name their parameters, run a small net and mask the weight gradient', async () => {
    const ctx = await testContext();
    const conv = new Conv2d(ctx, 'conv1', 1, 4, 3, { padding: 1, activation: 'relu', seed: 5, streamBase: 0 });
    const net = new Sequential([new Reshape([6, 6, 1]), conv, new MaxPool2d({ kernel: 2 }), new Flatten()]);
    expect(net.parameters().map((p) => p.name)).toEqual(['conv1.weight', 'conv1.bias']);
    expect(conv.weight.shape).toEqual([4, 1, 3, 3]);
    expect(parameterCount(net)).toBe(4 * 9 + 4);
    conv.mask = ctx.tensor(
      randomArray(36, 8, 0, 1).map((u) => (u < 0.5 ? 0 : 1)),
      [4, 1, 3, 3],
    );
    const y = net.forward(ctx.tensor(randomArray(2 * 36, 6), [2, 36]));
    expect(y.shape).toEqual([2, 3 * 3 * 4]);
    backward(sum(y));
    const [g, m] = [await conv.weight.grad!.read(), await conv.mask.read()];
    m.forEach((v, i) => v === 0 && expect(Math.abs(g[i])).toBe(0));
    expect(new GlobalAvgPool().forward(ctx.empty([2, 3, 3, 5])).shape).toEqual([2, 5]);
    conv.mask.dispose();
  });
});
