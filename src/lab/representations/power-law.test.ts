import { describe, it, expect } from 'vitest';
import { fitPowerLaw } from './power-law.ts';

describe('fitPowerLaw', () => {
  const eps = [0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064];

  it('recovers an exact power law and ignores radii above fitMax and zero errors', () => {
    const err = eps.map((e, i) => (i === 0 ? 0 : i === 6 ? 0.9 : 3 * e ** 1.3));
    const f = fitPowerLaw(eps, err, 0.04);
    expect(f.points).toBe(5);
    expect(f.exponent).toBeCloseTo(1.3, 10);
    expect(f.intercept).toBeCloseTo(Math.log(3), 10);
    expect(f.r2).toBeCloseTo(1, 10);
  });

  it('gives a low R² for errors that do not follow a line, and NaN with fewer than 3 points', () => {
    const zigzag = eps.map((_, i) => (i % 2 ? 0.01 : 0.1));
    expect(fitPowerLaw(eps, zigzag, 1).r2).toBeLessThan(0.2);
    expect(fitPowerLaw(eps, [0, 0, 0, 0, 0.1, 0.2, 0.3], 0.02).exponent).toBeNaN();
  });
});
