import { describe, expect, it } from 'vitest';
import { gpPosterior, rbf } from './gp.ts';

const prior = { lengthScale: 0.3, noise: 0.1 };

describe('GP posterior', () => {
  // Tolerances are 1e-7: the posterior adds a 1e-8 jitter to the diagonal.
  it('matches the closed form with one and two context points', () => {
    const s2 = prior.noise ** 2;
    const one = gpPosterior([0], [1], [0, 0.2, 3], prior);
    for (const [q, x] of [0, 0.2, 3].entries()) {
      const k = rbf(x, 0, prior.lengthScale);
      expect(one.mean[q]).toBeCloseTo(k / (1 + s2), 7);
      expect(one.variance[q]).toBeCloseTo(1 - (k * k) / (1 + s2) + s2, 7);
    }
    // Two points: (K + σ²I)⁻¹ by the 2×2 inverse formula.
    const xc = [-0.3, 0.4];
    const yc = [0.5, -1.2];
    const c = rbf(xc[0], xc[1], prior.lengthScale);
    const a = 1 + s2;
    const det = a * a - c * c;
    const inv = [a / det, -c / det, -c / det, a / det];
    const xq = 0.1;
    const k = xc.map((x) => rbf(xq, x, prior.lengthScale));
    const w = [inv[0] * k[0] + inv[1] * k[1], inv[2] * k[0] + inv[3] * k[1]];
    const two = gpPosterior(xc, yc, [xq], prior);
    expect(two.mean[0]).toBeCloseTo(w[0] * yc[0] + w[1] * yc[1], 7);
    expect(two.variance[0]).toBeCloseTo(1 - (w[0] * k[0] + w[1] * k[1]) + s2, 7);
  });
});
