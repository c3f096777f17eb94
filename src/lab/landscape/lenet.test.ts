import { describe, expect, it } from 'vitest';
import { noGrad } from '../../gpu/autograd.ts';
import { disposeModel, parameterCount } from '../../gpu/nn.ts';
import { randomArray, testContext } from '../../gpu/testing.ts';
import { LeNet } from './lenet.ts';

describe('LeNet of the intrinsic-dimension paper', () => {
  it('has the paper’s D = 44,426 on MNIST and maps [B, 784] to [B, 10]', async () => {
    const ctx = await testContext();
    const net = new LeNet(ctx, [28, 28, 1], 10, 1);
    try {
      expect(parameterCount(net)).toBe(44426);
      const out = ctx.scope(() =>
        noGrad(ctx, () => net.forward(ctx.tensor(randomArray(2 * 784, 3, 0, 1), [2, 784])).keep()),
      );
      expect(out.shape).toEqual([2, 10]);
      const v = (await out.read()) as Float32Array;
      out.dispose();
      expect(v.every(Number.isFinite)).toBe(true);
    } finally {
      disposeModel(net);
    }
    expect(() => new LeNet(ctx, [30, 30, 1], 10, 1)).toThrow(/do not fit/);
  });
});
