/**
 * Softmax over the last axis, the fused softmax cross-entropy and mean-squared-error losses, and
 * their gradients. Row kernels use one thread per row for rows up to SHORT_ROW long and one
 * workgroup per row beyond; batch means go through reduce.ts so they are deterministic too.
 */
import code from '../../wgsl/softmax.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { grid } from '../grid.ts';
import { programModule, type BindingDecl, type Bindings } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { mean } from './reduce.ts';

/** Rows are usually short (class counts), so a small workgroup wastes fewer idle threads. */
const WG = 64;
// The entries share binding numbers (softmax.wgsl), so each names its own uniform variable.
const program = programModule({
  name: 'softmax',
  code,
  workgroupSize: WG,
  uniforms: { rows: 'u32', cols: 'u32', scale: 'f32', nan: 'f32' },
});
/** A row op's two entries: one workgroup per row, and one thread per row for short rows. */
const rowPrograms = <const B extends Record<string, BindingDecl>>(entry: string, bindings: B, uniformVar: string) => ({
  workgroup: program(entry, bindings, uniformVar),
  thread: program(`${entry}_rows`, bindings, uniformVar),
});
type RowPrograms<B extends Record<string, BindingDecl>> = ReturnType<typeof rowPrograms<B>>;
const softmaxPrograms = rowPrograms('softmax', { a0: 'read', y1: 'read_write' }, 'p2');
const softmaxGradPrograms = rowPrograms('softmax_grad', { a0: 'read', b1: 'read', c2: 'read_write' }, 'p3');
const xentPrograms = rowPrograms(
  'xent',
  { a0: 'read', lab1: 'read', c2: 'read_write', per3: 'read_write', cor4: 'read_write' },
  'p5',
);
const msePrograms = rowPrograms('mse', { a0: 'read', b1: 'read', c2: 'read_write' }, 'p3');
const xentGradProgram = program('xent_grad', { a0: 'read', lab1: 'read', g2: 'read', o3: 'read_write' }, 'p4');
const mseGradProgram = program('mse_grad', { a0: 'read', b1: 'read', g2: 'read', o3: 'read_write' }, 'p4');
/**
 * Longest row handled by one thread. A serial loop over a short row beats a workgroup tree, whose
 * barriers cost far more than the arithmetic (on SwiftShader the 128×10 cross-entropy of an MLP
 * step went from 60–90 ms to 0.6–2.3 ms); long rows keep the workgroup's parallel loads.
 */
export const SHORT_ROW = 256;

