/**
 * DataDAM's matching loss (Sajedi et al. 2023) between a real batch and the synthetic set, both
 * ordered by class with the same count per class: for every stage of a random ConvNet, the squared
 * distance between the class-mean spatial attention maps of the real and of the synthetic images
 * (summed over classes and positions), plus `mmdWeight` times the squared distance between their
 * class-mean embeddings (the linear-kernel MMD of distribution matching). Only the synthetic side
 * is recorded on the tape: gradients flow to the synthetic pixels, never to the network.
 */
import { noGrad } from '../../gpu/autograd.ts';
import { reshape } from '../../gpu/ops/conv.ts';
import { mul, scale, sub, add } from '../../gpu/ops/elementwise.ts';
import { mean, sum } from '../../gpu/ops/reduce.ts';
import { spatialAttention } from '../../gpu/ops/spatial-attention.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import type { DistillConvNet } from './distill-convnet.ts';

export interface MatchingOptions {
  classes: number;
  /** The exponent p of the attention maps (DataDAM: 4). */
  power: number;
  /** Weight of the embedding MMD term; 0 matches attention maps only. */
  mmdWeight: number;
  /** Weight of the attention term; 0 leaves plain distribution matching (the ablation). */
  attentionWeight: number;
}

/** [classes·n, …] rows ordered by class → [classes, D], each class's mean row. */
function classMeans(x: Tensor, classes: number): Tensor {
  const n = x.shape[0] / classes;
  return mean(reshape(x, [classes, n, x.size / x.shape[0]]), 1);
}

const squaredDistance = (a: Tensor, b: Tensor): Tensor => {
  const d = sub(a, b);
  return sum(mul(d, d));
};

/** The matching loss [1], differentiable in `synthetic`, through `net` as it stands. */
export function attentionMatchingLoss(
  net: DistillConvNet,
  real: Tensor,
  synthetic: Tensor,
  o: MatchingOptions,
): Tensor {
  const summarize = (rows: Tensor) => {
    const f = net.features(rows);
    return {
      maps: o.attentionWeight > 0 ? f.stages.map((h) => classMeans(spatialAttention(h, o.power), o.classes)) : [],
      embedding: classMeans(f.embedding, o.classes),
    };
  };
  const target = noGrad(real.ctx, () => summarize(real));
  const got = summarize(synthetic);
  let loss = scale(squaredDistance(target.embedding, got.embedding), o.mmdWeight);
  for (const [l, m] of got.maps.entries())
    loss = add(loss, scale(squaredDistance(target.maps[l], m), o.attentionWeight));
  return loss;
}
