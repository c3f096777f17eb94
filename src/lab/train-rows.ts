/**
 * Adam on cross-entropy over a GPU-resident [n, d] input tensor and its byte labels, in shuffled
 * whole batches (the last partial batch of an epoch is dropped), one work-clock step per batch.
 * Throws where the loss diverged. For runners that train small models on in-memory subsets.
 */
import { embeddingLookup } from '../gpu/kernels/embedding.ts';
import { gatherLabels } from '../gpu/kernels/gather.ts';
import { MetricAccumulator } from '../gpu/kernels/metrics.ts';
import type { Module } from '../gpu/nn.ts';
import { streams } from '../gpu/streams.ts';
import type { Tensor } from '../gpu/tensor.ts';
import type { RunContext } from './experiment.ts';
import { permutation } from './loader.ts';
import { buildOptimizer, trainStep } from './train.ts';

export interface RowTraining {
  /** Byte labels (packBytes), as gatherLabels reads them. */
  labels: Tensor;
  epochs: number;
  batch: number;
  lr: number;
  seed: number;
}

export async function adamOnRows(ctx: RunContext, model: Module, t: RowTraining, train: Tensor): Promise<void> {
  const gpu = ctx.gpu;
  const n = train.shape[0];
  const perEpoch = Math.floor(n / t.batch);
  const optimizer = buildOptimizer(model, { optimizer: 'adam', lr: t.lr, momentum: 0, weightDecay: 0 });
  const metrics = new MetricAccumulator(gpu);
  try {
    for (let epoch = 0; epoch < t.epochs; epoch++) {
      const order = gpu.tensor(permutation(n, t.seed, streams.shuffle(epoch)), [n], 'u32');
      for (let s = 0; s < perEpoch; s++) {
        gpu.scope(() => {
          const ids = gpu.empty([t.batch], 'u32');
          gpu.copy(order, ids, 4 * t.batch, 4 * s * t.batch);
          const y = gatherLabels(t.labels, order, { batch: t.batch, offset: s * t.batch });
          trainStep(model, optimizer, embeddingLookup(train, ids), y, t.lr, metrics, epoch * perEpoch + s);
        });
        gpu.flush();
        await ctx.work.step();
      }
      order.dispose();
      const window = await metrics.read();
      if (window.divergedAt !== null)
        throw new Error(`Adam diverged at step ${window.divergedAt}: lower the learning rate.`);
    }
  } finally {
    metrics.dispose();
    optimizer.dispose();
  }
}
