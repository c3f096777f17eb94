/** The networks of the landscape experiments: an MLP (optionally small-init tanh), or LeNet. */
import type { GpuContext } from '../../gpu/context.ts';
import type { Activation } from '../../gpu/kernels/matmul.ts';
import { mlp, type Module } from '../../gpu/nn.ts';
import { LeNet } from './lenet.ts';

/**
 * A ReLU MLP with the default (Kaiming) init, or, through `o`, another activation and a scaled
 * Glorot init: the edge-of-stability runs use a small-init tanh net, whose sharpness starts low.
 */
export function buildMlp(
  ctx: GpuContext,
  inputs: number,
  hidden: number[],
  classes: number,
  seed: number,
  o: { activation?: Activation; initScale?: number } = {},
): Module {
  const init = o.initScale === undefined ? {} : { init: 'glorot-normal' as const, gain: o.initScale };
  return mlp(ctx, [inputs, ...hidden, classes], { seed, activation: o.activation ?? 'relu', ...init });
}

/** The network of an intrinsic-dimension run: the fully connected ReLU MLP, or LeNet. */
export function buildNet(
  ctx: GpuContext,
  kind: 'fc' | 'lenet',
  ld: { inputs: number; classes: number; train: { shape: readonly number[] } },
  hidden: number[],
  seed: number,
): Module {
  if (kind === 'fc') return buildMlp(ctx, ld.inputs, hidden, ld.classes, seed);
  const [h, w, c] = ld.train.shape;
  return new LeNet(ctx, [h, w, c], ld.classes, seed);
}
