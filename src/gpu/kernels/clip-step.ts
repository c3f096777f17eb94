/**
 * SGD with global gradient-norm clipping, in place: w ← w − lr·min(1, maxNorm/‖g‖)·g, where the
 * squared norm ‖g‖² of the whole model's gradient is a one-element tensor on the GPU (the sum of
 * every parameter's Σg²), so clipping costs no readback. Used to smooth expert trajectories (AST).
 */
import code from '../../wgsl/clip_step.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const clipStepProgram = defineProgram({
  name: 'clip-step',
  code,
  workgroupSize: 256,
  bindings: { w: 'read_write', g: 'read', ss: 'read' },
  uniforms: { n: 'u32', lr: 'f32', max_norm: 'f32' },
});

export interface ClipStepOptions {
  lr: number;
  /** The largest gradient norm applied; 0 (or less) applies the gradient unclipped. */
  maxNorm: number;
}

/**
 * Updates `w` in place from its gradient `g` and the model's squared gradient norm `ss` ([1]);
 * ss null is plain SGD (clipping off: the kernel's norm binding then holds g and goes unused).
 */
export function clipStep(w: Tensor, g: Tensor, ss: Tensor | null, o: ClipStepOptions): void {
  for (const t of [w, g, ss ?? g]) {
    t.assertLive();
    if (t.dtype !== 'f32') throw new Error(`clipStep takes f32 tensors, got ${t.dtype} [${t.shape}]`);
  }
  if (g.size !== w.size) throw new Error(`clipStep: gradient [${g.shape}] does not match weight [${w.shape}]`);
  if (ss && ss.size !== 1) throw new Error(`clipStep: the squared norm must have one element, got [${ss.shape}]`);
  clipStepProgram.run(w.ctx, {
    bindings: { w, g, ss: ss ?? g },
    uniforms: { n: w.size, lr: o.lr, max_norm: ss ? o.maxNorm : 0 },
    threads: w.size,
  });
}
