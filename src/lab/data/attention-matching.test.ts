import { describe, expect, it } from 'vitest';
import { backward } from '../../gpu/autograd.ts';
import { gradCheck } from '../../gpu/gradcheck.ts';
import { disposeModel } from '../../gpu/nn.ts';
import { randomArray, testContext } from '../../gpu/testing.ts';
import { attentionMatchingLoss } from './attention-matching.ts';
import { DistillConvNet } from './distill-convnet.ts';

// 2 classes of 6×5×2 images (odd sizes: the second stage pools 3×2 to 1×1), a width-3 net.
const NET = { inputShape: [6, 5, 2], classes: 2, width: 3, depth: 2, seed: 4 };
const D = 6 * 5 * 2;
const MATCH = { classes: 2, power: 4, mmdWeight: 0.5, attentionWeight: 1 };

describe('attention matching through a random ConvNet', () => {
  it('resample redraws every conv weight in place, reproducibly per draw', async () => {
    const ctx = await testContext();
    const net = new DistillConvNet(ctx, NET).freeze();
    const buffers = net.convs.map((c) => c.weight.buffer);
    const read = async () => Promise.all(net.convs.map(async (c) => [...(await c.weight.read())]));
    net.resample(1, 0);
    const first = await read();
    net.resample(1, 1);
    const second = await read();
    net.resample(1, 0);
    expect(await read()).toEqual(first);
    expect(second[0]).not.toEqual(first[0]);
    expect(net.convs.map((c) => c.weight.buffer)).toEqual(buffers);
    disposeModel(net);
  });

  it('is 0 when the synthetic images are the real ones, and its gradient reaches only the pixels', async () => {
    const ctx = await testContext();
    const net = new DistillConvNet(ctx, NET).freeze();
    net.resample(2, 0);
    const images = randomArray(2 * D, 9, 0, 1);
    const { same, grad } = ctx.scope(() => {
      const real = ctx.tensor(images, [2, D]);
      const same = attentionMatchingLoss(net, real, ctx.tensor(images, [2, D]), MATCH);
      const syn = ctx.tensor(randomArray(2 * D, 10, 0, 1), [2, D]);
      syn.requiresGrad = true;
      backward(attentionMatchingLoss(net, real, syn, MATCH));
      // Detached, or disposing syn at the scope's end would dispose it too.
      const grad = syn.grad!;
      syn.grad = null;
      return { same, grad };
    });
    expect((await same.read())[0]).toBe(0);
    expect(Math.max(...(await grad.read()).map(Math.abs))).toBeGreaterThan(0);
    for (const p of net.parameters()) expect(p.tensor.grad).toBeNull();
    disposeModel(net);
  });

  it('has the finite-difference gradient in the synthetic pixels', async () => {
    const ctx = await testContext();
    const net = new DistillConvNet(ctx, NET).freeze();
    net.resample(3, 0);
    // 3 real images per class against 1 synthetic one; pixels away from ReLU kinks are not
    // guaranteed, so the sample is small and the tolerance gradCheck's own.
    const real = randomArray(6 * D, 11, 0, 1);
    const r = await gradCheck(
      ctx,
      ([syn]) => attentionMatchingLoss(net, ctx.tensor(real, [6, D]), syn, MATCH),
      [{ data: randomArray(2 * D, 12, 0, 1), shape: [2, D] }],
      { samples: 12, eps: 1e-3 },
    );
    expect(r.worst).toBeLessThanOrEqual(1);
    disposeModel(net);
  });
});
