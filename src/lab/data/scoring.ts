/**
 * Training a classifier on a GPU-resident split, and scoring every example of a split with it,
 * batch by batch into one score buffer that stays on the GPU (example-scores.ts): nothing is read
 * back per example or per step.
 */
import { noGrad } from '../../gpu/autograd.ts';
import { exampleScores } from '../../gpu/kernels/example-scores.ts';
import { MetricAccumulator } from '../../gpu/kernels/metrics.ts';
import { Sequential, type Module } from '../../gpu/nn.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import type { GpuSplit } from '../loader.ts';
import { buildOptimizer, buildSchedule, trainStep } from '../train.ts';
import type { EpochSampler } from './subsets.ts';

export interface FitOptions {
  /** Optimizer steps, in epochs over the split or the sampler (the last one cut short). */
  steps: number;
  batch: number;
  lr: number;
  momentum: number;
  /** Seeds the data order (the model's init is seeded where it is built). */
  seed: number;
  /** The examples each epoch takes, in order; absent, all of the split, reshuffled by (seed, epoch). */
  sampler?: EpochSampler;
  /** For `training`: steps between the pauses it yields at (it also yields after the last step). */
  every?: number;
}

/** Steps of `epochs` epochs over `count` examples. */
export const epochSteps = (count: number, epochs: number, batch: number): number => epochs * Math.ceil(count / batch);

/**
 * SGD with momentum and a cosine schedule over `o.steps` steps; `step` is the run's checkpoint,
 * called once per optimizer step.
 */
export async function fit(model: Module, split: GpuSplit, o: FitOptions, step: () => Promise<void>): Promise<void> {
  const steps = training(model, split, { ...o, every: undefined }, step);
  while (!(await steps.next()).done);
}

/**
 * `fit` as a generator that pauses every `o.every` steps and after the last, yielding the steps
 * done: a runner evaluates the model there and yields its metrics as the training goes.
 */
export async function* training(
  model: Module,
  split: GpuSplit,
  o: FitOptions,
  step: () => Promise<void>,
): AsyncGenerator<number, void> {
  const ctx = split.ctx;
  const optimizer = buildOptimizer(model, { optimizer: 'sgd', lr: o.lr, momentum: o.momentum, weightDecay: 0 });
  const epochSize = o.sampler?.size ?? split.count;
  const perEpoch = Math.ceil(epochSize / o.batch);
  const lrAt = buildSchedule({ schedule: 'cosine', lr: o.lr, warmupSteps: 0 }, o.steps);
  const metrics = new MetricAccumulator(ctx);
  let order: Tensor | null = null;
  try {
    for (let s = 0; s < o.steps; s++) {
      const b = s % perEpoch;
      if (b === 0) {
        order?.dispose();
        const epoch = s / perEpoch;
        order = o.sampler
          ? ctx.tensor(o.sampler.order(epoch), [epochSize], 'u32')
          : split.order({ seed: o.seed, epoch });
      }
      const offset = b * o.batch;
      ctx.scope(() => {
        const batch = split.batch(order!, offset, Math.min(o.batch, epochSize - offset));
        trainStep(model, optimizer, batch.x, batch.y, lrAt(s), metrics, s);
      });
      ctx.flush();
      await step();
      if (o.every && ((s + 1) % o.every === 0 || s + 1 === o.steps)) yield s + 1;
    }
  } finally {
    order?.dispose();
    optimizer.dispose();
    metrics.dispose();
  }
}

export type ScoreRule = 'el2n' | 'grand';

/**
 * Every example's score into scores[0 … split.count), in split order: EL2N, or GraNd restricted
 * to the last linear layer (the closed form ‖p − y‖·√(‖h‖² + 1) with h the features feeding it).
 * `keep` = 1 adds to the buffer, for the sum over inits. EL2N needs only the logits, so any model
 * scores it; GraNd needs the features feeding the last layer, so a Sequential.
 */
export function scoreSplit(
  model: Module,
  split: GpuSplit,
  scores: Tensor,
  rule: ScoreRule,
  keep: number,
  batch: number,
): void {
  const ctx = split.ctx;
  if (rule === 'grand' && !(model instanceof Sequential))
    throw new Error('GraNd (last layer) scores a sequence of layers: an MLP');
  const layers = model instanceof Sequential ? model.layers : [model];
  const body = layers.slice(0, -1);
  const head = layers[layers.length - 1];
  const order = split.order(null);
  for (let offset = 0; offset < split.count; offset += batch) {
    ctx.scope(() =>
      noGrad(ctx, () => {
        const b = split.batch(order, offset, Math.min(batch, split.count - offset));
        const h = body.reduce((x, layer) => layer.forward(x), b.x);
        exampleScores(head.forward(h), b.y, scores, { offset, keep, hidden: rule === 'grand' ? h : undefined });
      }),
    );
    ctx.flush();
  }
  order.dispose();
}
