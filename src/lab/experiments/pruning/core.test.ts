import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../../gpu/context.ts';
import { testContext } from '../../../gpu/testing.ts';
import { disposeModel, type Module } from '../../../gpu/nn.ts';
import { GpuSplit } from '../../loader.ts';
import { noGrad } from '../../../gpu/autograd.ts';
import { reshape } from '../../../gpu/ops/conv.ts';
import { buildPreset } from '../../../gpu/models/index.ts';
import type { ResNet } from '../../../gpu/models/resnet.ts';
import {
  imp,
  instability,
  layersOf,
  recalibrateNorms,
  rewindSweep,
  type DenseRound,
  type ImpSpec,
  type RoundResult,
} from './core.ts';
import { quadrants } from './quadrants.ts';

const data = quadrants();

const spec: ImpSpec = {
  model: 'mlp',
  hidden: [32, 16],
  optimizer: 'adam',
  lr: 0.01,
  momentum: 0,
  schedule: 'constant',
  batch: 32,
  steps: 10,
  evals: 2,
  rounds: 2,
  rate: 0.5,
  outputRate: 0.25,
  scope: 'layer',
  rewind: 4,
  controls: 'last',
};

// One IMP run feeds both tests (SwiftShader pays per step and per pipeline, so the engine runs once).
describe('pruning core', () => {
  let ctx: GpuContext;
  let train: GpuSplit;
  let test: GpuSplit;
  let val: GpuSplit;
  const rounds: RoundResult[] = [];
  let model: Module;
  let rewindState: Map<string, Float32Array>;
  let dense: DenseRound;
  beforeAll(async () => {
    ctx = await testContext();
    train = new GpuSplit(ctx, data, data.train);
    test = new GpuSplit(ctx, data, data.test);
    val = new GpuSplit(
      ctx,
      data,
      data.train,
      Uint32Array.from({ length: 64 }, (_, i) => i),
    );
    const it = imp(ctx, train, test, spec, 3, { inputs: 16, classes: 4 }, { val }, { keep: [2] });
    for (let r = await it.next(); ; r = await it.next()) {
      if (r.done) {
        ({ model, rewindState, dense } = r.value);
        break;
      }
      rounds.push(r.value);
    }
  });
  afterAll(() => {
    disposeModel(model);
    [train, test, val].forEach((s) => s.dispose());
  });

  it('IMP prunes each layer at its rate, keeps training accuracy and runs the controls on the last round', () => {
    expect(rounds.map((r) => r.round)).toEqual([0, 1, 2]);
    // Layer-wise: hidden layers keep (1 − 0.5)^r, the output layer (1 − 0.25)^r, up to rounding.
    expect(rounds[2].densities[0]).toBeCloseTo(0.25, 2);
    expect(rounds[2].densities[1]).toBeCloseTo(0.25, 2);
    expect(rounds[2].densities[2]).toBeCloseTo(0.5625, 1);
    expect(rounds[2].masks[0].data.reduce((a, v) => a + v, 0)).toBe(Math.round(0.25 * 16 * 32));
    expect(rounds[1].reinit).toBeNull();
    expect(rounds[2].reinit).not.toBeNull();
    expect(rounds[2].random).not.toBeNull();
    expect(rounds[0].ticket.accuracy).toBeGreaterThan(0.6);
    // The early-stop step is one of the evaluation steps, picked on the validation split.
    for (const r of [rounds[0].ticket, rounds[2].ticket, rounds[2].reinit!]) expect([5, 10]).toContain(r.earlyStopStep);
  });

  it('IMP from a stored dense round gives the rounds that training it again gives, at another rewind point', async () => {
    const run = async (reuse?: { dense: DenseRound }): Promise<RoundResult[]> => {
      const out: RoundResult[] = [];
      const it = imp(ctx, train, test, { ...spec, rewind: 2 }, 3, { inputs: 16, classes: 4 }, { val }, reuse);
      for (let r = await it.next(); ; r = await it.next()) {
        if (r.done) {
          disposeModel(r.value.model);
          return out;
        }
        out.push(r.value);
      }
    };
    const reused = await run({ dense });
    expect(reused[0]).toBe(rounds[0]);
    expect(reused.map((r) => [r.ticket, r.densities])).toEqual((await run()).map((r) => [r.ticket, r.densities]));
    // Rewinding elsewhere changes the tickets: the stored weights at step 2 are not those at step 4.
    expect(
      reused[2].ticket.accuracy === rounds[2].ticket.accuracy && reused[2].ticket.loss === rounds[2].ticket.loss,
    ).toBe(false);
  });

  it('a rewinding sweep left after its first item frees the model it was training', async () => {
    const before = ctx.storage.liveBytes;
    const sweep = rewindSweep(ctx, train, test, spec, [0, 4], 3, { inputs: 16, classes: 4 }, 3);
    const first = await sweep.next();
    expect(first.value).toMatchObject({ index: 0, k: 0, round: { round: 0 } });
    expect(ctx.storage.liveBytes).toBeGreaterThan(before);
    await sweep.return(undefined);
    expect(ctx.storage.liveBytes).toBe(before);
  });

  it("instability reuses IMP's last ticket as copy A: the same curve as training copy A again", async () => {
    const reused = await instability(model, rewindState, spec.rewind, train, test, spec, 3, 9, 5, {}, rounds[2].ticket);
    expect(reused.accuracyA).toBe(rounds[2].ticket.accuracy);
    const retrained = await instability(model, rewindState, spec.rewind, train, test, spec, 3, 9, 5);
    expect(retrained.accuracyA).toBe(reused.accuracyA);
    expect(retrained.errors).toEqual(reused.errors);
    expect(retrained.accuracyB).toBe(reused.accuracyB);
  });

  it('two copies trained with the same data order give a zero barrier; different orders give a curve of n points', async () => {
    const same = await instability(model, rewindState, 4, train, test, spec, 7, 7, 5);
    expect(same.barrier).toBe(0);
    expect(new Set(same.errors).size).toBe(1);
    const diff = await instability(model, rewindState, 4, train, test, spec, 7, 8, 5);
    expect(diff.errors).toHaveLength(5);
    expect(diff.barrier).toBeGreaterThanOrEqual(0);
  });
});

