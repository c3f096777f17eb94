/** Minibatch training of a landscape model (SGD or Adam) that keeps flat checkpoints along the way. */
import type { Tensor } from '../../gpu/tensor.ts';
import { backward } from '../../gpu/autograd.ts';
import { crossEntropy } from '../../gpu/ops/loss.ts';
import { MetricAccumulator } from '../../gpu/kernels/metrics.ts';
import type { Module } from '../../gpu/nn.ts';
import { Adam, SGD } from '../../gpu/optim.ts';
import type { GpuSplit } from '../loader.ts';
import { paramsOf, readFlat } from './params-io.ts';

export interface TrainOptions {
  steps: number;
  batch: number;
  lr: number;
  optimizer: 'sgd' | 'adam';
  momentum: number;
  /** Seed of the data order (different orders from one init: linear mode connectivity). */
  orderSeed: number;
  /** Keep a flat checkpoint every this many steps (and at the end); 0 keeps none. */
  every?: number;
  /** Awaited between steps (pause/stop). */
  checkpoint?: () => Promise<void>;
  /** Called with (step, mean train loss, accuracy) about 20 times per run. */
  onMetric?: (step: number, loss: number, accuracy: number) => void;
}

/** Trains `model` in place; returns the flat checkpoints (step 0 first when `every` > 0). */
export async function trainModel(
  model: Module,
  split: GpuSplit,
  o: TrainOptions,
): Promise<Array<{ step: number; theta: Float32Array }>> {
  const ctx = split.ctx;
  const params = paramsOf(model);
  const entries = model.parameters().map((p) => ({ name: p.name, tensor: p.tensor, mask: p.mask }));
  const opt =
    o.optimizer === 'adam' ? new Adam(entries, { lr: o.lr }) : new SGD(entries, { lr: o.lr, momentum: o.momentum });
  const metrics = new MetricAccumulator(ctx);
  const checkpoints: Array<{ step: number; theta: Float32Array }> = [];
  const every = o.every ?? 0;
  const logEvery = Math.max(1, Math.round(o.steps / 20));
  const perEpoch = Math.ceil(split.count / o.batch);
  let order: Tensor | null = null;
  try {
    if (every > 0) checkpoints.push({ step: 0, theta: await readFlat(params) });
    for (let step = 0; step < o.steps; step++) {
      await o.checkpoint?.();
      const epoch = Math.floor(step / perEpoch);
      const offset = (step % perEpoch) * o.batch;
      if (offset === 0) {
        order?.dispose();
        order = split.order({ seed: o.orderSeed, epoch }).keep();
      }
      const size = Math.min(o.batch, split.count - offset);
      ctx.scope(() => {
        const b = split.batch(order!, offset, size);
        const ce = crossEntropy(model.forward(b.x), b.y);
        backward(ce.loss);
        opt.step(o.lr);
        metrics.add(ce.perExample, ce.correct, step);
      });
      ctx.flush();
      if ((step + 1) % logEvery === 0 || step + 1 === o.steps) {
        const t = await metrics.read();
        if (t.divergedAt !== null)
          throw new Error(`training diverged at step ${t.divergedAt}: try a smaller learning rate`);
        o.onMetric?.(step + 1, t.loss, t.accuracy);
      }
      if (every > 0 && ((step + 1) % every === 0 || step + 1 === o.steps))
        checkpoints.push({ step: step + 1, theta: await readFlat(params) });
    }
    return checkpoints;
  } finally {
    order?.dispose();
    metrics.dispose();
    opt.dispose();
  }
}
