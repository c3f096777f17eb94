/**
 * "The lazy neuron phenomenon" (Li et al. 2023): the share of hidden ReLU units that fire (are
 * nonzero) on an input, per layer, over training of an MLP on MNIST, under true labels, random
 * labels (the training labels permuted) and random inputs (uniform noise images with the true
 * label sequence). The paper finds the share falls during training in all three, so sparsity is
 * not a product of the data's structure.
 *
 * Metrics: `active/<condition>/<layer>` (fraction of nonzero post-ReLU activations on a fixed
 * probe batch of the condition's training inputs), `train/<condition>/accuracy`.
 */
import type { EventOf, ExperimentRun, RunContext } from '../../experiment.ts';
import type { Dataset } from '../../datasets.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { seededSubset } from '../../datasets.ts';
import { GpuSplit, permutation } from '../../loader.ts';
import { MetricAccumulator } from '../../../gpu/kernels/metrics.ts';
import { mean } from '../../../gpu/kernels/reduce.ts';
import { thresholdMask } from '../../../gpu/kernels/select.ts';
import { noGrad } from '../../../gpu/autograd.ts';
import { bitsArray } from '../../../gpu/rng.ts';
import { disposeModel, mlp, type Linear, type Sequential } from '../../../gpu/nn.ts';
import { streams } from '../../../gpu/streams.ts';
import { buildOptimizer, buildSchedule, trainStep } from '../../train.ts';
import { defineRun } from '../../declare.ts';
import { lazyNeuron } from './lazy-neuron.experiment.ts';

export type Condition = 'true-labels' | 'random-labels' | 'random-inputs';
export const CONDITIONS: readonly Condition[] = ['true-labels', 'random-labels', 'random-inputs'];

type LazyEvent = EventOf<typeof lazyNeuron>;

export interface LazyRun {
  conditions: readonly Condition[];
  hidden: number[];
  trainSize: number;
  lr: number;
  batch: number;
  epochs: number;
  /** Examples of the probe batch the active share is measured on. */
  probe: number;
  seed: number;
}

/** The training split of `data` turned into the condition's (subset, labels permuted or noise images). */
function conditioned(data: Dataset, c: Condition, size: number, seed: number): Dataset {
  const pick = seededSubset(data.train, Math.min(size, data.train.count), seed + streams.data(0));
  const dim = data.train.images.length / data.train.count;
  let images = new Uint8Array(pick.length * dim);
  let labels = Uint8Array.from(pick, (i) => data.train.labels[i]);
  pick.forEach((i, k) => images.set(data.train.images.subarray(i * dim, (i + 1) * dim), k * dim));
  if (c === 'random-labels')
    labels = Uint8Array.from(permutation(labels.length, seed, streams.data(2)), (j) => labels[j]);
  if (c === 'random-inputs')
    images = Uint8Array.from(bitsArray(images.length, { seed, stream: streams.data(3) }), (u) => u >>> 24);
  return { ...data, train: { images, labels, count: pick.length } };
}

/** Fraction of nonzero entries of h, on the GPU: mean of the 0/1 mask |h| ≥ the smallest normal float. */
function activeShare(h: Tensor, tiny: Tensor): Tensor {
  return mean(thresholdMask(h, tiny));
}

/** Encodes the active share of every hidden layer on x into `out` [layers] (no read-back). */
function encodeShares(ctx: GpuContext, model: Sequential, x: Tensor, tiny: Tensor, out: Tensor): void {
  ctx.scope(() =>
    noGrad(ctx, () => {
      let h = x;
      const layers = model.layers as Linear[];
      layers.slice(0, -1).forEach((l, i) => {
        h = l.forward(h);
        ctx.copy(activeShare(h, tiny), out, 4, 0, 4 * i);
      });
    }),
  );
}

