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
  const trainer = new AdamOnRows(ctx, model, t, train);
  try {
    for (let epoch = 0; epoch < t.epochs; epoch++) await trainer.epoch(epoch);
  } finally {
    trainer.dispose();
  }
}

/**
 * The same training one epoch at a time, keeping Adam's moments between epochs: for runners that
 * train several models in turn and measure them between epochs.
 */
export class AdamOnRows {
  private readonly optimizer: ReturnType<typeof buildOptimizer>;
  private readonly metrics: MetricAccumulator;

  constructor(
    private readonly ctx: RunContext,
    private readonly model: Module,
    private readonly t: Omit<RowTraining, 'epochs'>,
    private readonly train: Tensor,
  ) {
    this.optimizer = buildOptimizer(model, { optimizer: 'adam', lr: t.lr, momentum: 0, weightDecay: 0 });
    this.metrics = new MetricAccumulator(ctx.gpu);
  }

  async epoch(epoch: number): Promise<void> {
    const { ctx, t, train } = this;
    const gpu = ctx.gpu;
    const n = train.shape[0];
    const perEpoch = Math.floor(n / t.batch);
    const order = gpu.tensor(permutation(n, t.seed, streams.shuffle(epoch)), [n], 'u32');
    for (let s = 0; s < perEpoch; s++) {
      gpu.scope(() => {
        const ids = gpu.empty([t.batch], 'u32');
        gpu.copy(order, ids, 4 * t.batch, 4 * s * t.batch);
        const y = gatherLabels(t.labels, order, { batch: t.batch, offset: s * t.batch });
        trainStep(this.model, this.optimizer, embeddingLookup(train, ids), y, t.lr, this.metrics, epoch * perEpoch + s);
      });
      gpu.flush();
      await ctx.work.step();
    }
    order.dispose();
    const window = await this.metrics.read();
    if (window.divergedAt !== null)
      throw new Error(`Adam diverged at step ${window.divergedAt}: lower the learning rate.`);
  }

  dispose(): void {
    this.metrics.dispose();
    this.optimizer.dispose();
  }
}
