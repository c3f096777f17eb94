/**
 * Fused in-place optimizer updates, one dispatch per parameter tensor. Hyperparameters that change
 * per step (learning rate, bias corrections) arrive as params computed on the CPU.
 */
import { grid } from '../grid.ts';
import type { Tensor } from '../tensor.ts';
import { biasCorrection } from '../schedule.ts';
import code from '../../wgsl/optim.wgsl?raw';

const WG = 256;

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

function update(
  entry: 'sgd' | 'sgd_plain' | 'adam',
  w: Tensor,
  g: Tensor,
  state: Tensor[],
  mask: Tensor | null | undefined,
  params: Array<number | { f32: number }>,
): void {
  check(w, [g, ...state, mask]);
  const buffers = [w, g, ...state, ...(mask ? [mask] : [])];
  w.ctx.dispatch({
    kernel: { name: 'optim', code, entry },
    defines: {
      WG,
      B_S1: state.length > 0 ? 2 : 8,
      B_S2: state.length > 1 ? 3 : 9,
      B_MASK: mask ? 2 + state.length : 10,
      B_P: buffers.length,
      KEEP: mask ? 'mask[i]' : '1.0',
    },
    buffers,
    params: [w.size, ...params],
    workgroups: grid(w.size, WG),
  });
}

/** w, velocity updated in place (without momentum the velocity is not touched, as in PyTorch). */
export function sgdUpdate(w: Tensor, g: Tensor, velocity: Tensor, h: SgdHyper, mask?: Tensor | null): void {
  check(w, [velocity]);
  const plain = h.momentum === 0;
  update(plain ? 'sgd_plain' : 'sgd', w, g, plain ? [] : [velocity], mask, [
    { f32: h.lr },
    { f32: h.weightDecay },
    h.decoupled ? 1 : 0,
    { f32: h.momentum },
    { f32: 0 },
    { f32: 0 },
    { f32: 1 },
    { f32: 1 },
    h.nesterov ? 1 : 0,
  ]);
}

/** w, m, v updated in place. */
export function adamUpdate(w: Tensor, g: Tensor, m: Tensor, v: Tensor, h: AdamHyper, mask?: Tensor | null): void {
  update('adam', w, g, [m, v], mask, [
    { f32: h.lr },
    { f32: h.weightDecay },
    h.decoupled ? 1 : 0,
    { f32: h.beta1 },
    { f32: h.beta2 },
    { f32: h.eps },
    { f32: biasCorrection(h.beta1, h.step) },
    { f32: biasCorrection(h.beta2, h.step) },
    0,
  ]);
}
