/** Plain TypeScript reference for label-fit.ts. */

/** [2·n] from rows at `offset` of a zeroed buffer: the first argmax = truth, then = given. */
export function labelFitRef(
  logits: Float32Array,
  given: Uint32Array,
  truth: Uint32Array,
  cols: number,
  offset: number,
  n: number,
): Float32Array {
  const fit = new Float32Array(2 * n);
  given.forEach((g, r) => {
    const row = Array.from(logits.subarray(r * cols, (r + 1) * cols));
    const arg = row.indexOf(Math.max(...row));
    fit[offset + r] = arg === truth[r] ? 1 : 0;
    fit[n + offset + r] = arg === g ? 1 : 0;
  });
  return fit;
}
