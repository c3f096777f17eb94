/**
 * Laziness metrics for lazy-vs-rich training, on the GPU and returned as tensors (no read-back):
 * relative weight change, the analytic empirical NTK of a two-layer net, kernel distance and
 * linear CKA. CPU helpers that need a solve or a few scalars live in laziness.ref.ts.
 */
import type { Tensor } from './tensor.ts';
import { axpby, binary, mul, scale } from './kernels/elementwise.ts';
import { flatNorm } from './kernels/flat.ts';
import { matmul } from './kernels/matmul.ts';
import { mean, norm2 } from './kernels/reduce.ts';

/** ‖W − W₀‖ / ‖W₀‖ over a list of tensors (one layer, or all of them), as a [1] tensor. */
export function relativeChange(w: Tensor[], w0: Tensor[]): Tensor {
  const ctx = w[0].ctx;
  return ctx.scope(() => binary('div', flatNorm(w.map((t, i) => axpby(1, t, -1, w0[i]))), flatNorm(w0)));
}

/**
 * Empirical NTK of f(x) = c·Σᵢ aᵢ φ(wᵢ·x) with respect to the first layer, between inputs A [P, D]
 * and B [Q, D]: K = c²·(Dₐ·diag(a²)·D_bᵀ) ⊙ (A·Bᵀ), where Dₓ [·, N] holds φ'(wᵢ·x). Pass the
 * readouts already folded into Dₓ (aᵢφ'), so K = c²·(Dₐ·D_bᵀ) ⊙ (A·Bᵀ).
 */
export function twoLayerNtk(a: Tensor, da: Tensor, b: Tensor, db: Tensor, c: number): Tensor {
  const ctx = a.ctx;
  return ctx.scope(() => scale(mul(matmul(da, db, { transB: true }), matmul(a, b, { transB: true })), c * c));
}

/** ‖K − K₀‖_F / ‖K₀‖_F as a [1] tensor. */
export function kernelDistance(k: Tensor, k0: Tensor): Tensor {
  const ctx = k.ctx;
  return ctx.scope(() => binary('div', norm2(axpby(1, k, -1, k0)), norm2(k0)));
}

/** Columns of X [n, p] minus their means. */
function centerColumns(x: Tensor): Tensor {
  return x.ctx.scope(() => binary('sub', x, mean(x, 0)));
}

/**
 * Linear CKA between representations X [n, p] and Y [n, q] of the same n inputs:
 * ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) after centring (Kornblith et al. 2019), as a [1] tensor.
 */
export function linearCka(x: Tensor, y: Tensor): Tensor {
  const ctx = x.ctx;
  return ctx.scope(() => {
    const xc = centerColumns(x);
    const yc = centerColumns(y);
    const cross = norm2(matmul(yc, xc, { transA: true }));
    const num = mul(cross, cross);
    const den = mul(norm2(matmul(xc, xc, { transA: true })), norm2(matmul(yc, yc, { transA: true })));
    return binary('div', num, den);
  });
}
