/**
 * The codebook bottleneck of "Codebook Features" (Tamkin, Taufeeque & Goodman, 2310.17230) as
 * kernels: each row h of the activations is replaced by the mean of the k codes of a codebook
 * C [codes, d] most cosine-similar to it. Scores h·ĉ come from the matmul kernel against the
 * row-normalized codebook; `topK` picks the codes and writes the selection weights W [rows, codes]
 * (1/k on the chosen codes), so the output W·C and the codebook gradient Wᵀ·g are matmuls too.
 * Selection is piecewise constant and is never differentiated (ops/codebook.ts passes the input's
 * gradient straight through, as the paper does).
 */
import code from '../../wgsl/codebook.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

/** Above this the per-thread insertion list would not fit registers (and the paper uses k ≤ 8). */
export const MAX_CODES_PER_ROW = 16;
/** forced[r] = NO_CODE leaves row r to the top-k choice. */
export const NO_CODE = 0xffffffff;

const UNIFORMS = { rows: 'u32', cols: 'u32' } as const;
const normalizeProgram = defineProgram({
  name: 'codebook-normalize-rows',
  code,
  entry: 'normalize_rows',
  workgroupSize: 64,
  bindings: { x: 'read', out: 'read_write' },
  uniforms: UNIFORMS,
  defines: ['K', 'FORCED'],
});
const topKProgram = defineProgram({
  name: 'codebook-top-k',
  code,
  entry: 'top_k',
  workgroupSize: 64,
  bindings: { scores: 'read', forced: 'read', ids: 'read_write', weights: 'read_write' },
  uniforms: UNIFORMS,
  defines: ['K', 'FORCED'],
});

const reviveProgram = defineProgram({
  name: 'codebook-revive',
  code,
  entry: 'revive',
  workgroupSize: 64,
  bindings: { x: 'read', usage: 'read', book: 'read_write' },
  uniforms: { codes: 'u32', cols: 'u32', inputs: 'u32', salt: 'u32' },
  uniformVar: 'q',
  defines: ['K', 'FORCED'],
});

function rows2d(x: Tensor, what: string): [number, number] {
  x.assertLive();
  if (x.rank !== 2 || x.dtype !== 'f32') throw new Error(`${what} takes an f32 matrix, got ${x.dtype} [${x.shape}]`);
  return [x.shape[0], x.shape[1]];
}

/** x [rows, cols] with every row scaled to unit L2 norm; all-zero rows stay zero. */
export function normalizeRows(x: Tensor): Tensor {
  const [rows, cols] = rows2d(x, 'normalizeRows');
  const out = x.ctx.empty(x.shape);
  if (rows > 0)
    normalizeProgram.run(x.ctx, {
      bindings: { x, out },
      uniforms: { rows, cols },
      defines: { K: 1, FORCED: false },
      threads: rows,
    });
  return out;
}

export interface TopK {
  /** [rows, k] u32: the chosen codes of each row, best first (ties: lower index first). */
  ids: Tensor;
  /** [rows, codes]: 1/k on each chosen code, 0 elsewhere (1 on a forced code). */
  weights: Tensor;
}

/**
 * The k best codes of each row of scores [rows, codes]. `forced` [rows] u32, where given, replaces
 * a row's choice by that single code (NO_CODE: no change).
 */
export function topK(scores: Tensor, k: number, forced: Tensor | null = null): TopK {
  const [rows, cols] = rows2d(scores, 'topK');
  if (!Number.isInteger(k) || k < 1 || k > Math.min(cols, MAX_CODES_PER_ROW))
    throw new Error(`topK: k = ${k} must be an integer in [1, min(${cols} codes, ${MAX_CODES_PER_ROW})]`);
  if (forced && (forced.dtype !== 'u32' || forced.size !== rows))
    throw new Error(`topK: forced must be ${rows} u32 code ids, got ${forced.dtype} [${forced.shape}]`);
  const ctx = scores.ctx;
  const ids = ctx.empty([rows, k], 'u32');
  const weights = ctx.empty([rows, cols]);
  if (rows > 0)
    topKProgram.run(ctx, {
      // Without forcing, scores is bound in forced's place and never read.
      bindings: { scores, forced: forced ?? scores, ids, weights },
      uniforms: { rows, cols },
      defines: { K: k, FORCED: forced !== null },
      threads: rows,
    });
  return { ids, weights };
}

/**
 * In place: every code of book [codes, d] with usage 0 becomes a copy of a row of x [rows, d],
 * chosen by hashing (code, salt); used codes are untouched.
 */
export function reviveCodes(book: Tensor, usage: Tensor, x: Tensor, salt: number): void {
  const [codes, cols] = rows2d(book, 'reviveCodes');
  const [inputs, d] = rows2d(x, 'reviveCodes');
  if (d !== cols || usage.size !== codes || inputs === 0)
    throw new Error(`reviveCodes: book [${book.shape}], usage [${usage.shape}] and rows [${x.shape}] do not fit`);
  reviveProgram.run(book.ctx, {
    bindings: { x, usage, book },
    uniforms: { codes, cols, inputs, salt: salt >>> 0 },
    defines: { K: 1, FORCED: false },
    threads: codes,
  });
}
