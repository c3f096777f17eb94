import { describe, expect, it } from 'vitest';
import { randomArray } from '../../gpu/testing.ts';
import { fitScaledChi2, fittedDensity, inductiveBiasBits, logNormalCdf, sankaran } from './error-tail.ts';

/** n draws of scale·Σᵢ(Zᵢ + μᵢ)² with k integer terms and Σμᵢ² = λ (all shift on the first term). */
function chi2Sample(n: number, k: number, nc: number, scale: number, seed: number): Float64Array {
  const u = randomArray(2 * n * k, seed, 1e-12, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const a = u[2 * (i * k + j)];
      const b = u[2 * (i * k + j) + 1];
      const z = Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b) + (j === 0 ? Math.sqrt(nc) : 0);
      s += z * z;
    }
    out[i] = scale * s;
  }
  return out;
}

describe('error tail', () => {
  it('log Φ matches known values from the centre to forty σ out', () => {
    expect(logNormalCdf(0)).toBeCloseTo(Math.log(0.5), 6);
    expect(logNormalCdf(-1.959964)).toBeCloseTo(Math.log(0.025), 5);
    expect(logNormalCdf(1.959964)).toBeCloseTo(Math.log(0.975), 6);
    // Φ(−10) = 7.6199e−24; far out, Mills' ratio: ln Φ(z) ≈ −z²/2 − ln(−z√(2π)) − 1/z².
    expect(logNormalCdf(-10)).toBeCloseTo(Math.log(7.6199e-24), 3);
    const z = -40;
    expect(logNormalCdf(z)).toBeCloseTo(-(z * z) / 2 - Math.log(-z * Math.sqrt(2 * Math.PI)) - 1 / (z * z), 3);
  });

  it('the moment fit recovers a scaled non-central χ² and its CDF matches the sample', () => {
    for (const [k, nc, scale, seed] of [
      [6, 0, 0.05, 1],
      [4, 5, 0.2, 2],
      [30, 10, 0.01, 3],
    ]) {
      const xs = chi2Sample(100_000, k, nc, scale, seed);
      const f = fitScaledChi2(xs);
      // The sample mean of 1e5 draws is within ~0.5% (3σ); their third moment only to a few
      // percent, hence the looser k and λ.
      expect(Math.abs(f.scale * (f.df + f.nc) - scale * (k + nc))).toBeLessThan(0.01 * scale * (k + nc));
      expect(Math.abs(f.df - k)).toBeLessThan(0.15 * k + 1);
      expect(Math.abs(f.nc - nc)).toBeLessThan(0.15 * nc + 1);
      const sorted = Float64Array.from(xs).sort();
      for (const q of [0.01, 0.1, 0.5, 0.9]) {
        const x = sorted[Math.floor(q * sorted.length)];
        expect(Math.exp(logNormalCdf(sankaran(x, f).z))).toBeCloseTo(q, 1);
      }
      // The density integrates to one.
      const hi = sorted[sorted.length - 1] * 1.5;
      const grid = Array.from({ length: 4001 }, (_, i) => (hi * i) / 4000);
      const mass = fittedDensity(grid, f).reduce((a, b) => a + b, 0) * (hi / 4000);
      expect(mass).toBeCloseTo(1, 2);
    }
  });

  it('bits grow as the target moves below the sampled errors, and are ~0 above them', () => {
    const f = fitScaledChi2(chi2Sample(2000, 20, 20, 0.02, 9));
    const mean = f.scale * (f.df + f.nc);
    expect(inductiveBiasBits(mean * 3, f)).toBeLessThan(1e-3);
    const bits = [0.8, 0.5, 0.3, 0.1].map((r) => inductiveBiasBits(r * mean, f));
    for (let i = 1; i < bits.length; i++) expect(bits[i]).toBeGreaterThan(bits[i - 1]);
    expect(Number.isFinite(bits[3])).toBe(true);
  });

  it('rejects samples it cannot fit', () => {
    expect(() => fitScaledChi2([1, 2])).toThrow(/at least 3/);
    expect(() => fitScaledChi2([0.5, 0.5, 0.5])).toThrow(/not all equal/);
  });
});
