/**
 * Supermask MLPs (edge-popup, Ramanujan et al. 2020): frozen random weights, one learned score per
 * weight, and in the forward pass only the top `density` fraction of each layer's edges by |score|
 * (ops/supermask.ts). Only the scores are parameters, so the ordinary optimizers and trainStep
 * train them; the weights are buffers, so snapshots carry them. Shared by FRL (frl.ts) and the
 * pruning checks.
 */
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import type { Module, Parameter } from '../../../gpu/nn.ts';
import { initialize } from '../../../gpu/nn.ts';
import { linear } from '../../../gpu/ops/linear.ts';
import { supermaskWeight, topScoreMask } from '../../../gpu/ops/supermask.ts';
import { bitsArray } from '../../../gpu/rng.ts';
import { streams } from '../../../gpu/streams.ts';
import { Adam, SGD } from '../../../gpu/optim.ts';
import { MetricAccumulator } from '../../../gpu/kernels/metrics.ts';
import { evaluate, trainStep } from '../../train.ts';
import type { GpuSplit } from '../../loader.ts';

export interface SupermaskLayer {
  name: string;
  /** Frozen [in, out] weight. */
  weight: Tensor;
  scores: Tensor;
  /** Edges kept in the forward pass. */
  keep: number;
}

/**
 * 784-h…-classes ReLU MLP without biases (as edge-popup), each layer keeping round(density·size)
 * edges. Weights are the "signed Kaiming constant" ±√(2/(fan_in·density)) (the paper's best
 * choice; the 1/√density keeps the activation scale of the kept fan-in); scores start
 * Kaiming-uniform. Weights depend on `weightSeed` only, so every FRL client shares them.
 */
export class SupermaskMlp implements Module {
  readonly layers: SupermaskLayer[];

  constructor(ctx: GpuContext, sizes: readonly number[], density: number, weightSeed: number, scoreSeed: number) {
    if (!(density > 0 && density <= 1)) throw new Error(`supermask density must be in (0, 1], got ${density}`);
    this.layers = sizes.slice(0, -1).map((fanIn, i) => {
      const shape = [fanIn, sizes[i + 1]];
      const n = fanIn * sizes[i + 1];
      const c = Math.sqrt(2 / (fanIn * density));
      const bits = bitsArray(n, { seed: weightSeed, stream: streams.init(2 * i) });
      const weight = ctx
        .tensor(
          Float32Array.from(bits, (b) => (b & 1 ? c : -c)),
          shape,
        )
        .keep();
      weight.name = `fc${i + 1}.weight`;
      const scores = initialize(ctx, shape, 'kaiming-uniform', scoreSeed, streams.init(2 * i + 1)).keep();
      scores.name = `fc${i + 1}.scores`;
      scores.requiresGrad = true;
      return { name: `fc${i + 1}`, weight, scores, keep: Math.max(1, Math.round(density * n)) };
    });
  }

  forward(x: Tensor): Tensor {
    const last = this.layers.length - 1;
    return this.layers.reduce(
      (h, l, i) =>
        linear(h, supermaskWeight(l.weight, l.scores, l.keep), null, { activation: i === last ? 'identity' : 'relu' }),
      x,
    );
  }

  parameters(): Parameter[] {
    return this.layers.map((l) => ({ name: l.scores.name, tensor: l.scores, mask: null }));
  }

  buffers(): { name: string; tensor: Tensor }[] {
    return this.layers.map((l) => ({ name: l.weight.name, tensor: l.weight }));
  }

  /** The current 0/1 masks as bytes [in, out] (for the views). */
  async masks(): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for (const l of this.layers) {
      const m = l.scores.ctx.scope(() => topScoreMask(l.scores, l.keep));
      out.push(Uint8Array.from((await m.read()) as Float32Array, (v) => (v > 0 ? 1 : 0)));
      m.dispose();
    }
    return out;
  }

  dispose(): void {
    for (const l of this.layers) {
      l.weight.dispose();
      l.scores.dispose();
    }
  }
}

export interface LocalTrainSpec {
  /** Constant rate; SGD with momentum or Adam. */
  optimizer: 'sgd' | 'adam';
  lr: number;
  momentum: number;
  batch: number;
  epochs: number;
}

/**
 * `spec.epochs` passes of SGD over `split` with a fresh optimizer (as a federated client starts
 * every round), the data order fixed by `orderSeed` and the epoch index `epochBase + e`. Works for
 * any module: supermask scores or ordinary weights.
 */
export async function trainEpochs(
  model: Module,
  split: GpuSplit,
  spec: LocalTrainSpec,
  orderSeed: number,
  epochBase = 0,
  checkpoint?: () => Promise<void>,
): Promise<void> {
  const ctx = split.ctx;
  const params = model.parameters().map((p) => ({ name: p.name, tensor: p.tensor, mask: p.mask }));
  const optimizer =
    spec.optimizer === 'adam'
      ? new Adam(params, { lr: spec.lr })
      : new SGD(params, { lr: spec.lr, momentum: spec.momentum });
  const metrics = new MetricAccumulator(ctx);
  try {
    let step = 0;
    for (let e = 0; e < spec.epochs; e++) {
      const order = split.order({ seed: orderSeed, epoch: epochBase + e });
      try {
        for (let offset = 0; offset < split.count; offset += spec.batch) {
          await checkpoint?.();
          const size = Math.min(spec.batch, split.count - offset);
          ctx.scope(() => {
            const b = split.batch(order, offset, size);
            trainStep(model, optimizer, b.x, b.y, spec.lr, metrics, step++);
          });
          ctx.flush();
        }
      } finally {
        order.dispose();
      }
    }
  } finally {
    metrics.dispose();
    optimizer.dispose();
  }
}

/** Test accuracy (batches of 1000). */
export async function accuracy(model: Module, test: GpuSplit): Promise<number> {
  return (await evaluate(model, test, 1000)).accuracy;
}
