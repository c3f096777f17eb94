import { beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../../gpu/testing.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { disposeModel, mlp, snapshot } from '../../gpu/nn.ts';
import { loadDataset, seededSubset, type Dataset } from '../datasets.ts';
import { fsSource } from '../datasets-node.ts';
import { GpuSplit } from '../loader.ts';
import { fit, training, type FitOptions } from './scoring.ts';
import { repeatedRandomSampler, staticSampler } from './subsets.ts';

let ctx: GpuContext;
let mnist: Dataset;

beforeAll(async () => {
  ctx = await testContext();
  mnist = await loadDataset('mnist', fsSource('public/datasets'));
});

const noop = async () => {};
// 37 per epoch with batch 16: every epoch ends on a partial batch.
const opts: FitOptions = { steps: 9, batch: 16, lr: 0.05, momentum: 0.9, seed: 4 };

async function trainedWeights(split: GpuSplit, o: FitOptions): Promise<Float32Array[]> {
  const model = mlp(ctx, [784, 16, 10], { seed: 2, activation: 'relu' });
  try {
    await fit(model, split, o, noop);
    return [...(await snapshot(model)).values()];
  } finally {
    disposeModel(model);
  }
}

describe('training on a per-epoch sampler', () => {
  it('gathers a subset from the whole pool exactly as a split holding only that subset serves it', async () => {
    const pool = seededSubset(mnist.train, 120, 1);
    const kept = Uint32Array.from({ length: 37 }, (_, i) => (i * 7) % 120);
    const whole = new GpuSplit(ctx, mnist, mnist.train, pool);
    const part = new GpuSplit(
      ctx,
      mnist,
      mnist.train,
      Array.from(kept, (i) => pool[i]),
    );
    try {
      const viaSampler = await trainedWeights(whole, { ...opts, sampler: staticSampler(kept, opts.seed) });
      const viaSplit = await trainedWeights(part, opts);
      expect(viaSampler).toEqual(viaSplit);
      // And the sampler mattered: the whole pool in its own order trains other weights.
      expect(await trainedWeights(whole, opts)).not.toEqual(viaSplit);
    } finally {
      whole.dispose();
      part.dispose();
    }
  });

  it('pauses every `every` steps and after the last, and gives the same weights run twice (RS2)', async () => {
    const split = new GpuSplit(ctx, mnist, mnist.train, seededSubset(mnist.train, 100, 2));
    try {
      const model = mlp(ctx, [784, 16, 10], { seed: 2, activation: 'relu' });
      const o = { ...opts, steps: 10, every: 4, sampler: repeatedRandomSampler(100, 37, 3) };
      const pauses: number[] = [];
      for await (const done of training(model, split, o, noop)) pauses.push(done);
      expect(pauses).toEqual([4, 8, 10]);
      const first = [...(await snapshot(model)).values()];
      disposeModel(model);
      const again = await trainedWeights(split, { ...o, every: undefined });
      expect(again).toEqual(first);
      expect(first.every((w) => w.every(Number.isFinite))).toBe(true);
    } finally {
      split.dispose();
    }
  });
});
