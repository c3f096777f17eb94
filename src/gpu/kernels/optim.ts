/**
 * Fused in-place optimizer updates, one dispatch per parameter tensor. Hyperparameters that change
 * per step (learning rate, bias corrections) arrive as params computed on the CPU.
 */
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { biasCorrection } from '../schedule.ts';
import code from '../../wgsl/optim.wgsl?raw';

const program = programModule({
  name: 'optim',
  code,
  workgroupSize: 256,
  uniforms: {
    n: 'u32',
    lr: 'f32',
    weight_decay: 'f32',
    decoupled: 'u32',
    beta1: 'f32',
    beta2: 'f32',
    eps: 'f32',
    bc1: 'f32',
    bc2: 'f32',
    nesterov: 'u32',
  },
  // The mask multiplies the update in (mask[i]) or is absent (1.0).
  defines: ['KEEP'],
});
const sgdProgram = program('sgd', { w: 'read_write', g: 'read', s1: 'read_write', mask: 'read?' });
const sgdPlainProgram = program('sgd_plain', { w: 'read_write', g: 'read', mask: 'read?' });
const adamProgram = program('adam', {
  w: 'read_write',
  g: 'read',
  s1: 'read_write',
  s2: 'read_write',
  mask: 'read?',
});

export interface SgdHyper {
  lr: number;
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
  /** Decoupled decay w ← w·(1 − lr·wd) instead of adding wd·w to the gradient. */
  decoupled: boolean;
}

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** false: Adam with L2 decay in the gradient; true: AdamW. */
  decoupled: boolean;
  /** 1-based number of this update (for the bias corrections). */
  step: number;
}

function check(w: Tensor, others: Array<Tensor | null | undefined>): void {
  for (const t of others) {
    if (t && t.size !== w.size)
      throw new Error(
        `optimizer: ${w.name || 'parameter'} has ${w.size} values but a gradient/state/mask has ${t.size}`,
      );
  }
}

/** The mask's define and the grid: one thread per weight. */
const masked = (w: Tensor, mask: Tensor | null | undefined) => ({
  defines: { KEEP: mask ? 'mask[i]' : '1.0' },
  threads: w.size,
});

/** w, velocity updated in place (without momentum the velocity is not touched, as in PyTorch). */
export function sgdUpdate(w: Tensor, g: Tensor, velocity: Tensor, h: SgdHyper, mask?: Tensor | null): void {
  check(w, [velocity, g, mask]);
  const uniforms = {
    n: w.size,
    lr: h.lr,
    weight_decay: h.weightDecay,
    decoupled: h.decoupled ? 1 : 0,
    beta1: h.momentum,
    beta2: 0,
    eps: 0,
    bc1: 1,
    bc2: 1,
    nesterov: h.nesterov ? 1 : 0,
  };
  if (h.momentum === 0) sgdPlainProgram.run(w.ctx, { bindings: { w, g, mask }, uniforms, ...masked(w, mask) });
  else sgdProgram.run(w.ctx, { bindings: { w, g, s1: velocity, mask }, uniforms, ...masked(w, mask) });
}

/** w, m, v updated in place. */
export function adamUpdate(w: Tensor, g: Tensor, m: Tensor, v: Tensor, h: AdamHyper, mask?: Tensor | null): void {
  check(w, [g, m, v, mask]);
  adamProgram.run(w.ctx, {
    bindings: { w, g, s1: m, s2: v, mask },
    uniforms: {
      n: w.size,
      lr: h.lr,
      weight_decay: h.weightDecay,
      decoupled: h.decoupled ? 1 : 0,
      beta1: h.beta1,
      beta2: h.beta2,
      eps: h.eps,
      bc1: biasCorrection(h.beta1, h.step),
      bc2: biasCorrection(h.beta2, h.step),
      nesterov: 0,
    },
    ...masked(w, mask),
  });
}
