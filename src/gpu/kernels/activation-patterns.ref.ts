/** The activation-pattern kernels on the CPU, bit for bit, for tests. */
import type { PatternLayout } from './activation-patterns.ts';

const popcount = (x: number): number => {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
};

/** acts[l] is [rows, widths[l]] row-major. */
export function activationPatternsRef(acts: readonly Float32Array[], layout: PatternLayout, rows: number): Uint32Array {
  const out = new Uint32Array(rows * layout.words);
  acts.forEach((a, l) => {
    const w = layout.widths[l];
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < w; j++)
        if (a[r * w + j] > 0) out[r * layout.words + layout.offsets[l] + (j >>> 5)] |= 1 << (j & 31);
  });
  return out;
}

export function classCountsRef(
  patterns: Uint32Array,
  labels: Uint32Array,
  words: number,
  classes: number,
): Uint32Array {
  const bits = words * 32;
  const out = new Uint32Array(classes * bits);
  labels.forEach((c, r) => {
    if (c >= classes) return;
    for (let b = 0; b < bits; b++) if ((patterns[r * words + (b >>> 5)] >>> (b & 31)) & 1) out[c * bits + b]++;
  });
  return out;
}

export function mineNapsRef(
  counts: Uint32Array,
  sizes: Uint32Array,
  valid: Uint32Array,
  delta: number,
): { fixed: Uint32Array; value: Uint32Array } {
  const classes = sizes.length;
  const words = valid.length;
  const fixed = new Uint32Array(classes * words);
  const value = new Uint32Array(classes * words);
  const d = Math.fround(delta);
  for (let c = 0; c < classes; c++) {
    const n = sizes[c];
    // The kernel's f32 products: delta·n rounded to float32.
    const need = Math.fround(d * n);
    for (let b = 0; b < words * 32; b++) {
      if (!((valid[b >>> 5] >>> (b & 31)) & 1) || n === 0) continue;
      const on = counts[c * words * 32 + b];
      const bit = 1 << (b & 31);
      if (on >= need) {
        fixed[c * words + (b >>> 5)] |= bit;
        value[c * words + (b >>> 5)] |= bit;
      } else if (n - on >= need) fixed[c * words + (b >>> 5)] |= bit;
    }
  }
  return { fixed, value };
}

export function napViolationsRef(
  patterns: Uint32Array,
  fixed: Uint32Array,
  value: Uint32Array,
  words: number,
): Uint32Array {
  const rows = patterns.length / words;
  const classes = fixed.length / words;
  const out = new Uint32Array(rows * classes);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < classes; c++) {
      let n = 0;
      for (let w = 0; w < words; w++)
        n += popcount((patterns[r * words + w] ^ value[c * words + w]) & fixed[c * words + w]);
      out[r * classes + c] = n;
    }
  return out;
}

export function napTallyRef(violations: Uint32Array, labels: Uint32Array, classes: number): Uint32Array {
  const out = new Uint32Array(classes * classes);
  labels.forEach((a, r) => {
    if (a >= classes) return;
    for (let c = 0; c < classes; c++) if (violations[r * classes + c] === 0) out[a * classes + c]++;
  });
  return out;
}
