import { describe, it, expect } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import {
  avgPool2d,
  avgPool2dGrad,
  globalAvgPool,
  globalAvgPoolGrad,
  maxPool2d,
  maxPool2dGrad,
  poolDims,
  type PoolOptions,
} from './pool.ts';
import { avgPoolGradRef, avgPoolRef, maxPoolGradRef, maxPoolRef } from './pool.ref.ts';

interface Case {
  shape: [number, number, number, number];
  o: PoolOptions;
  /** Round inputs to a few levels so windows have ties (max pooling must pick the first). */
  ties?: boolean;
}

const cases: Case[] = [
  { shape: [1, 1, 1, 1], o: { kernel: 1 } },
  { shape: [2, 4, 4, 3], o: { kernel: 2 } },
  { shape: [3, 5, 7, 1], o: { kernel: 2 } },
  { shape: [1, 7, 5, 17], o: { kernel: 3, stride: 2, padding: 1 } },
  { shape: [2, 6, 6, 5], o: { kernel: 3, stride: 1, padding: 1 }, ties: true },
  { shape: [1, 17, 3, 2], o: { kernel: [3, 1], stride: 2 } },
  { shape: [2, 5, 5, 7], o: { kernel: 5, stride: 1, padding: 2 } },
  { shape: [3, 3, 3, 3], o: { kernel: 3 }, ties: true },
  { shape: [1, 9, 9, 4], o: { kernel: 2, stride: 1 } },
  { shape: [2, 8, 8, 8], o: { kernel: 2 }, ties: true },
  { shape: [1, 7, 7, 5], o: { kernel: 3, stride: 3, padding: 1 } },
  { shape: [2, 3, 17, 1], o: { kernel: [1, 5], stride: 2, padding: 0 } },
  { shape: [1, 6, 5, 3], o: { kernel: 4, stride: 2, padding: 2 }, ties: true },
  { shape: [3, 2, 2, 17], o: { kernel: 2, stride: 1, padding: 1 } },
  { shape: [1, 13, 11, 2], o: { kernel: 3, stride: 2 } },
  { shape: [2, 4, 6, 9], o: { kernel: 2, stride: 2, padding: 1 } },
  { shape: [1, 5, 5, 1], o: { kernel: 5 } },
  { shape: [2, 10, 10, 3], o: { kernel: 3, stride: 2, padding: 1 }, ties: true },
  { shape: [1, 3, 3, 65], o: { kernel: 2, stride: 1 } },
  { shape: [3, 7, 7, 7], o: { kernel: 3, stride: 2 } },
];

const label = (c: Case): string =>
  `[${c.shape}] k${c.o.kernel} s${c.o.stride ?? 'k'} p${c.o.padding ?? 0}${c.ties ? ' ties' : ''}`;

describe('pooling kernels vs direct loops', () => {
  it.each(cases.map((c, i) => [label(c), c, i] as const))('%s', async (_, c, i) => {
    const ctx = await testContext();
    const x = randomArray(
      c.shape.reduce((a, b) => a * b, 1),
      300 + i,
    ).map((v) => (c.ties ? Math.round(v * 2) / 2 : v));
    const d = poolDims(c.shape, c.o);
    const gy = randomArray(d.B * d.OH * d.OW * d.C, 400 + i);
    const mRef = maxPoolRef(x, c.shape, c.o);
    const [mOut, mArg, mGrad, aOut, aGrad] = ctx.scope(() => {
      const xt = ctx.tensor(x, c.shape);
      const gt = ctx.tensor(gy, [d.B, d.OH, d.OW, d.C]);
      const { out, argmax } = maxPool2d(xt, c.o);
      return [
        out,
        argmax,
        maxPool2dGrad(gt, argmax, c.shape, c.o),
        avgPool2d(xt, c.o),
        avgPool2dGrad(gt, c.shape, c.o),
      ];
    });
    expect(mOut.shape).toEqual([d.B, d.OH, d.OW, d.C]);
    // Max pooling copies values and routes gradients to one element each: exact up to the order
    // of at most ⌈k/s⌉² additions. Averages are sums of ≤ k² terms: 1e-6 relative.
    expect(await mOut.read()).toEqual(mRef.out);
    expect(await mArg.read()).toEqual(mRef.argmax);
    expect(maxRelErr(await mGrad.read(), maxPoolGradRef(gy, mRef.argmax, x.length), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
    expect(maxRelErr(await aOut.read(), avgPoolRef(x, c.shape, c.o), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    expect(maxRelErr(await aGrad.read(), avgPoolGradRef(gy, c.shape, c.o), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    for (const t of [mOut, mArg, mGrad, aOut, aGrad]) t.dispose();
  });

  it('global average pooling is the mean over H·W, and its gradient spreads evenly', async () => {
    const ctx = await testContext();
    const shape = [3, 5, 7, 6];
    const x = randomArray(3 * 5 * 7 * 6, 9);
    const gy = randomArray(3 * 6, 10);
    const [y, gx] = ctx.scope(() => [
      globalAvgPool(ctx.tensor(x, shape)),
      globalAvgPoolGrad(ctx.tensor(gy, [3, 6]), shape),
    ]);
    expect(y.shape).toEqual([3, 6]);
    const want = avgPoolRef(x, shape, { kernel: [5, 7], stride: 1 });
    expect(maxRelErr(await y.read(), want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    expect(
      maxRelErr(await gx.read(), avgPoolGradRef(gy, shape, { kernel: [5, 7], stride: 1 }), 1e-7, 1e-5),
    ).toBeLessThanOrEqual(1);
    y.dispose();
    gx.dispose();
  });

  it('rejects padding over half the kernel and non-4-D inputs', async () => {
    const ctx = await testContext();
    ctx.scope(() => {
      expect(() => maxPool2d(ctx.empty([1, 4, 4, 1]), { kernel: 2, padding: 2 })).toThrow(/half the kernel/);
      expect(() => avgPool2d(ctx.empty([4, 4, 1]), { kernel: 2 })).toThrow(/4-D/);
    });
  });
});
