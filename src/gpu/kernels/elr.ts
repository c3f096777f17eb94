/**
 * Early-learning regularization (Liu, Niles-Weed, Razavian & Fernandez-Granda 2020): the forward
 * pass (softmax, the per-example temporal-ensemble target update in a pool-long buffer on the
 * GPU, the loss CE + λ·log(1 − ⟨p, t⟩)) and its gradient in the logits (elr.wgsl).
 */
import code from '../../wgsl/elr.wgsl?raw';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const WG = 64;
const program = programModule({
  name: 'elr',
  code,
  workgroupSize: WG,
  uniforms: {
    rows: 'u32',
    cols: 'u32',
    offset: 'u32',
    lambda: 'f32',
    beta: 'f32',
    lo: 'f32',
    scale: 'f32',
    nan: 'f32',
  },
});
const forwardProgram = program('forward', {
  logits: 'read',
  labels: 'read',
  order: 'read',
  targets: 'read_write',
  probs_out: 'read_write',
  batch_targets: 'read_write',
  loss: 'read_write',
});
const backwardProgram = program('backward', {
  probs: 'read',
  row_targets: 'read',
  labels: 'read',
  g: 'read',
  grad: 'read_write',
});

/** The paper's clamp of the probabilities inside the regularizer (its code: 1e-4). */
export const ELR_CLAMP = 1e-4;

export interface ElrOptions {
  /** Weight λ of the regularizer (the paper's CIFAR-10 setting: 3). */
  lambda: number;
  /** Memory β of the temporal ensemble (0.7); β = 1 freezes the targets. */
  beta: number;
  /** order[offset + r] is the pool id of the batch's row r. */
  offset: number;
}

export interface ElrForward {
  /** Per-row loss [B]; NaN where the label is outside [0, C). */
  perExample: Tensor;
  /** softmax(z) [B, C]. */
  probs: Tensor;
  /** The rows' updated targets [B, C], as the loss used them. */
  targets: Tensor;
}

function checkBatch(logits: Tensor, labels: Tensor): [number, number] {
  logits.assertLive();
  labels.assertLive();
  if (logits.rank !== 2 || logits.dtype !== 'f32')
    throw new Error(`ELR takes f32 logits [B, C], got [${logits.shape}]`);
  const [rows, cols] = logits.shape;
  if (labels.dtype !== 'u32' || labels.size !== rows)
    throw new Error(`labels must be u32 [${rows}], got ${labels.dtype} [${labels.shape}]`);
  return [rows, cols];
}

/**
 * Updates the targets of the batch's examples in `targets` [n, C] (ids order[offset + r] from the
 * u32 tensor `order`) and returns the loss per row with what its gradient needs.
 */
export function elrForward(logits: Tensor, labels: Tensor, order: Tensor, targets: Tensor, o: ElrOptions): ElrForward {
  const [rows, cols] = checkBatch(logits, labels);
  if (order.dtype !== 'u32' || !Number.isInteger(o.offset) || o.offset < 0 || o.offset + rows > order.size)
    throw new Error(`rows ${o.offset}…${o.offset + rows} do not fit an order of ${order.size}`);
  if (targets.rank !== 2 || targets.shape[1] !== cols)
    throw new Error(`targets must be [n, ${cols}], got [${targets.shape}]`);
  if (!(o.beta >= 0 && o.beta <= 1)) throw new Error(`ELR β must be in [0, 1], got ${o.beta}`);
  const ctx = logits.ctx;
  const out = { perExample: ctx.empty([rows]), probs: ctx.empty([rows, cols]), targets: ctx.empty([rows, cols]) };
  forwardProgram.run(ctx, {
    bindings: {
      logits,
      labels,
      order,
      targets,
      probs_out: out.probs,
      batch_targets: out.targets,
      loss: out.perExample,
    },
    uniforms: { rows, cols, offset: o.offset, lambda: o.lambda, beta: o.beta, lo: ELR_CLAMP, scale: 1, nan: NaN },
    threads: rows,
  });
  return out;
}

/** ∂loss/∂logits [B, C] of the rows' losses, times scale·gradOut[0] (scale = 1/B for the mean). */
export function elrGrad(f: ElrForward, labels: Tensor, lambda: number, scale: number, gradOut: Tensor): Tensor {
  const [rows, cols] = checkBatch(f.probs, labels);
  const grad = labels.ctx.empty([rows, cols]);
  backwardProgram.run(labels.ctx, {
    bindings: { probs: f.probs, row_targets: f.targets, labels, g: gradOut, grad },
    uniforms: { rows, cols, offset: 0, lambda, beta: 1, lo: ELR_CLAMP, scale, nan: NaN },
    threads: rows,
  });
  return grad;
}
