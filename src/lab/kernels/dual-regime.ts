// The deep-NTK taxonomy of Radhakrishnan, Belkin & Uhler (2204.14126) for the activations the lab
// computes in closed form. Inputs lie on a sphere and each layer's pre-activation variance sits at
// its fixed point q, so a layer maps correlations by the normalized dual activation ξ (ξ(1) = 1)
// and the NNGP/NTK recursion is the paper's. Which classifier the infinitely deep network
// implements is read off ξ: ξ(0) > 0 with ξ'(1) ≤ 1 (ReLU) flattens the kernel to a constant →
// majority vote; ξ(0) = 0 with 0 < ξ'(0) < 1 < ξ'(1) (erf, sin) → a singular kernel classifier;
// ξ(0) = ξ'(0) = 0 < ξ'(1) → 1-nearest neighbour (sin approaches it as a grows: ξ'(0) = a/sinh a).
import type { NtkActivation } from '../../gpu/kernels/ntk.ts';

export const DEPTH_ACTIVATIONS = ['relu', 'erf', 'sin'] as const satisfies readonly NtkActivation[];
export type DepthActivation = (typeof DEPTH_ACTIVATIONS)[number];

export const REGIMES = ['majority vote', 'singular kernel', '1-NN', 'none'] as const;
export type Regime = (typeof REGIMES)[number];

export interface DualActivation {
  activation: DepthActivation;
  /** σ_w² that holds the pre-activation variance at q (no bias: the paper's networks have none). */
  sw2: number;
  /** The fixed-point variance: inputs are scaled to ‖x‖² = q. */
  q: number;
  /** ξ(0), ξ'(0), ξ'(1) of the normalized dual. */
  xi0: number;
  dxi0: number;
  dxi1: number;
  regime: Regime;
  /**
   * The deepest layer float32 holds: the NTK's diagonal grows as ξ'(1)^L and, where ξ(0) = 0, the
   * off-diagonal NNGP decays as ξ'(0)^L; past 80% of float32's range (e^±88) the runner stops.
   */
  maxDepth: number;
}

const FLOAT32_LN_RANGE = 88;

function float32Depth(xi0: number, dxi0: number, dxi1: number): number {
  const rate = Math.max(Math.log(dxi1), xi0 === 0 && dxi0 > 0 ? -Math.log(dxi0) : 0);
  return rate > 0 ? Math.floor((0.8 * FLOAT32_LN_RANGE) / rate) : Infinity;
}

const ASIN_2_3 = Math.asin(2 / 3);

/** The paper's three cases, from the normalized dual's value and slopes. */
export function regimeOf(xi0: number, dxi0: number, dxi1: number): Regime {
  if (xi0 > 0 && dxi1 <= 1) return 'majority vote';
  if (xi0 === 0 && dxi1 > 1) return dxi0 === 0 ? '1-NN' : dxi0 < 1 ? 'singular kernel' : 'none';
  return 'none';
}

/**
 * The normalized dual of `activation`: ReLU with σ_w² = 2 (ξ(ρ) = (√(1−ρ²) + (π − acos ρ)ρ)/π),
 * erf at q = 1 (ξ(ρ) = asin(2ρ/3)/asin(2/3)) and sin at q = a (ξ(ρ) = sinh(aρ)/sinh a).
 */
export function dualOf(activation: DepthActivation, sinScale: number): DualActivation {
  const with3 = (sw2: number, q: number, xi0: number, dxi0: number, dxi1: number): DualActivation => ({
    activation,
    sw2,
    q,
    xi0,
    dxi0,
    dxi1,
    regime: regimeOf(xi0, dxi0, dxi1),
    maxDepth: float32Depth(xi0, dxi0, dxi1),
  });
  switch (activation) {
    case 'relu':
      return with3(2, 1, 1 / Math.PI, 0.5, 1);
    case 'erf':
      // q' = σ_w²·(2/π)·asin(2q/(1 + 2q)) = 1 at q = 1.
      return with3(Math.PI / (2 * ASIN_2_3), 1, 0, 2 / 3 / ASIN_2_3, 2 / 3 / (Math.sqrt(5 / 9) * ASIN_2_3));
    case 'sin': {
      // q' = σ_w²·(1 − e^{−2q})/2 = q at q = a.
      const a = sinScale;
      return with3((2 * a) / (1 - Math.exp(-2 * a)), a, 0, a / Math.sinh(a), a / Math.tanh(a));
    }
  }
}
