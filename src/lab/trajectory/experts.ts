/**
 * Expert trajectories for trajectory matching: MLPs trained by minibatch SGD on real images, with
 * a checkpoint of every parameter after each epoch, kept on the GPU. A smoothed expert (AST) adds
 * a gradient penalty λ‖∇θL‖² to its loss (differentiated through the recorded gradient, so its
 * own gradient includes the Hessian term) and clips the global gradient norm of every step.
 */
import { backward, noGrad } from '../../gpu/autograd.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { clipStep } from '../../gpu/kernels/clip-step.ts';
import { add } from '../../gpu/kernels/elementwise.ts';
import { embeddingLookup } from '../../gpu/kernels/embedding.ts';
import { disposeModel, mlp } from '../../gpu/nn.ts';
import { scale } from '../../gpu/ops/elementwise.ts';
import { streams } from '../../gpu/streams.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import { permutation } from '../loader.ts';
import { recordedGradient, sumOfSquares, type Theta } from './student.ts';

export interface ExpertTraining {
  /** [d, hidden…, C]. */
  sizes: number[];
  epochs: number;
  batch: number;
  lr: number;
  /** Global gradient-norm bound; 0: no clipping. */
  maxNorm: number;
  /** Weight λ of the gradient penalty λ‖∇θL‖²; 0: none. */
  penalty: number;
  /** Init and data-order seed. */
  seed: number;
}

/** Real training images [n, d] and their one-hot labels [n, C], on the GPU. */
export interface RealSet {
  x: Tensor;
  onehot: Tensor;
}

/** A fresh MLP's parameters (nn.ts's init, seeded), as persistent tensors in θ order. */
export function freshTheta(gpu: GpuContext, sizes: number[], seed: number): Theta {
  const model = mlp(gpu, sizes, { seed, activation: 'relu' });
  const theta = model.parameters().map((p) => {
    const copy = gpu.empty(p.tensor.shape).keep();
    gpu.copy(p.tensor, copy, p.tensor.bytes);
    return copy;
  });
  disposeModel(model);
  return theta;
}

export function copyTheta(gpu: GpuContext, theta: Theta): Theta {
  return theta.map((w) => {
    const copy = gpu.empty(w.shape).keep();
    gpu.copy(w, copy, w.bytes);
    return copy;
  });
}

export const disposeTheta = (theta: Theta): void => theta.forEach((w) => w.dispose());

/** The step's gradient: ∇θL, plus λ∇θ‖∇θL‖² where there is a penalty. */
function expertGradient(theta: Theta, x: Tensor, onehot: Tensor, penalty: number): Tensor[] {
  const gpu = x.ctx;
  if (penalty === 0) return noGrad(gpu, () => recordedGradient(theta, x, onehot));
  for (const w of theta) w.requiresGrad = true;
  try {
    const g = recordedGradient(theta, x, onehot);
    backward(scale(sumOfSquares(g), penalty));
    return g.map((gi, i) => {
      const total = add(gi, theta[i].grad!);
      theta[i].grad = null;
      return total;
    });
  } finally {
    for (const w of theta) w.requiresGrad = false;
  }
}

/** Σ‖g‖² over every parameter, [1], unrecorded. */
export function squaredNorm(grads: Tensor[]): Tensor {
  return noGrad(grads[0].ctx, () => sumOfSquares(grads));
}

/**
 * Trains one expert and returns its checkpoints θ0 (the init), θ1, …, θE, one per epoch (the
 * caller disposes them). `tick` is awaited after every step (the work clock).
 */
export async function trainExpert(
  gpu: GpuContext,
  data: RealSet,
  o: ExpertTraining,
  tick: () => Promise<void>,
): Promise<Theta[]> {
  const n = data.x.shape[0];
  const perEpoch = Math.floor(n / o.batch);
  const theta = freshTheta(gpu, o.sizes, o.seed);
  const checkpoints = [copyTheta(gpu, theta)];
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const order = gpu.tensor(permutation(n, o.seed, streams.shuffle(epoch)), [n], 'u32');
      for (let s = 0; s < perEpoch; s++) {
        gpu.scope(() => {
          const ids = gpu.empty([o.batch], 'u32');
          gpu.copy(order, ids, 4 * o.batch, 4 * s * o.batch);
          const grads = expertGradient(
            theta,
            embeddingLookup(data.x, ids),
            embeddingLookup(data.onehot, ids),
            o.penalty,
          );
          const ss = squaredNorm(grads);
          grads.forEach((g, i) => clipStep(theta[i], g, ss, { lr: o.lr, maxNorm: o.maxNorm }));
        });
        gpu.flush();
        await tick();
      }
      order.dispose();
      checkpoints.push(copyTheta(gpu, theta));
    }
    return checkpoints;
  } catch (e) {
    checkpoints.forEach(disposeTheta);
    throw e;
  } finally {
    disposeTheta(theta);
  }
}
