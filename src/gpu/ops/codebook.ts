/**
 * The codebook bottleneck as a differentiable op: h [rows, d] → mean of its k most cosine-similar
 * codes of C [codes, d]. Gradients follow the paper's code (taufeeque9/codebook-features,
 * "base" loss): the chosen codes receive the output's gradient (C̄ = Wᵀ·g, W the selection
 * weights), and the input receives it unchanged, straight through the discrete choice.
 */
import { record } from '../autograd.ts';
import { matmul } from '../kernels/matmul.ts';
import { normalizeRows, topK } from '../kernels/codebook.ts';
import type { Tensor } from '../tensor.ts';

export interface CodebookSnap {
  out: Tensor;
  /** [rows, k] u32: the chosen codes, best first. */
  ids: Tensor;
  /** [rows, codes]: the selection weights (1/k per chosen code). */
  weights: Tensor;
}

/**
 * `forced` [rows] u32 (NO_CODE to leave a row alone) replaces a row's choice by one code: the
 * intervention that activates a code regardless of the input.
 */
export function codebookSnap(h: Tensor, codebook: Tensor, k: number, forced: Tensor | null = null): CodebookSnap {
  if (h.rank !== 2 || codebook.rank !== 2 || h.shape[1] !== codebook.shape[1])
    throw new Error(`codebookSnap: h [${h.shape}] and codebook [${codebook.shape}] must be [rows, d] and [codes, d]`);
  const ctx = h.ctx;
  // The scores and normalized codebook are freed here; ids and weights move to the caller's scope.
  const { ids, weights } = ctx.scope(() => topK(matmul(h, normalizeRows(codebook), { transB: true }), k, forced));
  const out = matmul(weights, codebook);
  record(out, [h, codebook], (g) => [g, codebook.requiresGrad ? matmul(weights, g, { transA: true }) : null]);
  return { out, ids, weights };
}
