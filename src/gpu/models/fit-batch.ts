/** A quick "does it learn" probe shared by the preset tests and the engine check. */
import { backward } from '../autograd.ts';
import { crossEntropy } from '../ops/loss.ts';
import { Adam } from '../optim.ts';
import type { Tensor } from '../tensor.ts';
import type { Model } from './common.ts';

/** Adam steps on one fixed batch; the loss before each step, read back once per step. */
export async function fixedBatchLosses(
  model: Model,
  x: Tensor,
  y: Tensor,
  steps: number,
  lr: number,
): Promise<number[]> {
  const ctx = x.ctx;
  const opt = new Adam(model.parameters(), { lr });
  const losses: number[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const loss = ctx.scope(() => {
        const ce = crossEntropy(model.forward(x), y);
        backward(ce.loss);
        opt.step();
        return ce.loss;
      });
      losses.push((await loss.read())[0]);
      loss.dispose();
    }
  } finally {
    opt.dispose();
  }
  return losses;
}
