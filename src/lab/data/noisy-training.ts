/**
 * Training on a noisy training set, one epoch at a time, with plain cross-entropy or with ELR
 * (early-learning regularization): the ELR learner keeps a target per training example in a
 * pool-long buffer [n, C] on the GPU, indexed by the example's position in the split, which the
 * loss kernel updates in place every time the example is in a batch (no readback).
 */
import { backward } from '../../gpu/autograd.ts';
import { crossEntropy } from '../../gpu/ops/loss.ts';
import { elrLoss } from '../../gpu/ops/elr.ts';
import type { Module } from '../../gpu/nn.ts';
import type { Schedule } from '../../gpu/schedule.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import type { GpuSplit } from '../loader.ts';
import { buildOptimizer, buildSchedule } from '../train.ts';

export type NoisyLoss = 'ce' | 'elr';

export interface NoisyTrainingOptions {
  loss: NoisyLoss;
  classes: number;
  epochs: number;
  batch: number;
  lr: number;
  momentum: number;
  weightDecay: number;
  /** ELR's λ and β (unused by CE). */
  lambda: number;
  beta: number;
  /** Seeds the data order: learners with the same seed see the same batches. */
  seed: number;
}

export class NoisyLearner {
  readonly stepsPerEpoch: number;
  private readonly optimizer: ReturnType<typeof buildOptimizer>;
  private readonly lrAt: Schedule;
  private readonly targets: Tensor | null;
  private steps = 0;

  constructor(
    readonly model: Module,
    private readonly split: GpuSplit,
    private readonly o: NoisyTrainingOptions,
  ) {
    this.stepsPerEpoch = Math.ceil(split.count / o.batch);
    this.optimizer = buildOptimizer(model, {
      optimizer: 'sgd',
      lr: o.lr,
      momentum: o.momentum,
      weightDecay: o.weightDecay,
    });
    // Cosine over the whole run, as the paper's CIFAR-10 runs anneal.
    this.lrAt = buildSchedule({ schedule: 'cosine', lr: o.lr, warmupSteps: 0 }, o.epochs * this.stepsPerEpoch);
    // The paper starts every target at zero.
    this.targets =
      o.loss === 'elr'
        ? split.ctx.tensor(new Float32Array(split.count * o.classes), [split.count, o.classes]).keep()
        : null;
  }

  /** One shuffled pass over the split (`epoch` from 0 seeds its order); `step` is the run's checkpoint. */
  async epoch(epoch: number, step: () => Promise<void>): Promise<void> {
    const ctx = this.split.ctx;
    const order = this.split.order({ seed: this.o.seed, epoch });
    try {
      for (let b = 0; b < this.stepsPerEpoch; b++) {
        const offset = b * this.o.batch;
        const lr = this.lrAt(this.steps++);
        ctx.scope(() => {
          const batch = this.split.batch(order, offset, Math.min(this.o.batch, this.split.count - offset));
          const logits = this.model.forward(batch.x);
          const loss = this.targets
            ? elrLoss(logits, batch.y, order, this.targets, { lambda: this.o.lambda, beta: this.o.beta, offset }).loss
            : crossEntropy(logits, batch.y).loss;
          backward(loss, undefined, { sink: this.optimizer.gradientSink(lr) });
          this.optimizer.step(lr);
        });
        ctx.flush();
        await step();
      }
    } finally {
      order.dispose();
    }
  }

  dispose(): void {
    this.optimizer.dispose();
    this.targets?.dispose();
  }
}
