/** Float64 references of the OOD penalties (ood-penalties.ts), for the tests. */

/** Mean softmax cross-entropy of w·z over rows of logits z [n, C] against labels. */
export function scaledRiskRef(logits: Float32Array, labels: Uint32Array, classes: number, w: number): number {
  const n = labels.length;
  let risk = 0;
  for (let i = 0; i < n; i++) {
    const row = Array.from(logits.subarray(i * classes, (i + 1) * classes), (v) => w * v);
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    risk += lse - row[labels[i]];
  }
  return risk / n;
}

/** IRM-v1 penalty: (d/dw mean CE(w·z, y) at w = 1)², from the closed form Σ (p − y)·z. */
export function irmPenaltyRef(logits: Float32Array, labels: Uint32Array, classes: number): number {
  const n = labels.length;
  let slope = 0;
  for (let i = 0; i < n; i++) {
    const row = logits.subarray(i * classes, (i + 1) * classes);
    const max = Math.max(...row);
    const e = Array.from(row, (v) => Math.exp(v - max));
    const z = e.reduce((s, v) => s + v, 0);
    for (let c = 0; c < classes; c++) slope += (e[c] / z - (c === labels[i] ? 1 : 0)) * row[c];
  }
  return (slope / n) ** 2;
}

export function riskVarianceRef(risks: number[]): number {
  const mean = risks.reduce((s, r) => s + r, 0) / risks.length;
  return risks.reduce((s, r) => s + (r - mean) ** 2, 0) / risks.length;
}
