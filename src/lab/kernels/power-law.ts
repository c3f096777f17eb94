import { fitLine } from '../numerics/stats.ts';

/**
 * A learning curve's power law, error ≈ e^logc·n^−β, by least squares on log–log axes, leaving out
 * the smallest size (curves bend there before the power law sets in).
 */
export function powerLawFit(sizes: readonly number[], errors: readonly number[]): { beta: number; logc: number } {
  const { a, b } = fitLine(sizes.slice(1).map(Math.log), errors.slice(1).map(Math.log));
  return { beta: -b, logc: a };
}
