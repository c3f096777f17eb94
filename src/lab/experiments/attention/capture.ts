/**
 * Reads the attention probabilities of a model's layers for one forward pass without a graph:
 * captureProbs is switched on only for this pass, and the kept tensors are freed afterwards so a
 * training step never pays for them.
 */
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import type { MultiHeadAttention } from '../../../gpu/layers/attention.ts';
import { noGrad } from '../../../gpu/autograd.ts';
import { argmax } from '../../../gpu/kernels/reduce.ts';

export interface Captured {
  /** Per layer [n, H, Tq, Tk]. */
  probs: Float32Array[];
  /** argmax of each output row. */
  predicted: Uint32Array;
}

export async function captureAttention(
  ctx: GpuContext,
  layers: readonly MultiHeadAttention[],
  forward: () => Tensor,
): Promise<Captured> {
  layers.forEach((l) => (l.captureProbs = true));
  try {
    const predicted = ctx.scope(() => noGrad(ctx, () => argmax(forward(), 1).keep()));
    ctx.flush();
    const probs = await Promise.all(layers.map((l) => l.probs!.read() as Promise<Float32Array>));
    const pred = (await predicted.read()) as Uint32Array;
    predicted.dispose();
    return { probs, predicted: pred };
  } finally {
    for (const l of layers) {
      l.captureProbs = false;
      l.probs?.dispose();
      l.probs = null;
    }
  }
}
