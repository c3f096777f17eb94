/**
 * Dense SPD linear algebra on the GPU: blocked Cholesky factorization, solves with the factor, and
 * ridge regression for many λ at once (one factorization of K + λI per λ: with float32 and the
 * condition numbers of kernel matrices, a factorization per λ keeps every solve as accurate as
 * its own conditioning allows, which one shared eigendecomposition would not). See
 * src/wgsl/cholesky.wgsl for the algorithm; the float64 reference is cholesky.ref.ts.
 *
 * Nothing is read back: whether a matrix was positive definite is reported in an `info` tensor
 * (0, or 1 + the index of the first non-positive pivot) that the caller reads when it wants.
 */
import code from '../../wgsl/cholesky.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { grid } from '../grid.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

/** Block width: the diagonal block a workgroup factors in its memory (the WGSL's BS). */
const BS = 32;
const TILE = 16;
const PARAMS = { n: 'u32', k0: 'u32', b: 'u32', m: 'u32', slot: 'u32' } as const;

const factorDiag = defineProgram({
  name: 'cholesky-factor-diag',
  code,
  entry: 'factor_diag',
  workgroupSize: 256,
  bindings: { a: 'read_write', info: 'read_write' },
  uniforms: PARAMS,
});
const factorPanel = defineProgram({
  name: 'cholesky-factor-panel',
  code,
  entry: 'factor_panel',
  workgroupSize: 64,
  bindings: { a: 'read_write' },
  uniforms: PARAMS,
});
const updateTrailing = defineProgram({
  name: 'cholesky-update-trailing',
  code,
  entry: 'update_trailing',
  workgroupSize: [TILE, TILE],
  bindings: { a: 'read_write' },
  uniforms: PARAMS,
});
const solveDiagLower = defineProgram({
  name: 'cholesky-solve-diag-lower',
  code,
  entry: 'solve_diag_lower',
  workgroupSize: 64,
  bindings: { l: 'read', rhs: 'read_write' },
  uniforms: PARAMS,
});
const solveDiagUpper = defineProgram({
  name: 'cholesky-solve-diag-upper',
  code,
  entry: 'solve_diag_upper',
  workgroupSize: 64,
  bindings: { l: 'read', rhs: 'read_write' },
  uniforms: PARAMS,
});
const updateLower = defineProgram({
  name: 'cholesky-update-lower',
  code,
  entry: 'update_lower',
  workgroupSize: [TILE, TILE],
  bindings: { l: 'read', rhs: 'read_write' },
  uniforms: PARAMS,
});
const updateUpper = defineProgram({
  name: 'cholesky-update-upper',
  code,
  entry: 'update_upper',
  workgroupSize: [TILE, TILE],
  bindings: { l: 'read', rhs: 'read_write' },
  uniforms: PARAMS,
});
const shiftDiag = defineProgram({
  name: 'cholesky-shift-diag',
  code,
  entry: 'shift_diag',
  workgroupSize: 256,
  bindings: { a: 'read_write', src: 'read' },
  uniforms: { n: 'u32', lambda: 'f32' },
  uniformVar: 'ps',
});

function square(a: Tensor, what: string): number {
  a.assertLive();
  if (a.dtype !== 'f32' || a.shape.length !== 2 || a.shape[0] !== a.shape[1])
    throw new Error(`${what} needs a square f32 matrix, got ${a.dtype} [${a.shape}]`);
  return a.shape[0];
}

const blocks = (n: number) => Array.from({ length: Math.ceil(n / BS) }, (_, k) => [k * BS, Math.min(BS, n - k * BS)]);

/**
 * Overwrites the n×n SPD matrix `a` with its Cholesky factor L (lower triangular, zeros above),
 * and sets info[slot] to 0 or to 1 + the first non-positive pivot's index. info must start at 0.
 */