describe('pruning core on a conv net', () => {
  it('Conv-2 tickets mask the conv kernels and the fully connected layers, and train', async () => {
    const ctx = await testContext();
    const train = new GpuSplit(ctx, data, data.train);
    const test = new GpuSplit(ctx, data, data.test);
    const conv: ImpSpec = {
      ...spec,
      model: 'conv2',
      width: 0.125,
      rounds: 1,
      rate: 0.5,
      outputRate: 0.5,
      scope: 'global',
      controls: 'none',
      rewind: 2,
    };
    const rounds: RoundResult[] = [];
    const it = imp(ctx, train, test, conv, 5, { inputs: 16, classes: 4, shape: [4, 4, 1] });
    for (let r = await it.next(); ; r = await it.next()) {
      if (r.done) {
        expect(layersOf(r.value.model).map((l) => l.weight.name)).toEqual([
          'conv1.weight',
          'conv2.weight',
          'fc1.weight',
          'fc2.weight',
          'fc3.weight',
        ]);
        disposeModel(r.value.model);
        break;
      }
      rounds.push(r.value);
    }
    [train, test].forEach((s) => s.dispose());
    expect(rounds[1].masks.map((m) => m.shape)).toEqual([
      [8, 1, 3, 3],
      [8, 8, 3, 3],
      [32, 32],
      [32, 32],
      [32, 4],
    ]);
    // Global scope: one threshold over convs and hidden FCs removes half of them together; the output layer on its own.
    expect(rounds[1].masks[1].data.length).toBe(8 * 8 * 9);
    expect(rounds[1].densities[4]).toBeCloseTo(0.5, 2);
    const hidden = [0, 1, 2, 3].map((i) => rounds[1].masks[i].data.reduce((a, v) => a + v, 0));
    expect(hidden.reduce((a, b) => a + b, 0)).toBe(Math.round(0.5 * (72 + 576 + 1024 + 1024)));
    expect(rounds[0].ticket.accuracy).toBeGreaterThan(0.4);
  });
});

describe('pruning core on a ResNet', () => {
  it('masks every conv (shortcuts too) and the classifier; recalibrated BatchNorm statistics are the mean over the batches, whatever they were before', async () => {
    const ctx = await testContext();
    const train = new GpuSplit(ctx, data, data.train);
    const model = buildPreset(ctx, 'resnet20', { seed: 2, width: 0.25, inputShape: [4, 4, 1], classes: 4 }) as ResNet;
    try {
      const names = layersOf(model).map((l) => l.weight.name);
      expect(names).toHaveLength(1 + 18 + 2 + 1);
      expect(names.filter((n) => n.includes('shortcut'))).toEqual([
        'layer2.0.shortcut.conv.weight',
        'layer3.0.shortcut.conv.weight',
      ]);
      expect(names[names.length - 1]).toBe('fc.weight');

      const bn = model.stem[1];
      ctx.write(bn.runningMean, new Float32Array(bn.channels).fill(5));
      recalibrateNorms(model, train, 32, 2);
      const once = (await bn.runningMean.read()) as Float32Array;
      // The stem conv's output on the same 64 examples, in the order recalibration uses.
      const order = train.order({ seed: 0, epoch: 0 });
      const y = ctx.scope(() =>
        noGrad(ctx, () => model.stem[0].forward(reshape(train.batch(order, 0, 64).x, [64, 4, 4, 1])).keep()),
      );
      const out = (await y.read()) as Float32Array;
      [y, order].forEach((t) => t.dispose());
      const C = bn.channels;
      const want = Array.from(
        { length: C },
        (_, c) => out.filter((_, i) => i % C === c).reduce((a, v) => a + v, 0) / (out.length / C),
      );
      for (let c = 0; c < C; c++)
        expect(Math.abs(once[c] - want[c])).toBeLessThanOrEqual(1e-4 + 1e-4 * Math.abs(want[c]));
      ctx.write(bn.runningMean, new Float32Array(C).fill(-3));
      recalibrateNorms(model, train, 32, 2);
      expect(Array.from((await bn.runningMean.read()) as Float32Array)).toEqual(Array.from(once));
    } finally {
      disposeModel(model);
      train.dispose();
    }
  });
});
