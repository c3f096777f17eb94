/**
 * A ReLU MLP as a function of its parameters, θ = [W1, b1, …, WL, bL] (W stored [in, out], as
 * nn.ts's Linear), whose cross-entropy gradient is written out as recorded ops: the forward pass,
 * softmax − onehot, and the backward pass as matmuls with transpose flags. Because the gradient is
 * itself on the tape, a student's SGD steps θ ← θ − η·∇θL(θ; X) can be differentiated exactly
 * with respect to the images X and the learning rate η (second-order terms included: the Hessian-
 * vector and mixed ∂²L/∂X∂θ products come out of backward() through the recorded gradient). ReLU's
 * second derivative is zero wherever it exists, so the mask 1[h > 0] is a constant of the backward.
 */
import { record } from '../../gpu/autograd.ts';
import { unaryGrad } from '../../gpu/kernels/elementwise.ts';
import { add, div, exp, mul, relu, scale, sub } from '../../gpu/ops/elementwise.ts';
import { linear, matmulOp } from '../../gpu/ops/linear.ts';
import { softmax } from '../../gpu/ops/loss.ts';
import { sum } from '../../gpu/ops/reduce.ts';
import type { Tensor } from '../../gpu/tensor.ts';

/** [W1, b1, W2, b2, …]: the parameters of an MLP, in nn.ts's order. */
export type Theta = Tensor[];

/** dh ⊙ 1[h > 0] for h = relu(a), recorded: linear in dh, and constant in h (ReLU'' = 0 a.e.). */
function reluBackward(dh: Tensor, h: Tensor): Tensor {
  const out = unaryGrad('relu', h, h, dh);
  return record(out, [dh, h], (g) => [unaryGrad('relu', h, h, g), null]);
}

/** The logits of the MLP θ at x [B, d]. */
export function logitsOf(theta: Theta, x: Tensor): Tensor {
  let h = x;
  for (let l = 0; l < theta.length; l += 2) {
    const z = linear(h, theta[l], theta[l + 1]);
    h = l + 2 < theta.length ? relu(z) : z;
  }
  return h;
}

/**
 * ∇θ of the mean cross-entropy of the MLP θ on images x [B, d] with one-hot targets [B, C], as
 * recorded ops (so it can be differentiated again). Returns the gradients in θ's order.
 */
export function recordedGradient(theta: Theta, x: Tensor, onehot: Tensor): Tensor[] {
  const acts: Tensor[] = [x];
  let h = x;
  for (let l = 0; l < theta.length; l += 2) {
    const z = linear(h, theta[l], theta[l + 1]);
    h = l + 2 < theta.length ? relu(z) : z;
    acts.push(h);
  }
  // d(mean CE)/dz = (softmax(z) − y)/B.
  let delta = scale(sub(softmax(h), onehot), 1 / x.shape[0]);
  const grads: Tensor[] = new Array<Tensor>(theta.length);
  for (let l = theta.length - 2; l >= 0; l -= 2) {
    const input = acts[l / 2];
    grads[l] = matmulOp(input, delta, { transA: true });
    grads[l + 1] = sum(delta, 0);
    if (l > 0) delta = reluBackward(matmulOp(delta, theta[l], { transB: true }), input);
  }
  return grads;
}

/** θ − η·g for each parameter, η a one-element tensor (recorded: differentiable in θ, η and g). */
export function sgdStep(theta: Theta, grads: Tensor[], eta: Tensor): Theta {
  return theta.map((w, i) => sub(w, mul(grads[i], eta)));
}

/** Σ over tensors of their squared entries (recorded), a [1] tensor. */
export function sumOfSquares(ts: Tensor[]): Tensor {
  const parts = ts.map((w) => sum(mul(w, w)));
  return parts.slice(1).reduce((s, p) => add(s, p), parts[0]);
}

/** Σ over parameters of ‖a − b‖² (recorded), a [1] tensor. */
export function squaredDistance(a: Theta, b: Theta): Tensor {
  return sumOfSquares(a.map((w, i) => sub(w, b[i])));
}

export interface Unroll {
  /** The expert checkpoint θt the student starts from (not differentiated). */
  start: Theta;
  /** The expert checkpoint θt+M it should land on. */
  target: Theta;
  /** Synthetic images [n, d] and their one-hot labels [n, C]. */
  images: Tensor;
  onehot: Tensor;
  /** log η, [1]: the student's learning rate is exp(logLr), so it stays positive. */
  logLr: Tensor;
  /** Full-batch SGD steps of the student on the synthetic set. */
  steps: number;
}

/**
 * Trajectory matching's loss ‖θ̂ − θt+M‖² / ‖θt − θt+M‖², where θ̂ is the student after `steps`
 * SGD steps from θt on the synthetic set; recorded through every step, so backward() gives its
 * exact gradient with respect to the images and log η.
 */
export function matchingLoss(u: Unroll): Tensor {
  const eta = exp(u.logLr);
  let theta = u.start;
  for (let k = 0; k < u.steps; k++) theta = sgdStep(theta, recordedGradient(theta, u.images, u.onehot), eta);
  return div(squaredDistance(theta, u.target), squaredDistance(u.start, u.target));
}
