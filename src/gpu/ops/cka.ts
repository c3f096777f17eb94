/**
 * Linear CKA between two activation matrices of the same n inputs, differentiable with respect to
 * both (a guidance loss pulls a target net's layer towards a frozen guide's), and the CKA matrix
 * between two nets' layers. Gram form: K = Xc·Xcᵀ, L = Yc·Ycᵀ by the matmul kernel, the pair's
 * statistics and the Gram gradient by cka.wgsl.
 */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { centerColumns, ckaGramGrad, ckaStats } from '../kernels/cka.ts';
import { matmul } from '../kernels/matmul.ts';

/** Xc·Xcᵀ [n, n] of X [n, p] (rows: inputs), with Xc X's column-centred copy. */
function centredGram(x: Tensor): { xc: Tensor; gram: Tensor } {
  if (x.rank !== 2) throw new Error(`CKA takes [n, features] activations, got [${x.shape}]`);
  const xc = centerColumns(x);
  return { xc, gram: matmul(xc, xc, { transB: true }) };
}

/**
 * CKA(X, Y) as a [1] tensor for X [n, p] and Y [n, q], recorded for backward:
 * ∂/∂X = H·(dK + dKᵀ)·Xc (H: centring), likewise for Y. Run forward and backward in one scope.
 */
export function linearCkaOp(x: Tensor, y: Tensor): Tensor {
  if (x.shape[0] !== y.shape[0]) throw new Error(`CKA of [${x.shape}] and [${y.shape}]: different inputs`);
  const ctx = x.ctx;
  const a = centredGram(x);
  const b = centredGram(y);
  const stats = ckaStats(a.gram, b.gram);
  const out = ctx.empty([1]);
  ctx.copy(stats, out, 4);
  const through = (own: typeof a, other: typeof a, first: boolean, g: Tensor): Tensor =>
    ctx.scope(() => centerColumns(matmul(ckaGramGrad(own.gram, other.gram, stats, g, first), own.xc)));
  return record(out, [x, y], (g) => [
    x.requiresGrad ? through(a, b, true, g) : null,
    y.requiresGrad ? through(b, a, false, g) : null,
  ]);
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
  return ctx.scope(() =>
    ckaStats(stack(xs.map((x) => centredGram(x).gram)), stack(ys.map((y) => centredGram(y).gram))),
  );
}
