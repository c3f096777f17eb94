import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../../gpu/context.ts';
import { randomArray, testContext } from '../../../gpu/testing.ts';
import { GpuSplit } from '../../loader.ts';
import {
  liveParameters,
  linearCka,
  probeBatch,
  pruneFilters,
  removeBlocks,
  ResidualMlp,
  trainArm,
  type LayerPruningSpec,
} from './layer-pruning.ts';
import { quadrants } from './quadrants.ts';

const data = quadrants();

describe('linear CKA', () => {
  it('is 1 for the same (or rescaled) activations and small for independent ones', () => {
    const [n, d] = [40, 7];
    const x = randomArray(n * d, 1);
    expect(linearCka(x, x, n, d)).toBeCloseTo(1, 10);
    expect(
      linearCka(
        x,
        x.map((v) => 3 * v + 1),
        n,
        d,
      ),
    ).toBeCloseTo(1, 6);
    expect(linearCka(x, randomArray(n * d, 2), n, d)).toBeLessThan(0.5);
  });
});

describe('layer vs filter pruning at init (GPU, tiny)', () => {
  let ctx: GpuContext;
  let train: GpuSplit;
  let test: GpuSplit;
  beforeAll(async () => {
    ctx = await testContext();
    train = new GpuSplit(ctx, data, data.train);
    test = new GpuSplit(ctx, data, data.test);
  });
  afterAll(() => [train, test].forEach((s) => s.dispose()));

  it('removing half the blocks or half of every block’s inner units removes the same number of weights (layer pruning also drops the blocks’ biases)', async () => {
    const a = new ResidualMlp(ctx, 16, 8, 4, 4, 1);
    const b = new ResidualMlp(ctx, 16, 8, 4, 4, 1);
    try {
      const dense = await liveParameters(a);
      removeBlocks(a, [0.1, 0.9, 0.5, 0.7], 2);
      expect(a.kept).toEqual([true, false, true, false]);
      await pruneFilters(b, 0.5);
      const [layer, filter] = [await liveParameters(a), await liveParameters(b)];
      // Block = 2·8·8 weights + 2·8 biases; filter pruning keeps the inner biases (masks cover weights only).
      expect(dense - layer).toBe(2 * (2 * 64 + 16));
      expect(dense - filter).toBe(4 * 64);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('every arm trains above chance from one init; CKA scores one value per block', async () => {
    const spec: LayerPruningSpec = {
      width: 16,
      blocks: 4,
      fraction: 0.5,
      criterion: 'cka',
      train: {
        model: 'mlp',
        hidden: [],
        optimizer: 'adam',
        lr: 0.01,
        momentum: 0,
        schedule: 'constant',
        batch: 32,
        steps: 16,
        evals: 1,
      },
    };
    const probe = probeBatch(train, 64).keep();
    try {
      for (const arm of ['dense', 'layer', 'filter'] as const) {
        const r = await trainArm(ctx, arm, spec, 2, train, test, probe, 4);
        expect(r.accuracy, arm).toBeGreaterThan(0.5);
        expect(r.kept.filter((k) => !k)).toHaveLength(arm === 'layer' ? 2 : 0);
        if (arm === 'layer') {
          expect(r.scores).toHaveLength(4);
          r.scores.forEach((s) => expect(s).toBeGreaterThan(0));
        }
      }
    } finally {
      probe.dispose();
    }
  });
});