export async function* lazyNeuronRun(ctx: RunContext, r: LazyRun): AsyncGenerator<LazyEvent> {
  const gpu = ctx.gpu;
  const data = await ctx.dataset('mnist');
  const inputs = data.train.images.length / data.train.count;
  const classes = data.manifest.classes.length;
  const stepsPerEpoch = Math.ceil(Math.min(r.trainSize, data.train.count) / r.batch);
  const total = stepsPerEpoch * r.epochs;
  const measureEvery = Math.max(1, Math.round(total / 40));
  const tiny = gpu.tensor([1.1754944e-38], [1]).keep();
  const layers = r.hidden.map((_, i) => `fc${i + 1}` as const);
  yield {
    type: 'log',
    message: `MLP 784-${r.hidden.join('-')}-10, ${total} steps per condition; active share on ${r.probe} training inputs every ${measureEvery} steps`,
  };
  ctx.work.plan(r.conditions.length * total);
  try {
    for (const c of r.conditions) {
      ctx.work.span(total, { examplesPerUnit: r.batch });
      const cdata = conditioned(data, c, r.trainSize, r.seed);
      const split = new GpuSplit(gpu, cdata, cdata.train);
      const model = mlp(gpu, [inputs, ...r.hidden, classes], { seed: r.seed, activation: 'relu' });
      const optimizer = buildOptimizer(model, { optimizer: 'sgd', lr: r.lr, momentum: 0.9, weightDecay: 0 });
      const lrAt = buildSchedule({ schedule: 'constant', lr: r.lr, warmupSteps: 0 }, total);
      const metrics = new MetricAccumulator(gpu);
      const shares = gpu.empty([layers.length]).keep();
      const probeOrder = split.order(null);
      const probe = gpu.scope(() => split.batch(probeOrder, 0, Math.min(r.probe, split.count)).x.keep());
      const measure = async function* (step: number): AsyncGenerator<LazyEvent> {
        encodeShares(gpu, model, probe, tiny, shares);
        gpu.flush();
        const v = await shares.read();
        for (const [i, name] of layers.entries())
          yield { type: 'metric', name: `active/${c}/${name}`, step, value: v[i] };
      };
      try {
        yield* measure(0);
        let step = 0;
        for (let epoch = 0; epoch < r.epochs; epoch++) {
          const order = split.order({ seed: r.seed, epoch });
          try {
            for (let offset = 0; offset < split.count; offset += r.batch) {
              await ctx.work.step();
              const n = Math.min(r.batch, split.count - offset);
              gpu.scope(() => {
                const b = split.batch(order, offset, n);
                trainStep(model, optimizer, b.x, b.y, lrAt(step), metrics, step);
              });
              gpu.flush();
              step++;
              if (step % measureEvery === 0 || step === total) {
                const m = await metrics.read();
                if (m.divergedAt !== null) {
                  yield {
                    type: 'error',
                    kind: 'diverged',
                    step: m.divergedAt,
                    message: `Training (${c}) diverged at step ${m.divergedAt}. Try a smaller learning rate.`,
                  };
                  return;
                }
                yield { type: 'metric', name: `train/${c}/accuracy`, step, value: m.accuracy };
                yield* measure(step);
              }
            }
          } finally {
            order.dispose();
          }
        }
      } finally {
        probe.dispose();
        probeOrder.dispose();
        shares.dispose();
        metrics.dispose();
        optimizer.dispose();
        disposeModel(model);
        split.dispose();
      }
    }
    yield { type: 'done', summary: { steps: total, conditions: r.conditions.join(', '), seconds: ctx.elapsed() } };
  } finally {
    tiny.dispose();
  }
}

export const lazyNeuronRunner: ExperimentRun = defineRun(lazyNeuron, (ctx, spec) => {
  const p = spec.params;
  return lazyNeuronRun(ctx, {
    conditions: p.condition === 'all' ? CONDITIONS : [p.condition],
    hidden: [...p.hidden],
    trainSize: p.trainSize,
    lr: p.lr,
    batch: p.batch,
    epochs: p.epochs,
    probe: p.probe,
    seed: spec.seed,
  });
});
