/**
 * Linear CKA between activation matrices of the same n inputs (rows), in the Gram form: K = Xc·Xcᵀ
 * by the matmul kernel, the pair's statistics and the Gram gradient by cka.wgsl. A guidance loss
 * pulls a target net's layer X towards a frozen guide's layer, whose Gram L is computed once per
 * batch and held constant; the CKA matrix compares every layer of one net with every layer of another.
 */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { centerColumns, ckaGramGrad, ckaStats } from '../kernels/cka.ts';
import { matmul } from '../kernels/matmul.ts';

function checkActivations(x: Tensor): void {
  if (x.rank !== 2) throw new Error(`CKA takes [n, features] activations, got [${x.shape}]`);
}

/** Xc·Xcᵀ [n, n] of X [n, p] with its columns centred; not recorded. */
export function centredGram(x: Tensor): Tensor {
  checkActivations(x);
  return x.ctx.scope(() => {
    const xc = centerColumns(x);
    return matmul(xc, xc, { transB: true });
  });
}

/**
 * CKA(X, ·) as a [1] tensor for X [n, p] against a constant centred Gram L [n, n] (centredGram of
 * the other activations), recorded for backward: ∂CKA/∂X = H·(dK + dKᵀ)·Xc, H the centring.
 * Forward and backward must run in one scope (the closure keeps Xc and K).
 */
export function ckaToGram(x: Tensor, l: Tensor): Tensor {
  checkActivations(x);
  if (l.rank !== 2 || l.shape[0] !== x.shape[0] || l.shape[1] !== x.shape[0])
    throw new Error(`CKA of [${x.shape}] against a Gram [${l.shape}]: not of the same inputs`);
  const ctx = x.ctx;
  const xc = centerColumns(x);
  const k = matmul(xc, xc, { transB: true });
  const stats = ckaStats(k, l);
  const out = ctx.empty([1]);
  ctx.copy(stats, out, 4);
  return record(out, [x], (g) => [ctx.scope(() => centerColumns(matmul(ckaGramGrad(k, l, stats, g), xc)))]);
}

/** Stacks [n, n] Grams into one [count, n, n] tensor. */
function stack(grams: Tensor[]): Tensor {
  const ctx = grams[0].ctx;
  const n = grams[0].shape[0];
  const out = ctx.empty([grams.length, n, n]);
  grams.forEach((g, i) => ctx.copy(g, out, g.bytes, 0, i * g.bytes));
  return out;
}

/**
 * [A, B, 4] statistics (CKA first, as ckaStats) of every layer of one net (xs: A activation
 * matrices [n, ·]) against every layer of another (ys), on the same n inputs. Not recorded.
 */
export function ckaMatrix(xs: Tensor[], ys: Tensor[]): Tensor {
  const ctx = xs[0].ctx;
  return ctx.scope(() => ckaStats(stack(xs.map(centredGram)), stack(ys.map(centredGram))));
}
