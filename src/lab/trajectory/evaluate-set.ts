/**
 * How good a small training set is: test accuracy of a fresh MLP trained on it alone by full-batch
 * SGD. Distilled and random real sets of one run get the same inits, steps and learning rate.
 */
import { noGrad } from '../../gpu/autograd.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { clipStep } from '../../gpu/kernels/clip-step.ts';
import { sum } from '../../gpu/kernels/reduce.ts';
import { crossEntropy } from '../../gpu/ops/loss.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import { disposeTheta, freshTheta } from './experts.ts';
import { logitsOf, recordedGradient } from './student.ts';

export interface SetTraining {
  sizes: number[];
  steps: number;
  lr: number;
  /** Init seeds: one fresh network per seed, accuracies averaged. */
  seeds: number[];
}

/** Test images [m, d] and u32 labels [m]. */
export interface TestSet {
  x: Tensor;
  y: Tensor;
}

/** Mean test accuracy (%) over the inits of networks trained on images [n, d] with one-hot labels. */
export async function accuracyAfterTraining(
  gpu: GpuContext,
  train: { x: Tensor; onehot: Tensor },
  test: TestSet,
  o: SetTraining,
  tick: () => Promise<void>,
): Promise<number> {
  // One [1] count of correct test predictions per init, read together at the end.
  const correct: Tensor[] = [];
  try {
    for (const seed of o.seeds) {
      const theta = freshTheta(gpu, o.sizes, seed);
      try {
        for (let s = 0; s < o.steps; s++) {
          gpu.scope(() =>
            noGrad(gpu, () => {
              const grads = recordedGradient(theta, train.x, train.onehot);
              grads.forEach((g, i) => clipStep(theta[i], g, null, { lr: o.lr, maxNorm: 0 }));
            }),
          );
          gpu.flush();
          await tick();
        }
        correct.push(
          gpu.scope(() => noGrad(gpu, () => sum(crossEntropy(logitsOf(theta, test.x), test.y).correct))).keep(),
        );
      } finally {
        disposeTheta(theta);
      }
    }
    let hits = 0;
    for (const c of correct) hits += (await c.read())[0];
    return (100 * hits) / (test.x.shape[0] * o.seeds.length);
  } finally {
    correct.forEach((c) => c.dispose());
  }
}
