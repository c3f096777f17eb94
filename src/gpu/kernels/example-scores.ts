/**
 * Per-example data-pruning scores (Paul, Ganguli & Dziugaite 2021, "Deep Learning on a Data
 * Diet"): EL2N and the last layer's GraNd, written batch by batch into one dataset-long score
 * buffer that stays on the GPU (example_scores.wgsl).
 */
import code from '../../wgsl/example_scores.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const WG = 64;
const program = defineProgram({
  name: 'example-scores',
  code,
  workgroupSize: WG,
  bindings: { logits: 'read', labels: 'read', scores: 'read_write', h: 'read?' },
  uniforms: { rows: 'u32', cols: 'u32', hidden: 'u32', offset: 'u32', keep: 'f32', nan: 'f32' },
  defines: ['GRAND'],
});

// GraNd's extra factor √(‖h‖² + 1): the bias's gradient is p − y itself.
const GRAND = `{
    var hh = 1.0;
    for (var j = 0u; j < p.hidden; j++) { let v = h[r * p.hidden + j]; hh += v * v; }
    score *= sqrt(hh);
  }`;

export interface ScoreOptions {
  /** Row of `scores` that the batch's first example writes. */
  offset: number;
  /** 0 overwrites, 1 adds to what is there (sums over inits), any other value scales it first. */
  keep: number;
  /** The features h [rows, H] feeding the last linear layer: the score becomes its GraNd. */
  hidden?: Tensor;
}

/**
 * EL2N ‖softmax(z) − onehot(y)‖₂ of each row of logits [B, C] with u32 labels [B] (NaN for a label
 * outside [0, C)), or with `hidden` the last layer's gradient norm ‖p − y‖·√(‖h‖² + 1), into
 * scores[offset … offset + B).
 */
export function exampleScores(logits: Tensor, labels: Tensor, scores: Tensor, o: ScoreOptions): void {
  logits.assertLive();
  if (logits.rank !== 2 || logits.dtype !== 'f32')
    throw new Error(`scores take f32 logits [B, C], got [${logits.shape}]`);
  const [rows, cols] = logits.shape;
  if (labels.dtype !== 'u32' || labels.size !== rows)
    throw new Error(`labels must be u32 [${rows}], got ${labels.dtype} [${labels.shape}]`);
  if (!Number.isInteger(o.offset) || o.offset < 0 || o.offset + rows > scores.size)
    throw new Error(`rows ${o.offset}…${o.offset + rows} do not fit a score buffer of ${scores.size}`);
  const h = o.hidden ?? null;
  if (h && (h.rank !== 2 || h.shape[0] !== rows))
    throw new Error(`hidden features must be [${rows}, H], got [${h.shape}]`);
  program.run(logits.ctx, {
    bindings: { logits, labels, scores, h },
    uniforms: { rows, cols, hidden: h ? h.shape[1] : 0, offset: o.offset, keep: o.keep, nan: NaN },
    defines: { GRAND: h ? GRAND : '' },
    threads: rows,
  });
}
