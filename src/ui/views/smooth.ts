/**
 * Debiased exponential moving average run forward and then backward (zero-phase): a one-way EMA
 * lags the data by about 1/(1-beta) points, the backward pass cancels that lag, and debiasing
 * (dividing by 1 - beta^n) keeps both ends from being pulled toward zero.
 */
export function smooth(values: readonly number[], beta: number): number[] {
  // The EMA spans about 1/(1-beta) points: never let it average over more than a tenth of the
  // series, so a sparse series (a test curve with a few evaluations) is drawn as measured.
  const b = Math.min(beta, 1 - 10 / values.length);
  if (b <= 0) return values.slice();
  return ema(ema(values, b).reverse(), b).reverse();
}

function ema(values: readonly number[], beta: number): number[] {
  const out = new Array<number>(values.length);
  let avg = 0;
  let weight = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // Non-finite points (a diverged loss) pass through rather than poisoning the rest.
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    avg = beta * avg + (1 - beta) * v;
    weight = beta * weight + (1 - beta);
    out[i] = avg / weight;
  }
  return out;
}
