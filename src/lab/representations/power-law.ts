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
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  const exponent = sxy / sxx;
  // A flat line through constant errors explains everything there is to explain.
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { exponent, intercept: my - exponent * mx, r2, points: n };
}
