/**
 * Training a classifier on a GPU-resident split, and scoring every example of a split with it,
 * batch by batch into one score buffer that stays on the GPU (example-scores.ts): nothing is read
 * back per example or per step.
 */
import { noGrad } from '../../gpu/autograd.ts';
import { exampleScores } from '../../gpu/kernels/example-scores.ts';
import { MetricAccumulator } from '../../gpu/kernels/metrics.ts';
import type { Sequential } from '../../gpu/nn.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import type { GpuSplit } from '../loader.ts';
import { buildOptimizer, buildSchedule, trainStep } from '../train.ts';

export interface FitOptions {
  /** Optimizer steps, in shuffled epochs over the split (the last one cut short). */
  steps: number;
  batch: number;
  lr: number;
  momentum: number;
  /** Seeds the data order (the model's init is seeded where it is built). */
  seed: number;
}

/** Steps of `epochs` epochs over `count` examples. */
export const epochSteps = (count: number, epochs: number, batch: number): number => epochs * Math.ceil(count / batch);

/**
 * SGD with momentum and a cosine schedule over `o.steps` steps; `step` is the run's checkpoint,
 * called once per optimizer step.
 */
export async function fit(model: Sequential, split: GpuSplit, o: FitOptions, step: () => Promise<void>): Promise<void> {
  const ctx = split.ctx;
  const optimizer = buildOptimizer(model, { optimizer: 'sgd', lr: o.lr, momentum: o.momentum, weightDecay: 0 });
  const perEpoch = Math.ceil(split.count / o.batch);
  const lrAt = buildSchedule({ schedule: 'cosine', lr: o.lr, warmupSteps: 0 }, o.steps);
  const metrics = new MetricAccumulator(ctx);
  let order: Tensor | null = null;
  try {
    for (let s = 0; s < o.steps; s++) {
      const b = s % perEpoch;
      if (b === 0) {
        order?.dispose();
        order = split.order({ seed: o.seed, epoch: s / perEpoch });
      }
      const offset = b * o.batch;
      ctx.scope(() => {
        const batch = split.batch(order!, offset, Math.min(o.batch, split.count - offset));
        trainStep(model, optimizer, batch.x, batch.y, lrAt(s), metrics, s);
      });
      ctx.flush();
      await step();
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
 * `keep` = 1 adds to the buffer, for the sum over inits.
 */
export function scoreSplit(
  model: Sequential,
  split: GpuSplit,
  scores: Tensor,
  rule: ScoreRule,
  keep: number,
  batch: number,
): void {
  const ctx = split.ctx;
  const order = split.order(null);
  const body = model.layers.slice(0, -1);
  const head = model.layers[model.layers.length - 1];
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