export function choleskyInPlace(a: Tensor, info: Tensor, slot = 0): void {
  const n = square(a, 'choleskyInPlace');
  const ctx = a.ctx;
  for (const [k0, b] of blocks(n)) {
    const uniforms = { n, k0, b, m: 0, slot };
    factorDiag.run(ctx, { bindings: { a, info }, uniforms, workgroups: [1] });
    const rest = n - k0 - b;
    if (rest === 0) break;
    factorPanel.run(ctx, { bindings: { a }, uniforms, workgroups: [Math.ceil(rest / 64)] });
    const tiles = Math.ceil(rest / TILE);
    updateTrailing.run(ctx, { bindings: { a }, uniforms, workgroups: [tiles, tiles] });
  }
}

/** The Cholesky factor of an SPD matrix (a is left as it is), with its info flag [1]. */
export function cholesky(a: Tensor): { l: Tensor; info: Tensor } {
  const n = square(a, 'cholesky');
  const ctx = a.ctx;
  const l = ctx.empty([n, n]);
  ctx.copy(a, l, a.bytes);
  const info = ctx.tensor(new Uint32Array(1), [1], 'u32');
  choleskyInPlace(l, info);
  return { l, info };
}

/** Overwrites the n×m right-hand side b with X solving L·Lᵀ·X = b. */
export function choleskySolveInPlace(l: Tensor, b: Tensor): void {
  const n = square(l, 'choleskySolve');
  if (b.dtype !== 'f32' || b.shape.length !== 2 || b.shape[0] !== n)
    throw new Error(`choleskySolve: right-hand side [${b.shape}] does not fit a ${n}×${n} factor`);
  const m = b.shape[1];
  const ctx = l.ctx;
  const cols = Math.ceil(m / 64);
  const ct = Math.ceil(m / TILE);
  const bs = blocks(n);
  for (const [k0, w] of bs) {
    const uniforms = { n, k0, b: w, m, slot: 0 };
    solveDiagLower.run(ctx, { bindings: { l, rhs: b }, uniforms, workgroups: [cols] });
    const rest = n - k0 - w;
    if (rest > 0) updateLower.run(ctx, { bindings: { l, rhs: b }, uniforms, workgroups: [ct, Math.ceil(rest / TILE)] });
  }
  for (const [k0, w] of [...bs].reverse()) {
    const uniforms = { n, k0, b: w, m, slot: 0 };
    solveDiagUpper.run(ctx, { bindings: { l, rhs: b }, uniforms, workgroups: [cols] });
    if (k0 > 0) updateUpper.run(ctx, { bindings: { l, rhs: b }, uniforms, workgroups: [ct, Math.ceil(k0 / TILE)] });
  }
}

/** X solving L·Lᵀ·X = b (b is left as it is). */
export function choleskySolve(l: Tensor, b: Tensor): Tensor {
  const x = l.ctx.empty(b.shape);
  l.ctx.copy(b, x, b.bytes);
  choleskySolveInPlace(l, x);
  return x;
}

/**
 * Ridge regression in its dual form for each λ: α_λ = (K + λI)⁻¹·Y for an n×n kernel (Gram)
 * matrix K and n×m targets Y. Returns one α per λ and info [λs], which is nonzero where K + λI
 * was not numerically positive definite in float32 (that α is then garbage).
 */
export function ridgeSolve(k: Tensor, y: Tensor, lambdas: readonly number[]): { alphas: Tensor[]; info: Tensor } {
  const n = square(k, 'ridgeSolve');
  const ctx: GpuContext = k.ctx;
  const info = ctx.tensor(new Uint32Array(Math.max(1, lambdas.length)), [Math.max(1, lambdas.length)], 'u32');
  const alphas = ctx.scope(() => {
    const work = ctx.empty([n, n]);
    return lambdas.map((lambda, slot) => {
      if (!(lambda >= 0)) throw new Error(`ridgeSolve: λ = ${lambda} must be ≥ 0`);
      shiftDiag.run(ctx, { bindings: { a: work, src: k }, uniforms: { n, lambda }, workgroups: grid(n * n, 256) });
      choleskyInPlace(work, info, slot);
      return choleskySolve(work, y);
    });
  });
  return { alphas, info };
}
