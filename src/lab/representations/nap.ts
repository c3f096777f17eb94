/**
 * What the activation-patterns runner makes of the small arrays it reads back: per-class recall
 * and precision from the NAP tally, NAP masks as a class × neuron grid, and per-example certified
 * radii from IBP margins on an ε grid.
 */
import type { PatternLayout } from '../../gpu/kernels/activation-patterns.ts';

/**
 * From tally[a, c] (test rows of label a following the NAP of class c) and the rows per label:
 * recall_c = tally[c, c] / size_c, precision_c = tally[c, c] / Σ_a tally[a, c] (NaN where no row
 * follows the NAP).
 */
export function recallPrecision(
  tally: ArrayLike<number>,
  sizes: readonly number[],
): { recall: number[]; precision: number[] } {
  const k = sizes.length;
  const recall = sizes.map((n, c) => (n > 0 ? tally[c * k + c] / n : NaN));
  const precision = sizes.map((_, c) => {
    let admitted = 0;
    for (let a = 0; a < k; a++) admitted += tally[a * k + c];
    return admitted > 0 ? tally[c * k + c] / admitted : NaN;
  });
  return { recall, precision };
}

/** Value of a NAP cell: the neuron fixed on, fixed off, or free. */
export const NAP_ON = 1;
export const NAP_OFF = -1;
export const NAP_FREE = 0;

/** [classes, Σ widths] row-major: NAP_ON / NAP_OFF / NAP_FREE per class and neuron, layers side by side. */
export function napGrid(fixed: Uint32Array, value: Uint32Array, layout: PatternLayout): Float32Array {
  const neurons = layout.widths.reduce((a, b) => a + b, 0);
  const classes = fixed.length / layout.words;
  const out = new Float32Array(classes * neurons);
  for (let c = 0; c < classes; c++) {
    let col = 0;
    layout.widths.forEach((w, l) => {
      for (let j = 0; j < w; j++, col++) {
        const at = c * layout.words + layout.offsets[l] + (j >>> 5);
        const bit = 1 << (j & 31);
        out[c * neurons + col] = fixed[at] & bit ? (value[at] & bit ? NAP_ON : NAP_OFF) : NAP_FREE;
      }
    });
  }
  return out;
}

/** Fixed neurons per class in a napGrid. */
export function fixedCounts(grid: Float32Array, classes: number): number[] {
  const neurons = grid.length / classes;
  return Array.from({ length: classes }, (_, c) =>
    grid.subarray(c * neurons, (c + 1) * neurons).reduce((n, v) => n + (v === NAP_FREE ? 0 : 1), 0),
  );
}

/**
 * For each of `n` examples whose rows sit at offset + i·radii + e (ascending radii e): how many of
 * the smallest radii are certified in a row, a certified row having a positive margin or an empty
 * region. Bounds only grow with ε, so this is the index past the largest certified radius.
 */
export function certifiedCounts(
  margin: ArrayLike<number>,
  empty: ArrayLike<number>,
  n: number,
  radii: number,
  offset: number,
): number[] {
  return Array.from({ length: n }, (_, i) => {
    let k = 0;
    while (k < radii) {
      const r = offset + i * radii + k;
      if (!(margin[r] > 0 || empty[r] !== 0)) break;
      k++;
    }
    return k;
  });
}

/** The median of finite values (NaN for none). */
export function median(xs: readonly number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
