import { describe, expect, it } from 'vitest';
import { noGrad } from '../../gpu/autograd.ts';
import { ConvNet } from '../../gpu/models/conv.ts';
import { disposeModel, mlp } from '../../gpu/nn.ts';
import { randomArray, testContext } from '../../gpu/testing.ts';
import { captureActivations, convNetTaps, mlpTaps } from './activations.ts';

describe('activation capture', () => {
  it('records each hidden layer of an MLP in the same pass, as the layers alone compute it, and removes its hooks', async () => {
    const ctx = await testContext();
    const model = mlp(ctx, [5, 7, 6, 3], { seed: 4 });
    try {
      const x = ctx.tensor(randomArray(11 * 5, 1), [11, 5]);
      const taps = mlpTaps(model);
      expect(taps.map((t) => t.name)).toEqual(['fc1', 'fc2']);
      const got = noGrad(ctx, () => ctx.scope(() => captureActivations(model, x, taps)));
      const want = noGrad(ctx, () =>
        ctx.scope(() => {
          const h1 = model.layers[0].forward(x);
          const h2 = model.layers[1].forward(h1);
          return { h1, h2, out: model.layers[2].forward(h2) };
        }),
      );
      expect(got.activations.fc1.shape).toEqual([11, 7]);
      expect([...(await got.activations.fc1.read())]).toEqual([...(await want.h1.read())]);
      expect([...(await got.activations.fc2.read())]).toEqual([...(await want.h2.read())]);
      expect([...(await got.output.read())]).toEqual([...(await want.out.read())]);
      for (const l of model.layers) expect(Object.hasOwn(l, 'forward')).toBe(false);
    } finally {
      disposeModel(model);
    }
  });

  it('gives a conv layer one row per image and position, one column per channel', async () => {
    const ctx = await testContext();
    const model = new ConvNet(ctx, 1, { inputShape: [4, 4, 2], classes: 3, seed: 2, width: 0.0625 });
    try {
      const x = ctx.tensor(randomArray(3 * 32, 5), [3, 32]);
      const taps = convNetTaps(model);
      expect(taps.map((t) => t.name)).toEqual(['conv1', 'conv2', 'fc1', 'fc2']);
      const got = noGrad(ctx, () => ctx.scope(() => captureActivations(model, x, taps)));
      expect(got.activations.conv1.shape).toEqual([3 * 4 * 4, 4]);
      expect(got.activations.fc1.shape).toEqual([3, 16]);
    } finally {
      disposeModel(model);
    }
  });

  it('says which tapped layer the forward pass never reached', async () => {
    const ctx = await testContext();
    const model = mlp(ctx, [5, 4, 3], { seed: 1 });
    const other = mlp(ctx, [5, 4, 3], { seed: 2 });
    try {
      const x = ctx.tensor(randomArray(10, 1), [2, 5]);
      expect(() =>
        ctx.scope(() => captureActivations(model, x, [{ name: 'elsewhere', module: other.layers[0] }])),
      ).toThrow(/never ran elsewhere/);
      expect(Object.hasOwn(other.layers[0], 'forward')).toBe(false);
    } finally {
      disposeModel(model);
      disposeModel(other);
    }
  });
});
