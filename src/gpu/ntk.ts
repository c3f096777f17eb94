/**
 * Empirical NTK of any differentiable model on a probe batch, from per-example gradients:
 * K(x_p, x_q) = ⟨∂f(x_p)/∂θ, ∂f(x_q)/∂θ⟩ = (G·Gᵀ)_pq with G [P, |θ|]. The tape's backward() takes
 * one scalar at a time and clears the tape, so G costs P forward+backward passes; that is fine for
 * the probe batches laziness is measured on (tens of examples), and it needs no per-op Jacobian
 * rules. laziness.ts has the closed form for two-layer nets (the test checks the two agree).
 */
import { backward } from './autograd.ts';
import { matmul } from './kernels/matmul.ts';
import type { Tensor } from './tensor.ts';

/**
 * G [P, |θ|]: row p is the gradient of the scalar `output(p)` (a recorded [1] tensor, e.g. the
 * model's output or the logit of the label on example p) with respect to `params` (requiresGrad
 * leaves), flattened in list order. The parameters' `.grad` is left null.
 */
export function perExampleGradients(params: Tensor[], count: number, output: (p: number) => Tensor): Tensor {
  const ctx = params[0].ctx;
  const width = params.reduce((s, t) => s + t.size, 0);
  // Zeroed: a parameter the output does not depend on gets no gradient, and its block stays 0.
  const g = ctx.tensor(new Float32Array(count * width), [count, width]);
  for (let p = 0; p < count; p++)
    ctx.scope(() => {
      const out = output(p);
      if (out.size !== 1) throw new Error(`perExampleGradients: output(${p}) has shape [${out.shape}], not a scalar`);
      backward(out);
      let offset = 4 * p * width;
      for (const t of params) {
        if (t.grad) ctx.copy(t.grad, g, t.bytes, 0, offset);
        offset += t.bytes;
        t.grad = null;
      }
    });
  return g;
}

/** K = G_a·G_bᵀ [P, Q] from two gradient matrices over the same parameters (pass G twice for K(X, X)). */
export function ntkFromGradients(ga: Tensor, gb: Tensor): Tensor {
  if (ga.shape[1] !== gb.shape[1])
    throw new Error(`ntkFromGradients: [${ga.shape}] and [${gb.shape}] differ in parameter count`);
  return matmul(ga, gb, { transB: true });
}

/** Empirical NTK [P, P] of the scalar outputs `output(p)`, p < count, with respect to `params`. */
export function empiricalNtk(params: Tensor[], count: number, output: (p: number) => Tensor): Tensor {
  const ctx = params[0].ctx;
  return ctx.scope(() => {
    const g = perExampleGradients(params, count, output);
    return ntkFromGradients(g, g);
  });
}
