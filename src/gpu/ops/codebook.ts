/**
 * The codebook bottleneck as a differentiable op: h [rows, d] → out, the mean of its k most
 * cosine-similar codes of C [codes, d]. Gradients follow the paper's code
 * (taufeeque9/codebook-features, the "base" and "fullaeloss" losses): the chosen codes receive the
 * output's gradient (C̄ = Wᵀ·g, W the selection weights), and the input receives it unchanged,
 * straight through the discrete choice. With `commitment` β > 0 the backward also adds the gradient
 * of β·mean_rows ‖out − h‖², which pulls each row and its codes toward each other (VQ-VAE's
 * commitment and codebook terms): without it the straight-through gradient is taken at h but
 * applied at a code that may be far from it.
 */
import { record } from '../autograd.ts';
import { matmul } from '../kernels/matmul.ts';
import { add, binary, scale } from '../kernels/elementwise.ts';
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
export function codebookSnap(
  h: Tensor,
  codebook: Tensor,
  k: number,
  forced: Tensor | null = null,
  commitment = 0,
): CodebookSnap {
  if (h.rank !== 2 || codebook.rank !== 2 || h.shape[1] !== codebook.shape[1])
    throw new Error(`codebookSnap: h [${h.shape}] and codebook [${codebook.shape}] must be [rows, d] and [codes, d]`);
  const ctx = h.ctx;
  // The scores and normalized codebook are freed here; ids and weights move to the caller's scope.
  const { ids, weights } = ctx.scope(() => topK(matmul(h, normalizeRows(codebook), { transB: true }), k, forced));
  const out = matmul(weights, codebook);
  const rows = h.shape[0];
  record(out, [h, codebook], (g) => {
    if (commitment === 0) return [g, codebook.requiresGrad ? matmul(weights, g, { transA: true }) : null];
    // pull = ∂/∂out of β·mean‖out − h‖² = (2β/rows)(out − h); h gets −pull, the codes Wᵀ·pull.
    const pull = ctx.scope(() => scale(binary('sub', out, h), (2 * commitment) / rows));
    return [
      binary('sub', g, pull),
      codebook.requiresGrad ? ctx.scope(() => matmul(weights, add(g, pull), { transA: true })) : null,
    ];
  });
  return { out, ids, weights };
}
