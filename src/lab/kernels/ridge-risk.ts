// Scores of a regression onto centred one-hot targets: the square loss the paper reports (test
// risk) and the classification error of the arg-max. Predictions are t×C, read back once per
// (F, λ) after the solve, never inside a training step.

/** Centred one-hot targets: 1 − 1/C at the label, −1/C elsewhere (a balanced subset has mean 0). */
export function centredOneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  const y = new Float32Array(labels.length * classes).fill(-1 / classes);
  for (let i = 0; i < labels.length; i++) y[i * classes + labels[i]] += 1;
  return y;
}

/** Mean over examples of the squared error summed over outputs, and the arg-max error rate. */
export function regressionScores(
  pred: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): { risk: number; error: number } {
  const t = labels.length;
  let sq = 0;
  let wrong = 0;
  for (let i = 0; i < t; i++) {
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const v = pred[i * classes + c];
      const target = (c === labels[i] ? 1 : 0) - 1 / classes;
      sq += (v - target) ** 2;
      if (v > pred[i * classes + best]) best = c;
    }
    if (best !== labels[i]) wrong++;
  }
  return { risk: sq / t, error: wrong / t };
}

/** n log-spaced values from lo to hi inclusive. */
export function logGrid(lo: number, hi: number, n: number): number[] {
  const a = Math.log(lo);
  const b = Math.log(hi);
  return Array.from({ length: n }, (_, i) => Math.exp(n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}
