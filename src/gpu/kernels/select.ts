/**
 * Magnitude thresholds without sorting: the k-th largest |w| over a list of tensors (optionally
 * counting only unmasked entries) by a four-round radix select over the f32 bit patterns (see
 * src/wgsl/select.wgsl), and the 0/1 mask of the entries at or above a threshold.
 *
 * Ties: thresholdMask keeps every entry with |w| ≥ t, so with t = kthLargestAbs(…, k) it keeps
 * exactly k entries unless other entries equal the k-th value, in which case all of those are kept
 * too (k + ties − 1). Continuous weights practically never tie; exact zeros do, which is why
 * already-pruned entries must be excluded with their masks.
 */
import code from '../../wgsl/select.wgsl?raw';
import { grid } from '../grid.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { magnitudeMaskInto } from './masks.ts';

/** Elements per workgroup of `histogram`: 256 threads × 16. */
const CHUNK = 4096;
const PARAMS = { n: 'u32', shift: 'u32', himask: 'u32' } as const;
const histogramProgram = defineProgram({
  name: 'select-histogram',
  code,
  entry: 'histogram',
  workgroupSize: 256,
  bindings: { x: 'read', mask: 'read', hist: 'read_write', state: 'read_write' },
  uniforms: PARAMS,
  defines: ['CHUNK', 'MASKED'],
});
const pickProgram = defineProgram({
  name: 'select-pick',
  code,
  entry: 'pick',
  workgroupSize: 1,
  bindings: { hist: 'read_write', state: 'read_write', out: 'read_write' },
  uniforms: PARAMS,
  defines: ['CHUNK', 'MASKED'],
});

export interface SelectOptions {
  /** Per tensor, a 0/1 mask of its shape or null; only entries with mask ≠ 0 are counted. */
  masks?: Array<Tensor | null>;
}

/**
 * [1] tensor holding the k-th largest |w| (k = 1 is the maximum) over all entries of `tensors`
 * together. k is 1-based; when fewer than k entries are counted (masks can hide them) the
 * result is 0, so a threshold from it keeps everything. −0 counts as 0; NaNs are not supported.
 */
export function kthLargestAbs(tensors: Tensor[], k: number, opts: SelectOptions = {}): Tensor {
  if (tensors.length === 0) throw new Error('kthLargestAbs needs at least one tensor');
  const masks = opts.masks ?? tensors.map(() => null);
  if (masks.length !== tensors.length)
    throw new Error(`kthLargestAbs: ${masks.length} masks for ${tensors.length} tensors`);
  tensors.forEach((t, i) => {
    t.assertLive();
    const m = masks[i];
    if (t.dtype !== 'f32') throw new Error(`kthLargestAbs takes f32 tensors, got ${t.dtype}`);
    if (m && (m.size !== t.size || m.dtype !== 'f32'))
      throw new Error(`kthLargestAbs: mask [${m.shape}] does not fit [${t.shape}]`);
  });
  const total = tensors.reduce((s, t) => s + t.size, 0);
  if (!Number.isInteger(k) || k < 1 || k > total)
    throw new Error(`kthLargestAbs: k = ${k} must be an integer in [1, ${total}]`);
  const ctx = tensors[0].ctx;
  const out = ctx.empty([1]);
  ctx.scope(() => {
    const hist = ctx.tensor(new Uint32Array(256), [256], 'u32');
    const state = ctx.tensor([0, k, 0], [3], 'u32');
    for (let shift = 24; shift >= 0; shift -= 8) {
      const himask = shift === 24 ? 0 : (0xffffffff << (shift + 8)) >>> 0;
      tensors.forEach((t, i) => {
        if (t.size === 0) return;
        const m = masks[i];
        histogramProgram.run(ctx, {
          // Without a mask, t is bound in its place and never read.
          bindings: { x: t, mask: m ?? t, hist, state },
          uniforms: { n: t.size, shift, himask },
          defines: { CHUNK, MASKED: m !== null },
          workgroups: grid(Math.ceil(t.size / CHUNK), 1),
        });
      });
      pickProgram.run(ctx, {
        bindings: { hist, state, out },
        uniforms: { n: 0, shift, himask },
        defines: { CHUNK, MASKED: false },
        workgroups: [1],
      });
    }
  });
  return out;
}

/**
 * 0/1 mask of w's shape: 1 where |w| ≥ threshold[0] and, when given, oldMask ≠ 0 (pruned entries
 * stay pruned). See the module comment for ties.
 */
export function thresholdMask(w: Tensor, threshold: Tensor, oldMask: Tensor | null = null): Tensor {
  if (threshold.size !== 1 || threshold.dtype !== 'f32')
    throw new Error(`thresholdMask: threshold must be one f32, got [${threshold.shape}]`);
  if (oldMask && oldMask.size !== w.size)
    throw new Error(`thresholdMask: mask [${oldMask.shape}] does not fit [${w.shape}]`);
  const out = w.ctx.empty(w.shape);
  if (out.size > 0) magnitudeMaskInto(out, w, threshold, oldMask);
  return out;
}
