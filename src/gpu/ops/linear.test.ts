import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { gradCheck } from '../gradcheck.ts';
import { backward, type GradientSink } from '../autograd.ts';
import type { Activation } from '../kernels/matmul.ts';
import type { Tensor } from '../tensor.ts';
import { linear, matmulOp } from './linear.ts';

const data = (shape: number[], seed: number) => ({
  data: randomArray(
    shape.reduce((p, d) => p * d, 1),
    seed,
  ),
  shape,
});

// 'auto' runs this adapter's kernels (on SwiftShader the CPU ones); 'gpu' forces the 128×128 workgroup tiles.
describe.each(['auto', 'gpu'] as const)('matmulOp gradients, %s kernels', (variant) => {
  beforeEach(async () => void ((await testContext()).kernelVariant = variant));
  afterEach(async () => void ((await testContext()).kernelVariant = 'auto'));
  for (const [transA, transB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ]) {
    it(`transA=${transA} transB=${transB}`, async () => {
      const ctx = await testContext();
      const [M, K, N] = [5, 7, 3];
      const a = data(transA ? [K, M] : [M, K], 1);
      const b = data(transB ? [N, K] : [K, N], 2);
      const r = await gradCheck(ctx, ([x, y]) => matmulOp(x, y, { transA, transB }), [a, b]);
      expect(r.worst).toBeLessThanOrEqual(1);
    });
  }

  it('batched, and with B shared across the batch (its gradient sums over the batch)', async () => {
    const ctx = await testContext();
    const same = await gradCheck(ctx, ([x, y]) => matmulOp(x, y, { transB: true }), [
      data([2, 4, 6], 3),
      data([2, 5, 6], 4),
    ]);
    expect(same.worst).toBeLessThanOrEqual(1);
    const shared = await gradCheck(ctx, ([x, y]) => matmulOp(x, y, { transA: true }), [
      data([3, 6, 4], 5),
      data([6, 5], 6),
    ]);
    expect(shared.worst).toBeLessThanOrEqual(1);
    const folded = await gradCheck(ctx, ([x, y]) => matmulOp(x, y), [data([3, 4, 6], 7), data([6, 5], 8)]);
    expect(folded.worst).toBeLessThanOrEqual(1);
  });
});

describe('linear gradients (weight [in, out])', () => {
  const acts: Activation[] = ['identity', 'relu', 'gelu', 'tanh', 'sigmoid'];
  for (const activation of acts) {
    it(`with bias, ${activation}`, async () => {
      const ctx = await testContext();
      const r = await gradCheck(
        ctx,
        ([x, w, b]) => linear(x, w, b, { activation }),
        [data([6, 9], 11), data([9, 5], 12), data([5], 13)],
        { seed: 3 },
      );
      expect(r.worst).toBeLessThanOrEqual(1);
    });
  }

  it('without bias', async () => {
    const ctx = await testContext();
    const r = await gradCheck(ctx, ([x, w]) => linear(x, w, null, { activation: 'tanh' }), [
      data([4, 3], 21),
      data([3, 17], 22),
    ]);
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('with a mask: pruned weights get exactly zero gradient', async () => {
    const ctx = await testContext();
    const maskData = randomArray(8 * 6, 31, 0, 1).map((u) => (u < 0.5 ? 0 : 1));
    const f = ([x, w, b]: Parameters<typeof linear>[0][]) =>
      linear(x, w, b, { activation: 'sigmoid', mask: ctx.tensor(maskData, [8, 6]) });
    const r = await gradCheck(ctx, f, [data([5, 8], 32), data([8, 6], 33), data([6], 34)], { samples: 48 });
    expect(r.worst).toBeLessThanOrEqual(1);

    const x = ctx.tensor(randomArray(5 * 8, 35), [5, 8]);
    const w = ctx.tensor(randomArray(8 * 6, 36), [8, 6]);
    w.requiresGrad = true;
    const y = f([x, w, ctx.tensor(new Float32Array(6), [6])]);
    backward(y, ctx.tensor(randomArray(y.size, 37), y.shape));
    const gw = await w.grad!.read();
    maskData.forEach((m, i) => {
      if (m === 0) expect(Math.abs(gw[i])).toBe(0);
    });
    expect(gw.some((v) => v !== 0)).toBe(true);
  });
});

describe('gradients delivered to a sink', () => {
  // The same backward twice, once with a sink that takes w's and b's gradients as w ← w − 0.5·dw.
  async function step(sunk: boolean, tied: boolean) {
    const ctx = await testContext();
    const x = ctx.tensor(randomArray(6 * 9, 41), [6, 9]);
    x.requiresGrad = true;
    const w = ctx.tensor(randomArray(9 * 9, 42), [9, 9]);
    const b = ctx.tensor(randomArray(9, 43), [9]);
    w.requiresGrad = b.requiresGrad = true;
    const h = linear(x, w, b, { activation: 'tanh' });
    const y = tied ? linear(h, w, null) : h;
    const asked: Tensor[] = [];
    const sink: GradientSink = {
      targetFor: (t) => {
        asked.push(t);
        return t === w || t === b ? { into: t, scale: -0.5 } : undefined;
      },
    };
    backward(y, ctx.tensor(randomArray(y.size, 44), y.shape), sunk ? { sink } : {});
    const gw = w.grad ? await w.grad.read() : null;
    return { w: await w.read(), gw, gx: await x.grad!.read(), gb: b.grad ? await b.grad.read() : null, asked };
  }

  it('accumulates a weight used once into the target and leaves it no gradient; dx still sees the old weight', async () => {
    const plain = await step(false, false);
    const sunk = await step(true, false);
    expect(sunk.gw).toBeNull();
    expect(sunk.gx).toEqual(plain.gx);
    // Only the weight is offered: the bias's gradient is a reduction, x's a plain product.
    expect(sunk.asked).toHaveLength(1);
    expect(sunk.gb).toEqual(plain.gb);
    sunk.w.forEach((v, i) =>
      expect(Math.abs(v - (plain.w[i] - 0.5 * plain.gw![i]))).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(v))),
    );
  });

  it('never offers a weight used twice, which gets its summed gradient', async () => {
    const plain = await step(false, true);
    const sunk = await step(true, true);
    expect(sunk.asked).toEqual([]);
    expect(sunk.w).toEqual(plain.w);
    expect(sunk.gw).toEqual(plain.gw);
  });
});
