/** Plain TypeScript references for the reductions (float64 accumulation). */

export interface RefView {
  outer: number;
  len: number;
  inner: number;
}

export function viewOf(shape: readonly number[], axis?: number): RefView {
  const size = shape.reduce((a, b) => a * b, 1);
  if (axis === undefined) return { outer: 1, len: size, inner: 1 };
  const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  return { outer: prod(shape.slice(0, axis)), len: shape[axis], inner: prod(shape.slice(axis + 1)) };
}

/** Fold f over each reduced line of the view; out[o·inner + j] = f(values of line (o, j)). */
export function reduceRef(x: Float32Array, v: RefView, f: (vals: number[]) => number): Float64Array {
  const out = new Float64Array(v.outer * v.inner);
  for (let o = 0; o < v.outer; o++)
    for (let j = 0; j < v.inner; j++) {
      const vals: number[] = [];
      for (let k = 0; k < v.len; k++) vals.push(x[(o * v.len + k) * v.inner + j]);
      out[o * v.inner + j] = f(vals);
    }
  return out;
}

export const sumOf = (vals: number[]): number => vals.reduce((a, b) => a + b, 0);
export const absSumOf = (vals: number[]): number => vals.reduce((a, b) => a + Math.abs(b), 0);
export const maxOf = (vals: number[]): number => vals.reduce((a, b) => Math.max(a, b), -Infinity);
/** First index of the maximum. */
export const argmaxOf = (vals: number[]): number => vals.reduce((best, v, i) => (v > vals[best] ? i : best), 0);
