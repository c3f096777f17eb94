/**
 * Sharpness, the top Hessian eigenvalue of the training objective, and full-batch gradient descent
 * that tracks it (Cohen et al. 2021, the edge of stability).
 */
import type { Tensor } from '../../gpu/tensor.ts';
import { backward, noGrad } from '../../gpu/autograd.ts';
import { crossEntropy, mseLoss } from '../../gpu/ops/loss.ts';
import { flatten } from '../../gpu/kernels/flat.ts';
import type { Module } from '../../gpu/nn.ts';
import { SGD } from '../../gpu/optim.ts';
import { normalArray } from '../../gpu/rng.ts';
import { lanczosTop } from '../numerics/eigen.ts';
import type { GpuSplit } from '../loader.ts';
import { paramsOf, readFlat, writeFlat } from './params-io.ts';
import { LANDSCAPE_STREAM } from './streams.ts';

/**
 * The full-batch objective: mean cross-entropy against u32 labels, or mean squared error against
 * f32 targets [B, C] (Cohen et al. 2021 study both).
 */
export function objective(model: Module, x: Tensor, target: Tensor): Tensor {
  const out = model.forward(x);
  return target.dtype === 'u32' ? crossEntropy(out, target).loss : mseLoss(out, target).loss;
}

/** One-hot f32 targets [B, C] for the u32 labels `y` (the regression targets of an MSE run). */
export async function oneHot(y: Tensor, classes: number): Promise<Tensor> {
  const labels = (await y.read()) as Uint32Array;
  const data = new Float32Array(y.size * classes);
  for (let i = 0; i < y.size; i++) data[i * classes + labels[i]] = 1;
  return y.ctx.tensor(data, [y.size, classes]);
}

/** Gradient of the objective on (x, target) at the model's current weights, flattened and read back. */
async function flatGradient(model: Module, x: Tensor, target: Tensor): Promise<Float32Array> {
  const ctx = x.ctx;
  const flat = ctx.scope(() => {
    backward(objective(model, x, target));
    return flatten(paramsOf(model).map((p) => p.grad!));
  });
  try {
    return (await flat.read()) as Float32Array;
  } finally {
    flat.dispose();
  }
}

/**
 * Top Hessian eigenvalue of the objective on (x, target) at the model's weights θ: `iterations`
 * Lanczos steps on finite-difference Hessian-vector products, Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / 2ε
 * with ‖v‖ = 1. The model is left at θ.
 */
export async function sharpness(
  model: Module,
  x: Tensor,
  target: Tensor,
  o: { iterations: number; eps: number; seed: number },
): Promise<number> {
  const params = paramsOf(model);
  const theta = await readFlat(params);
  const hvp = async (v: Float64Array): Promise<Float64Array> => {
    writeFlat(
      params,
      theta.map((t, i) => t + o.eps * v[i]),
    );
    const gp = await flatGradient(model, x, target);
    writeFlat(
      params,
      theta.map((t, i) => t - o.eps * v[i]),
    );
    const gm = await flatGradient(model, x, target);
    return Float64Array.from(gp, (g, i) => (g - gm[i]) / (2 * o.eps));
  };
  try {
    return await lanczosTop(
      hvp,
      normalArray(theta.length, { seed: o.seed, stream: LANDSCAPE_STREAM + 2048 }),
      o.iterations,
    );
  } finally {
    writeFlat(params, theta);
  }
}

/**
 * Full-batch gradient descent (no momentum) on the whole split at learning rate η, measuring the
 * sharpness every `every` steps (Cohen et al. 2021: it rises to about 2/η, the edge of stability).
 * `loss: 'mse'` regresses the outputs onto one-hot labels.
 */
export async function gradientDescentSharpness(
  model: Module,
  split: GpuSplit,
  o: {
    steps: number;
    lr: number;
    every: number;
    iterations: number;
    seed: number;
    loss?: 'ce' | 'mse';
    checkpoint?: () => Promise<void>;
    onPoint?: (step: number, loss: number, sharpness: number | null) => void;
  },
): Promise<Array<{ step: number; loss: number; sharpness: number }>> {
  const ctx = split.ctx;
  const order = split.order(null).keep();
  const full = split.batch(order, 0, split.count);
  full.x.keep();
  full.y.keep();
  const opt = new SGD(
    model.parameters().map((p) => ({ name: p.name, tensor: p.tensor })),
    { lr: o.lr, momentum: 0 },
  );
  const out: Array<{ step: number; loss: number; sharpness: number }> = [];
  let target: Tensor = full.y;
  try {
    if (o.loss === 'mse') {
      const width = ctx.scope(() => noGrad(ctx, () => model.forward(full.x).shape[1]));
      target = (await oneHot(full.y, width)).keep();
    }
    for (let step = 0; step <= o.steps; step++) {
      await o.checkpoint?.();
      const measure = step % o.every === 0 || step === o.steps;
      const loss = ctx.scope(() => {
        const l = objective(model, full.x, target);
        if (step < o.steps) {
          backward(l);
          if (!measure) opt.step(o.lr);
        }
        return l;
      });
      const l = (await loss.read())[0];
      loss.dispose();
      if (!Number.isFinite(l)) throw new Error(`gradient descent diverged at step ${step}`);
      if (measure) {
        const s = await sharpness(model, full.x, target, { iterations: o.iterations, eps: 1e-3, seed: o.seed });
        out.push({ step, loss: l, sharpness: s });
        o.onPoint?.(step, l, s);
        // The measurement step still takes its update (its gradient was overwritten by the HVPs).
        if (step < o.steps) {
          ctx.scope(() => {
            backward(objective(model, full.x, target));
            opt.step(o.lr);
          });
        }
      } else o.onPoint?.(step, l, null);
    }
    return out;
  } finally {
    order.dispose();
    full.x.dispose();
    full.y.dispose();
    if (target !== full.y) target.dispose();
    opt.dispose();
  }
}
