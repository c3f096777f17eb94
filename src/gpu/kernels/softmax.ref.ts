/** Plain TypeScript references for softmax and the losses (float64 math). */

export function softmaxRef(x: Float32Array, cols: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < x.length / cols; r++) {
    const row = x.subarray(r * cols, (r + 1) * cols);
    const m = Math.max(...row);
    let s = 0;
    for (const v of row) s += Math.exp(v - m);
    row.forEach((v, k) => (y[r * cols + k] = Math.exp(v - m) / s));
  }
  return y;
}

export function softmaxGradRef(y: Float32Array, g: Float32Array, cols: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let r = 0; r < y.length / cols; r++) {
    let d = 0;
    for (let k = 0; k < cols; k++) d += y[r * cols + k] * g[r * cols + k];
    for (let k = 0; k < cols; k++) out[r * cols + k] = y[r * cols + k] * (g[r * cols + k] - d);
  }
  return out;
}

/** Per-example loss (NaN for a label outside [0, C)) and correctness (first argmax == label). */
export function crossEntropyRef(
  logits: Float32Array,
  labels: Uint32Array,
  cols: number,
): { perExample: Float64Array; correct: Float64Array } {
  const rows = labels.length;
  const perExample = new Float64Array(rows);
  const correct = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = logits.subarray(r * cols, (r + 1) * cols);
    let am = 0;
    row.forEach((v, k) => (am = v > row[am] ? k : am));
    const m = row[am];
    let s = 0;
    for (const v of row) s += Math.exp(v - m);
    const l = labels[r];
    perExample[r] = l < cols ? Math.log(s) - (row[l] - m) : NaN;
    correct[r] = am === l ? 1 : 0;
  }
  return { perExample, correct };
}

export function mseRowsRef(pred: Float32Array, target: Float32Array, rows: number): Float64Array {
  const cols = pred.length / rows;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = 0; k < cols; k++) s += (pred[r * cols + k] - target[r * cols + k]) ** 2;
    out[r] = s / cols;
  }
  return out;
}
