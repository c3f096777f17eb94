/** Plain TypeScript reference for example-scores.ts (float64 math). */

/** EL2N per row, or with `hidden` ([rows·H]) the last layer's GraNd ‖p − y‖·√(‖h‖² + 1). */
export function exampleScoresRef(
  logits: Float32Array,
  labels: Uint32Array,
  cols: number,
  hidden?: { h: Float32Array; width: number },
): Float64Array {
  return Float64Array.from(labels, (y, r) => {
    if (y >= cols) return NaN;
    const row = Array.from(logits.subarray(r * cols, (r + 1) * cols));
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    const el2n = Math.hypot(...e.map((v, k) => v / s - (k === y ? 1 : 0)));
    if (!hidden) return el2n;
    const h = hidden.h.subarray(r * hidden.width, (r + 1) * hidden.width);
    return el2n * Math.sqrt(1 + h.reduce((a, v) => a + v * v, 0));
  });
}
