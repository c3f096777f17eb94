/** Sorting references for select.ts. */

/** k-th largest |x| (1-based) over the concatenation, counting entries whose mask is ≠ 0; 0 when fewer than k. */
export function kthLargestAbsRef(xs: Float32Array[], k: number, masks?: Array<Float32Array | null>): number {
  const vals: number[] = [];
  xs.forEach((x, t) =>
    x.forEach((v, i) => {
      if (!masks?.[t] || masks[t]![i] !== 0) vals.push(Math.abs(v));
    }),
  );
  vals.sort((a, b) => b - a);
  return k <= vals.length ? vals[k - 1] : 0;
}

export function thresholdMaskRef(w: Float32Array, t: number, old?: Float32Array | null): Float32Array {
  return w.map((v, i) => (Math.abs(v) >= t && (!old || old[i] !== 0) ? 1 : 0));
}
