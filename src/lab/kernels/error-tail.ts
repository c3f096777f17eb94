// The fitted tail of a test-error distribution and the bits of inductive bias it implies
// (Boopathy et al. 2024): sampled hypotheses' errors are modelled as a scaled non-central χ²
// (loc 0, the paper's choice), fitted here by its first three moments, and the required inductive
// bias at a target error ε is −log₂ P(error ≤ ε) under the fit. The far lower tail is evaluated
// with Sankaran's normal approximation of the non-central χ² CDF (the one the paper's code falls
// back on when scipy's log-CDF underflows), so the bits stay finite tens of σ below the samples.
// O(samples) work on a few hundred numbers read back once per batch of models.

export interface ScaledChi2 {
  scale: number;
  /** Degrees of freedom k. */
  df: number;
  /** Non-centrality λ. */
  nc: number;
}

/**
 * Moment fit: mean s(k+λ), variance 2s²(k+2λ), third central moment 8s³(k+3λ). The family only
 * reaches mean·μ₃/variance² in (1.5, 2] (2 at λ = 0, 1.5 as λ → ∞), so a sample outside is
 * clamped to the nearest end: its mean and variance are always matched, its skew as far as the
 * family allows.
 */
export function fitScaledChi2(errors: ArrayLike<number>): ScaledChi2 {
  const n = errors.length;
  if (n < 3) throw new Error(`fitScaledChi2: ${n} samples, at least 3 needed`);
  let m1 = 0;
  for (let i = 0; i < n; i++) m1 += errors[i];
  m1 /= n;
  let v = 0;
  let mu3 = 0;
  for (let i = 0; i < n; i++) {
    const d = errors[i] - m1;
    v += d * d;
    mu3 += d * d * d;
  }
  v /= n - 1;
  mu3 /= n;
  if (!(m1 > 0) || !(v > 0)) throw new Error('fitScaledChi2: errors must be positive and not all equal');
  const ratio = Math.min(2, Math.max(1.5 + 1e-6, (m1 * mu3) / (v * v)));
  // 8·m1·s² − 8·v·s + μ₃ = 0 with μ₃ = ratio·v²/m1; the smaller root has λ ≥ 0 and k > 0.
  const s = (v - v * Math.sqrt(Math.max(0, 1 - ratio / 2))) / (2 * m1);
  const a = m1 / s;
  const b = v / (2 * s * s);
  return { scale: s, df: Math.max(2 * a - b, 1e-9), nc: Math.max(b - a, 0) };
}

/** Sankaran's z: P(X ≤ x) ≈ Φ(z(x)) for X ~ scale·χ²(df, nc); also dz/dx for the density. */
export function sankaran(x: number, f: ScaledChi2): { z: number; dzdx: number } {
  const { df: k, nc: l } = f;
  const h = 1 - ((2 / 3) * (k + l) * (k + 3 * l)) / (k + 2 * l) ** 2;
  const p = (k + 2 * l) / (k + l) ** 2;
  const m = (h - 1) * (1 - 3 * h);
  const u = Math.max(x, 0) / f.scale / (k + l);
  const mu = 1 + h * p * (h - 1 - 0.5 * (2 - h) * m * p);
  const sigma = h * Math.sqrt(2 * p) * (1 + 0.5 * m * p);
  return { z: (u ** h - mu) / sigma, dzdx: (h * u ** (h - 1)) / (f.scale * (k + l) * sigma) };
}

/**
 * ln Φ(z), finite far into the lower tail: Φ(z) = erfc(−z/√2)/2 with the Chebyshev-fitted erfc of
 * Numerical Recipes (fractional error < 1.2e-7 everywhere), whose log is taken term by term.
 */
export function logNormalCdf(z: number): number {
  const x = -z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const logErfcAbs = Math.log(t) - x * x + poly;
  // erfc(−|x|) = 2 − erfc(|x|)
  const logErfc = x >= 0 ? logErfcAbs : Math.log(2 - Math.exp(logErfcAbs));
  return logErfc - Math.LN2;
}

/** Bits of inductive bias to reach error ≤ target: −log₂ P(error ≤ target) under the fit. */
export function inductiveBiasBits(target: number, f: ScaledChi2): number {
  return -logNormalCdf(sankaran(target, f).z) / Math.LN2;
}

/** The fitted density at each x (Sankaran's approximation differentiated). */
export function fittedDensity(xs: readonly number[], f: ScaledChi2): number[] {
  return xs.map((x) => {
    if (!(x > 0)) return 0;
    const { z, dzdx } = sankaran(x, f);
    return (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * dzdx;
  });
}
