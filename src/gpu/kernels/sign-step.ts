/**
 * The signed L∞ step of adversarial attacks: x' = clip(Π_{‖x'−x0‖∞≤ε}(x + α·sign(d)), lo, hi).
 * FGSM is one step from x0 with α = ε and d = ∂loss/∂x; PGD repeats smaller steps; a random d gives
 * the same-norm random-sign control. Piecewise constant in d (sign), so it is never differentiated.
 */
import code from '../../wgsl/sign-step.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const signStepProgram = defineProgram({
  name: 'sign-step',
  code,
  workgroupSize: 256,
  bindings: { x: 'read', d: 'read', x0: 'read', out: 'read_write' },
  uniforms: { n: 'u32', alpha: 'f32', eps: 'f32', lo: 'f32', hi: 'f32' },
});

export interface SignStepOptions {
  /** Step length along sign(d). */
  alpha: number;
  /** Radius of the L∞ ball around x0 that the result is projected onto. */
  eps: number;
  /** The data range the result is clipped to; [0, 1] for pixels. */
  lo?: number;
  hi?: number;
}

export function signStep(x: Tensor, d: Tensor, x0: Tensor, o: SignStepOptions): Tensor {
  for (const t of [x, d, x0]) {
    t.assertLive();
    if (t.dtype !== 'f32') throw new Error(`signStep takes f32 tensors, got ${t.dtype} [${t.shape}]`);
    if (t.size !== x.size) throw new Error(`signStep: sizes differ, [${x.shape}] vs [${t.shape}]`);
  }
  if (!(o.eps >= 0)) throw new Error(`signStep: eps must be ≥ 0, got ${o.eps}`);
  const out = x.ctx.empty(x.shape);
  signStepProgram.run(x.ctx, {
    bindings: { x, d, x0, out },
    uniforms: { n: x.size, alpha: o.alpha, eps: o.eps, lo: o.lo ?? 0, hi: o.hi ?? 1 },
    threads: x.size,
  });
  return out;
}
