import { describe, it, expect } from 'vitest';
import type { Tensor } from '../tensor.ts';
import { randomArray, testContext } from '../testing.ts';
import {
  activationPatterns,
  classCounts,
  mineNaps,
  napTally,
  napViolations,
  patternLayout,
  validBits,
} from './activation-patterns.ts';
import {
  activationPatternsRef,
  classCountsRef,
  mineNapsRef,
  napTallyRef,
  napViolationsRef,
} from './activation-patterns.ref.ts';

// Rows, layer widths, classes: widths that are not multiples of 32 (padding bits in a layer's
// last word), rows and thread counts that are not multiples of the 64-thread workgroup.
const SHAPES: [number, number[], number][] = [
  [1, [1], 1],
  [7, [33], 3],
  [65, [31, 5], 10],
  [130, [64, 40, 7], 4],
  [301, [100, 17], 10],
];

/** Reads tensors returned from a scope, then frees them. */
async function readAll(ts: Tensor[]): Promise<Uint32Array[]> {
  const out = (await Promise.all(ts.map((t) => t.read()))) as Uint32Array[];
  for (const t of ts) t.dispose();
  return out;
}

/**
 * Every kernel in order on the GPU: [patterns, counts, NAP fixed, NAP value, violations, tally],
 * read back and freed. acts[l] is [rows, widths[l]].
 */
async function pipeline(
  acts: Float32Array[],
  widths: number[],
  labels: Uint32Array,
  classes: number,
  delta: number,
): Promise<Uint32Array[]> {
  const ctx = await testContext();
  const rows = labels.length;
  const layout = patternLayout(widths);
  const sizes = new Uint32Array(classes);
  labels.forEach((c) => sizes[c]++);
  const outs = ctx.scope(() => {
    const p = activationPatterns(
      ctx,
      acts.map((a, l) => ctx.tensor(a, [rows, widths[l]])),
      layout,
    );
    const y = ctx.tensor(labels, [rows], 'u32');
    const c = classCounts(p, y, classes);
    const naps = mineNaps(
      c,
      ctx.tensor(sizes, [classes], 'u32'),
      ctx.tensor(validBits(layout), [layout.words], 'u32'),
      delta,
    );
    const v = napViolations(p, naps);
    return [p, c, naps.fixed, naps.value, v, napTally(v, y)];
  });
  return readAll(outs);
}

const labelsFor = (rows: number, classes: number, seed: number) =>
  Uint32Array.from(randomArray(rows, seed, 0, classes), (v) => Math.min(classes - 1, Math.floor(v)));

describe('activation-pattern kernels (pack, class counts, NAP mining, violations, tally)', () => {
  it('match the CPU reference exactly on random shapes', async () => {
    for (const [s, [rows, widths, classes]] of SHAPES.entries()) {
      const layout = patternLayout(widths);
      // Post-ReLU activations: about half exact zeros; the class-correlated bias makes some neurons
      // nearly always on (or off) within a class, so that NAPs fix some and leave others free.
      const labels = labelsFor(rows, classes, 10 + s);
      const acts = widths.map((w, l) =>
        Float32Array.from(randomArray(rows * w, 20 + 10 * s + l, -1, 1), (v, i) => {
          const bias = (((Math.floor(i / w) % 3) + (i % w) + labels[Math.floor(i / w)]) % 4) - 1.5;
          return Math.max(0, v + bias);
        }),
      );
      const sizes = new Uint32Array(classes);
      labels.forEach((c) => sizes[c]++);
      const valid = validBits(layout);
      for (const delta of [0.6, 0.9, 1]) {
        const [patterns, counts, fixed, value, viol, tally] = await pipeline(acts, widths, labels, classes, delta);
        const shape = `rows ${rows}, widths [${widths}], ${classes} classes, δ ${delta}`;
        const pRef = activationPatternsRef(acts, layout, rows);
        const cRef = classCountsRef(pRef, labels, layout.words, classes);
        const nRef = mineNapsRef(cRef, sizes, valid, delta);
        const vRef = napViolationsRef(pRef, nRef.fixed, nRef.value, layout.words);
        expect([...patterns], `patterns ${shape}`).toEqual([...pRef]);
        expect([...counts], `counts ${shape}`).toEqual([...cRef]);
        expect([...fixed], `fixed ${shape}`).toEqual([...nRef.fixed]);
        expect([...value], `value ${shape}`).toEqual([...nRef.value]);
        expect([...viol], `violations ${shape}`).toEqual([...vRef]);
        expect([...tally], `tally ${shape}`).toEqual([...napTallyRef(vRef, labels, classes)]);
      }
    }
  });

  it('mines NAPs that every training row of the class follows at δ = 1, and fixes no padding bit', async () => {
    const [rows, widths, classes] = [200, [45, 20], 5];
    const layout = patternLayout(widths);
    const labels = labelsFor(rows, classes, 3);
    // Neuron j of a row of class c is on exactly when (j + c) % 3 == 0: every neuron fixed, per class.
    const acts = widths.map((w) =>
      Float32Array.from({ length: rows * w }, (_, i) => (((i % w) + labels[Math.floor(i / w)]) % 3 === 0 ? 1 : 0)),
    );
    const sizes = new Uint32Array(classes);
    labels.forEach((c) => sizes[c]++);
    const [, , fixed, , , tally] = await pipeline(acts, widths, labels, classes, 1);
    const popcount = (x: number) => x.toString(2).replace(/0/g, '').length;
    for (let c = 0; c < classes; c++) {
      const n = Array.from(fixed.subarray(c * layout.words, (c + 1) * layout.words), popcount).reduce((a, b) => a + b);
      expect(n, `class ${c} fixes every real neuron`).toBe(45 + 20);
      // The classes' patterns differ (period 3), so rows of class a follow NAP c only where a ≡ c (mod 3).
      for (let a = 0; a < classes; a++)
        expect(tally[a * classes + c], `label ${a} in NAP ${c}`).toBe((a - c) % 3 === 0 ? sizes[a] : 0);
    }
  });
});
