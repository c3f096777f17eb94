/** Training inside a random subspace θ = θ0 + P·z (Li et al. 2018, intrinsic dimension). */
import type { Tensor } from '../../gpu/tensor.ts';
import { backward } from '../../gpu/autograd.ts';
import { crossEntropy } from '../../gpu/ops/loss.ts';
import { MetricAccumulator } from '../../gpu/kernels/metrics.ts';
import { flatten } from '../../gpu/kernels/flat.ts';
import { paddedDim, subspaceExpand, subspaceProject, type Projection } from '../../gpu/kernels/landscape.ts';
import type { Module } from '../../gpu/nn.ts';
import { Adam } from '../../gpu/optim.ts';
import type { GpuSplit } from '../loader.ts';
import { evaluate } from '../train.ts';
import { disposeAll, paramsOf } from './params-io.ts';
import { LANDSCAPE_STREAM } from './streams.ts';

export interface SubspaceOptions {
  d: number;
  steps: number;
  batch: number;
  lr: number;
  /** Seed of P (and of the data order). */
  seed: number;
  projection?: Projection['kind'];
  checkpoint?: () => Promise<void>;
}

/**
 * Trains only the d coordinates z of θ = θ0 + P·z (Li et al. 2018) with Adam, θ0 being the
 * model's current parameters; leaves the model at the final θ and returns its test metrics.
 */
export async function trainSubspace(
  model: Module,
  train: GpuSplit,
  test: GpuSplit,
  o: SubspaceOptions,
): Promise<{ loss: number; accuracy: number; trainLoss: number }> {
  const ctx = train.ctx;
  const params = paramsOf(model);
  const D = params.reduce((s, p) => s + p.size, 0);
  const proj: Projection = { id: { seed: o.seed, stream: LANDSCAPE_STREAM + 1024 }, D, d: o.d, kind: o.projection };
  const theta0 = params.map((p) => {
    const t = ctx.empty(p.shape).keep();
    ctx.copy(p, t, p.bytes);
    return t;
  });
  const z = ctx.tensor(new Float32Array(paddedDim(o.d, o.projection))).keep();
  z.name = 'z';
  const opt = new Adam([{ name: 'z', tensor: z }], { lr: o.lr });
  const metrics = new MetricAccumulator(ctx);
  const perEpoch = Math.ceil(train.count / o.batch);
  let order: Tensor | null = null;
  const setTheta = (): void => {
    let row = 0;
    params.forEach((p, i) => {
      ctx.copy(subspaceExpand(proj, theta0[i], z, row), p, p.bytes);
      row += p.size;
    });
  };
  try {
    for (let step = 0; step < o.steps; step++) {
      await o.checkpoint?.();
      const offset = (step % perEpoch) * o.batch;
      if (offset === 0) {
        order?.dispose();
        order = train.order({ seed: o.seed, epoch: Math.floor(step / perEpoch) }).keep();
      }
      ctx.scope(() => {
        setTheta();
        const b = train.batch(order!, offset, Math.min(o.batch, train.count - offset));
        const ce = crossEntropy(model.forward(b.x), b.y);
        backward(ce.loss);
        z.grad = subspaceProject(proj, flatten(params.map((p) => p.grad!)));
        opt.step(o.lr);
        z.grad = null;
        metrics.add(ce.perExample, ce.correct, step);
      });
      ctx.flush();
    }
    const trainTotals = await metrics.read();
    ctx.scope(() => setTheta());
    const t = await evaluate(model, test, 500);
    return { loss: t.loss, accuracy: t.accuracy, trainLoss: trainTotals.loss };
  } finally {
    order?.dispose();
    metrics.dispose();
    opt.dispose();
    z.dispose();
    disposeAll(theta0);
  }
}
