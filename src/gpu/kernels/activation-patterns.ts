/**
 * Neural activation patterns (Geng et al. 2023, "Towards Reliable Neural Specifications"): each
 * example's on/off pattern over the ReLU neurons of an MLP, bit-packed; per-class activation
 * counts; the NAP of each class (neurons on, or off, in ≥ δ of the class's examples); and how
 * many of a NAP's fixed neurons each example contradicts (activation_patterns.wgsl).
 */
import code from '../../wgsl/activation_patterns.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const program = programModule({
  name: 'activation-patterns',
  code,
  workgroupSize: 64,
  uniforms: { rows: 'u32', width: 'u32', offset: 'u32', words: 'u32', classes: 'u32', delta: 'f32' },
});
const packProgram = program('pack', { act: 'read', out: 'read_write' });
const countsProgram = program('class_counts', { patterns: 'read', labels: 'read', out: 'read_write' });
const mineProgram = program('mine', {
  counts: 'read',
  sizes: 'read',
  valid: 'read',
  out: 'read_write',
  out2: 'read_write',
});
const violationsProgram = program('violations', {
  patterns: 'read',
  fixed: 'read',
  value: 'read',
  out: 'read_write',
});
const tallyProgram = program('tally', { labels: 'read', counts: 'read', out: 'read_write' });

/** Where each layer's neurons sit in a packed pattern: a run of whole words per layer. */
export interface PatternLayout {
  widths: readonly number[];
  /** First word of each layer. */
  offsets: readonly number[];
  /** Words per pattern. */
  words: number;
}

export function patternLayout(widths: readonly number[]): PatternLayout {
  const offsets: number[] = [];
  let words = 0;
  for (const w of widths) {
    if (!Number.isInteger(w) || w < 1) throw new Error(`layer widths must be positive integers, got ${w}`);
    offsets.push(words);
    words += Math.ceil(w / 32);
  }
  return { widths, offsets, words };
}

/** One word per pattern word: the bits that are real neurons (not a layer's last-word padding). */
export function validBits(layout: PatternLayout): Uint32Array {
  const valid = new Uint32Array(layout.words);
  layout.widths.forEach((w, l) => {
    for (let j = 0; j < w; j++) valid[layout.offsets[l] + (j >>> 5)] |= 1 << (j & 31);
  });
  return valid;
}

const uniforms = (u: Partial<Record<'rows' | 'width' | 'offset' | 'words' | 'classes' | 'delta', number>>) => ({
  rows: 0,
  width: 0,
  offset: 0,
  words: 0,
  classes: 0,
  delta: 0,
  ...u,
});

function expect(what: string, t: Tensor, dtype: 'f32' | 'u32', size: number): void {
  t.assertLive();
  if (t.dtype !== dtype || t.size !== size)
    throw new Error(`${what} must be ${dtype} of ${size} entries, got ${t.dtype} [${t.shape}]`);
}

/**
 * The packed patterns [rows, layout.words] of layer activations acts[l] ([rows, widths[l]], after
 * the ReLU: a neuron is on where its output is > 0).
 */
export function activationPatterns(ctx: GpuContext, acts: readonly Tensor[], layout: PatternLayout): Tensor {
  if (acts.length !== layout.widths.length)
    throw new Error(`${acts.length} activations for ${layout.widths.length} layers`);
  const rows = acts[0]?.shape[0] ?? 0;
  const out = ctx.empty([rows, layout.words], 'u32');
  acts.forEach((act, l) => {
    const width = layout.widths[l];
    expect(`layer ${l + 1} activations`, act, 'f32', rows * width);
    packProgram.run(ctx, {
      bindings: { act, out },
      uniforms: uniforms({ rows, width, offset: layout.offsets[l], words: layout.words }),
      threads: rows * Math.ceil(width / 32),
    });
  });
  return out;
}

/** [classes, words·32] u32: per class, how many of its rows have each neuron (bit) on. */
export function classCounts(patterns: Tensor, labels: Tensor, classes: number): Tensor {
  const [rows, words] = patterns.shape;
  expect('patterns', patterns, 'u32', rows * words);
  expect('labels', labels, 'u32', rows);
  const out = patterns.ctx.empty([classes, words * 32], 'u32');
  countsProgram.run(patterns.ctx, {
    bindings: { patterns, labels, out },
    uniforms: uniforms({ rows, words, classes }),
    threads: classes * words * 32,
  });
  return out;
}

/** A NAP per class: the neurons it fixes, and which of those it fixes on; both [classes, words] u32. */
export interface Naps {
  fixed: Tensor;
  value: Tensor;
}

/**
 * The NAP of each class from classCounts and the class sizes (u32 [classes]): a valid neuron is
 * fixed on where it is on in ≥ delta of the class's examples, off where off in ≥ delta of them.
 */
export function mineNaps(counts: Tensor, sizes: Tensor, valid: Tensor, delta: number): Naps {
  const [classes, bits] = counts.shape;
  const words = bits / 32;
  expect('counts', counts, 'u32', classes * bits);
  expect('class sizes', sizes, 'u32', classes);
  expect('valid bits', valid, 'u32', words);
  if (!(delta > 0.5 && delta <= 1)) throw new Error(`delta must be in (0.5, 1], got ${delta}`);
  const ctx = counts.ctx;
  const fixed = ctx.empty([classes, words], 'u32');
  const value = ctx.empty([classes, words], 'u32');
  mineProgram.run(ctx, {
    bindings: { counts, sizes, valid, out: fixed, out2: value },
    uniforms: uniforms({ words, classes, delta }),
    threads: classes * words,
  });
  return { fixed, value };
}

/** [rows, classes] u32: how many neurons fixed by each class's NAP each row's pattern contradicts. */
export function napViolations(patterns: Tensor, naps: Naps): Tensor {
  const [rows, words] = patterns.shape;
  const classes = naps.fixed.shape[0];
  expect('patterns', patterns, 'u32', rows * words);
  expect('NAP fixed', naps.fixed, 'u32', classes * words);
  expect('NAP value', naps.value, 'u32', classes * words);
  const out = patterns.ctx.empty([rows, classes], 'u32');
  violationsProgram.run(patterns.ctx, {
    bindings: { patterns, fixed: naps.fixed, value: naps.value, out },
    uniforms: uniforms({ rows, words, classes }),
    threads: rows * classes,
  });
  return out;
}

/** [classes, classes] u32: entry (a, c) counts the rows of label a that follow the NAP of class c. */
export function napTally(violations: Tensor, labels: Tensor): Tensor {
  const [rows, classes] = violations.shape;
  expect('violations', violations, 'u32', rows * classes);
  expect('labels', labels, 'u32', rows);
  const out = violations.ctx.empty([classes, classes], 'u32');
  tallyProgram.run(violations.ctx, {
    bindings: { labels, counts: violations, out },
    uniforms: uniforms({ rows, classes }),
    threads: classes * classes,
  });
  return out;
}
