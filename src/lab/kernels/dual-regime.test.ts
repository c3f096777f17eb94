import { describe, expect, it } from 'vitest';
import { closedForm } from '../../gpu/kernels/ntk.ref.ts';
import { DEPTH_ACTIVATIONS, dualOf, regimeOf } from './dual-regime.ts';

describe('the normalized duals of the deep-NTK experiment', () => {
  // ξ(ρ) = σ_w²·E[φ(u)φ(v)]/q and ξ'(ρ) = σ_w²·E[φ'(u)φ'(v)] at variances q, covariance ρq.
  const xi = (act: (typeof DEPTH_ACTIVATIONS)[number], a: number, rho: number) => {
    const d = dualOf(act, a);
    const { k, kd } = closedForm(act, d.q, d.q, rho * d.q);
    return { xi: (d.sw2 * k) / d.q, dxi: d.sw2 * kd, d };
  };

  it('hold the variance at its fixed point and match the stated ξ(0), ξ′(0), ξ′(1) (1e-9)', () => {
    for (const act of DEPTH_ACTIVATIONS)
      for (const a of [0.5, 1, 2]) {
        const one = xi(act, a, 1);
        const zero = xi(act, a, 0);
        expect(one.xi, `${act} ξ(1)`).toBeCloseTo(1, 9);
        expect(zero.xi, `${act} ξ(0)`).toBeCloseTo(one.d.xi0, 9);
        expect(zero.dxi, `${act} ξ′(0)`).toBeCloseTo(one.d.dxi0, 9);
        expect(one.dxi, `${act} ξ′(1)`).toBeCloseTo(one.d.dxi1, 9);
        // ξ′ is the derivative of ξ: a central difference at ρ = 0.3.
        const h = 1e-5;
        const fd = (xi(act, a, 0.3 + h).xi - xi(act, a, 0.3 - h).xi) / (2 * h);
        expect(xi(act, a, 0.3).dxi, `${act} ξ′(0.3)`).toBeCloseTo(fd, 6);
      }
  });

  it('place ReLU in majority vote and erf, sin in the singular-kernel case; 1-NN needs ξ′(0) = 0', () => {
    expect(dualOf('relu', 1).regime).toBe('majority vote');
    expect(dualOf('erf', 1).regime).toBe('singular kernel');
    expect(dualOf('sin', 1).regime).toBe('singular kernel');
    expect(regimeOf(0, 0, 2)).toBe('1-NN');
    expect(regimeOf(0.2, 0.5, 1.5)).toBe('none');
    // Float32's range: ReLU's kernel neither blows up nor vanishes; sin's shrinks as a grows.
    expect(dualOf('relu', 1).maxDepth).toBe(Infinity);
    expect(dualOf('sin', 2).maxDepth).toBeLessThan(dualOf('sin', 1).maxDepth);
  });
});
