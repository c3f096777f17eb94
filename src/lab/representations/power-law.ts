import { fitLine } from '../numerics/stats.ts';

/**
 * Least-squares fit of a power law err ≈ c·ε^a on log-log axes, over the radii up to `fitMax`
 * where the error is positive (log 0 is undefined; a zero at the smallest ε is below the test
 * set's resolution, not a point of the law).
 */
export interface PowerLawFit {
  /** The slope a of log err vs log ε. */
  exponent: number;
  /** log c. */
  intercept: number;
  /** Coefficient of determination of the log-log line. */
  r2: number;
  /** How many (ε, err) points the fit used; NaN fields where fewer than 3. */
  points: number;
}

export function fitPowerLaw(eps: readonly number[], err: readonly number[], fitMax: number): PowerLawFit {
  const xs: number[] = [];
  const ys: number[] = [];
  eps.forEach((e, i) => {
    if (e <= fitMax && err[i] > 0) {
      xs.push(Math.log(e));
      ys.push(Math.log(err[i]));
    }
  });
  const n = xs.length;
  if (n < 3) return { exponent: NaN, intercept: NaN, r2: NaN, points: n };
  // fitLine's r² is 1 for constant errors: a flat line explains everything there is to explain.
  const { a, b, r2 } = fitLine(xs, ys);
  return { exponent: b, intercept: a, r2, points: n };
}
