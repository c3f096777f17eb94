import { describe, expect, it } from 'vitest';
import { gaussHermite } from './gauss-hermite.ts';

describe('gaussHermite', () => {
  it('integrates e^{−x²}·x^k exactly for k < 2q (Gaussian moments)', () => {
    // ∫ x^{2m} e^{−x²} dx = Γ(m + ½) = √π·(2m−1)!!/2^m; odd moments vanish.
    const moment = (k: number) => {
      if (k % 2) return 0;
      let v = Math.sqrt(Math.PI);
      for (let j = 1; j <= k / 2; j++) v *= (2 * j - 1) / 2;
      return v;
    };
    for (const q of [1, 2, 5, 16, 33]) {
      const { nodes, weights } = gaussHermite(q);
      for (let k = 0; k < Math.min(2 * q, 24); k++) {
        const got = nodes.reduce((s, x, i) => s + weights[i] * x ** k, 0);
        // Rounding is relative to the terms summed (odd moments cancel large terms to 0).
        const scale = nodes.reduce((s, x, i) => s + Math.abs(weights[i] * x ** k), 0);
        expect(Math.abs(got - moment(k)), `q=${q} k=${k}`).toBeLessThan(1e-12 * Math.max(1, scale));
      }
      for (let i = 1; i < q; i++) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
    }
  });
});
