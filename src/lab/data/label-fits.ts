/**
 * How a network fits the flipped examples of a noisy training set: the fraction it predicts as
 * their true label, and the fraction it predicts as the wrong label it was trained on (memorized),
 * from one forward pass over the split of flipped examples. Per-example indicators are written into
 * one buffer on the GPU (label-fit.ts) and summed there; two numbers are read back.
 */
import { noGrad } from '../../gpu/autograd.ts';
import { gatherLabels, packBytes } from '../../gpu/kernels/gather.ts';
import { labelFit } from '../../gpu/kernels/label-fit.ts';
import { sum } from '../../gpu/kernels/reduce.ts';
import { setTraining } from '../../gpu/models/common.ts';
import type { Module } from '../../gpu/nn.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import type { GpuSplit } from '../loader.ts';

export interface LabelFits {
  /** Fraction predicted as the true label. */
  truth: number;
  /** Fraction predicted as the (wrong) training label. */
  memorized: number;
}

/**
 * The true labels of a split's examples, packed as its own labels are, for gathering beside them.
 * `truth` is in split order.
 */
export function packedTruth(split: GpuSplit, truth: Uint32Array): Tensor {
  if (truth.length !== split.count) throw new Error(`${truth.length} true labels for a split of ${split.count}`);
  return packBytes(split.ctx, Uint8Array.from(truth));
}

/** LabelFits of `model` over `split` (its labels are the training labels), `truth` from packedTruth. */
export async function labelFits(model: Module, split: GpuSplit, truth: Tensor, batch: number): Promise<LabelFits> {
  const ctx = split.ctx;
  const n = split.count;
  if (n === 0) return { truth: NaN, memorized: NaN };
  const order = split.order(null);
  const fit = ctx.empty([2, n]).keep();
  setTraining(model, false);
  try {
    for (let offset = 0; offset < n; offset += batch) {
      const size = Math.min(batch, n - offset);
      ctx.scope(() =>
        noGrad(ctx, () => {
          const b = split.batch(order, offset, size);
          const t = gatherLabels(truth, order, { batch: size, offset });
          labelFit(model.forward(b.x), b.y, t, fit, offset);
        }),
      );
      ctx.flush();
    }
    const counts = ctx.scope(() => sum(fit, 1).keep());
    const [right, memorized] = (await counts.read()) as Float32Array;
    counts.dispose();
    return { truth: right / n, memorized: memorized / n };
  } finally {
    setTraining(model, true);
    order.dispose();
    fit.dispose();
  }
}
