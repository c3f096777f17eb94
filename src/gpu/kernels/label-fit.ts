/**
 * Which label a network predicts for examples whose training label may be wrong: the true one,
 * the given (possibly flipped) one, or neither — the memorization measure of label-noise papers
 * (ELR's Fig. 1), written batch by batch into a split-long buffer (label_fit.wgsl).
 */
import code from '../../wgsl/label_fit.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const program = defineProgram({
  name: 'label-fit',
  code,
  workgroupSize: 64,
  bindings: { logits: 'read', given: 'read', truth: 'read', fit: 'read_write' },
  uniforms: { rows: 'u32', cols: 'u32', offset: 'u32', n: 'u32' },
});

/**
 * For logits [B, C] and u32 labels given, truth [B]: fit[0, offset + r] = 1 where the first argmax
 * of row r is truth[r], fit[1, offset + r] = 1 where it is given[r], else 0; fit is [2, n].
 */
export function labelFit(logits: Tensor, given: Tensor, truth: Tensor, fit: Tensor, offset: number): void {
  logits.assertLive();
  if (logits.rank !== 2 || logits.dtype !== 'f32')
    throw new Error(`labelFit takes f32 logits [B, C], got [${logits.shape}]`);
  const [rows, cols] = logits.shape;
  for (const y of [given, truth])
    if (y.dtype !== 'u32' || y.size !== rows)
      throw new Error(`labels must be u32 [${rows}], got ${y.dtype} [${y.shape}]`);
  if (fit.rank !== 2 || fit.shape[0] !== 2) throw new Error(`fit must be [2, n], got [${fit.shape}]`);
  const n = fit.shape[1];
  if (!Number.isInteger(offset) || offset < 0 || offset + rows > n)
    throw new Error(`rows ${offset}…${offset + rows} do not fit a split of ${n}`);
  program.run(logits.ctx, {
    bindings: { logits, given, truth, fit },
    uniforms: { rows, cols, offset, n },
    threads: rows,
  });
}