function sameShape(a: Tensor, b: Tensor): boolean {
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

/** [rows, cols] view over the last axis. */
function rowsOf(x: Tensor): { rows: number; cols: number } {
  x.assertLive();
  if (x.dtype !== 'f32') throw new Error(`expected an f32 tensor, got ${x.dtype} [${x.shape}]`);
  const cols = x.rank === 0 ? 1 : x.shape[x.rank - 1];
  if (cols === 0) throw new Error(`empty last axis in [${x.shape}]`);
  return { rows: x.size / cols, cols };
}

function perRow<B extends Record<string, BindingDecl>>(
  ctx: GpuContext,
  programs: RowPrograms<B>,
  bindings: Bindings<B>,
  rows: number,
  cols: number,
): void {
  const short = cols <= SHORT_ROW;
  (short ? programs.thread : programs.workgroup).run(ctx, {
    bindings,
    uniforms: { rows, cols, scale: 1, nan: NaN },
    workgroups: short ? grid(rows, WG) : grid(rows * WG, WG),
  });
}

export function softmax(x: Tensor): Tensor {
  const { rows, cols } = rowsOf(x);
  const y = x.ctx.empty(x.shape);
  perRow(x.ctx, softmaxPrograms, { a0: x, y1: y }, rows, cols);
  return y;
}

/** Vector-Jacobian product of softmax from its output y: y ⊙ (gy − rowsum(gy ⊙ y)). */
export function softmaxGrad(y: Tensor, gy: Tensor): Tensor {
  const { rows, cols } = rowsOf(y);
  if (!sameShape(y, gy)) throw new Error(`softmaxGrad: [${y.shape}] vs [${gy.shape}]`);
  const gx = y.ctx.empty(y.shape);
  perRow(y.ctx, softmaxGradPrograms, { a0: y, b1: gy, c2: gx }, rows, cols);
  return gx;
}

export interface CrossEntropy {
  /** Mean of perExample, shape [1]. */
  loss: Tensor;
  /** −log softmax(logits)[label] per row, [B]; NaN where the label is outside [0, C). */
  perExample: Tensor;
  /** 1 where the first argmax equals the label, else 0, [B]. */
  correct: Tensor;
  probs: Tensor;
}

function checkLabels(logits: Tensor, labels: Tensor): { rows: number; cols: number } {
  const { rows, cols } = rowsOf(logits);
  if (logits.rank !== 2) throw new Error(`cross-entropy takes logits [B, C], got [${logits.shape}]`);
  labels.assertLive();
  if (labels.dtype !== 'u32' || labels.size !== rows)
    throw new Error(`labels must be u32 [${rows}], got ${labels.dtype} [${labels.shape}]`);
  return { rows, cols };
}

/** Softmax cross-entropy of logits [B, C] against u32 labels [B], fused in one row pass. */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): CrossEntropy {
  const { rows, cols } = checkLabels(logits, labels);
  const ctx = logits.ctx;
  const probs = ctx.empty(logits.shape);
  const perExample = ctx.empty([rows]);
  const correct = ctx.empty([rows]);
  perRow(ctx, xentPrograms, { a0: logits, lab1: labels, c2: probs, per3: perExample, cor4: correct }, rows, cols);
  return { loss: mean(perExample), perExample, correct, probs };
}

/**
 * (probs − onehot(labels)) · scale, times gradOut[0] when given (the upstream gradient of the
 * scalar loss, kept on the GPU). For the mean loss, scale = 1/B.
 */
export function softmaxCrossEntropyGrad(probs: Tensor, labels: Tensor, scale: number, gradOut?: Tensor): Tensor {
  const { cols } = checkLabels(probs, labels);
  const ctx = probs.ctx;
  return ctx.scope(() => {
    const g = gradOut ?? ctx.tensor([1]);
    const out = ctx.empty(probs.shape);
    xentGradProgram.run(ctx, {
      bindings: { a0: probs, lab1: labels, g2: g, o3: out },
      uniforms: { rows: probs.size, cols, scale, nan: NaN },
      threads: probs.size,
    });
    return out;
  });
}

export interface Mse {
  /** Mean of the squared error over all elements, [1]. */
  loss: Tensor;
  /** Mean over each row (the first axis indexes examples), [B]. */
  perExample: Tensor;
}

function batchView(pred: Tensor, target: Tensor): { rows: number; cols: number } {
  rowsOf(pred);
  rowsOf(target);
  if (!sameShape(pred, target)) throw new Error(`mse: pred [${pred.shape}] vs target [${target.shape}]`);
  const rows = pred.rank === 0 ? 1 : pred.shape[0];
  return { rows, cols: pred.size / rows };
}

export function mse(pred: Tensor, target: Tensor): Mse {
  const { rows, cols } = batchView(pred, target);
  const perExample = pred.ctx.empty([rows]);
  perRow(pred.ctx, msePrograms, { a0: pred, b1: target, c2: perExample }, rows, cols);
  // Rows have equal length, so the mean of row means is the mean over all elements.
  return { loss: mean(perExample), perExample };
}

/** 2(pred − target)/N, times gradOut[0] when given. */
export function mseGrad(pred: Tensor, target: Tensor, gradOut?: Tensor): Tensor {
  const { cols } = batchView(pred, target);
  const ctx = pred.ctx;
  return ctx.scope(() => {
    const g = gradOut ?? ctx.tensor([1]);
    const out = ctx.empty(pred.shape);
    mseGradProgram.run(ctx, {
      bindings: { a0: pred, b1: target, g2: g, o3: out },
      uniforms: { rows: pred.size, cols, scale: 2 / pred.size, nan: NaN },
      threads: pred.size,
    });
    return out;
  });
}
