/**
 * Dense SPD linear algebra on the GPU: blocked Cholesky factorization of one matrix or a batch of
 * them, solves with the factor, and ridge regression for many λ at once (one factorization of
 * K + λI per λ, all λ of a chunk factored together in the same dispatches: with float32 and the
 * condition numbers of kernel matrices, a factorization per λ keeps every solve as accurate as
 * its own conditioning allows, and for up to ~40 λ it is also fewer flops than one symmetric
 * eigendecomposition). See src/wgsl/cholesky.wgsl for the algorithm; the float64 reference is
 * cholesky.ref.ts.
 *
 * Cost: 3 dispatches per 32-wide block column for the whole batch, and 2 for a solve, so a ridge
 * sweep costs the same number of dispatches for 1 λ as for 40. Nothing is read back: whether a
 * matrix was positive definite is reported in an `info` tensor (0, or 1 + the index of the
 * first non-positive pivot) that the caller reads when it wants.
 */
import code from '../../wgsl/cholesky.wgsl?raw';
import panelCode from '../../wgsl/cholesky_panel.wgsl?raw';
import updateCode from '../../wgsl/cholesky_update.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

/** Block width: the diagonal block one thread factors (the WGSL's BS). */
const BS = 32;
/** Right-hand-side columns per solve workgroup (the WGSL's CW). */
const CW = 16;
/** Rows of L21 per panel workgroup. */
const PANEL_ROWS = 64;
/** Register block per thread of the trailing update (TM×TM; its workgroups are 8×8 threads). */
const TM = 8;
const TILE = 8 * TM;
/** Width of the panels whose finished blocks update the rest of the matrix at once. */
const PANEL = 8 * BS;
/** Upper bound on one stacked batch of matrices: ridge solves factor their λs in chunks this big. */
const BATCH_BYTES = 256 * 2 ** 20;
/**
 * Trailing-update multiply-adds after which the factorization submits what it has encoded: keeps
 * command buffers short (a display GPU's watchdog kills ones that run ~2 s) at a few submits per
 * 4,096² factorization. One update dispatch is at most (n − 256)²·256 multiply-adds per matrix
 * (4·10⁹ at n = 4,096: milliseconds on a GPU), so no submit grows much past this.
 */
const FLOPS_PER_SUBMIT = 4e9;

const PARAMS = { n: 'u32', k0: 'u32', b: 'u32', m: 'u32', slot: 'u32' } as const;

const factorDiag = defineProgram({
  name: 'cholesky-factor-diag',
  code: panelCode,
  entry: 'factor_diag',
  workgroupSize: 1,
  bindings: { a: 'read_write', winv: 'read_write', info: 'read_write' },
  uniforms: PARAMS,
  // The module's panel row (unused by this entry, but the module must be complete).
  defines: ['ROW'],
});
const factorPanel = defineProgram({
  name: 'cholesky-factor-panel',
  code: panelCode,
  entry: 'factor_panel',
  workgroupSize: PANEL_ROWS,
  bindings: { a: 'read_write', w: 'read' },
  uniforms: PARAMS,
  defines: ['ROW'],
});
const solveLower = defineProgram({
  name: 'cholesky-solve-lower',
  code,
  entry: 'solve_lower',
  workgroupSize: 64,
  bindings: { l: 'read', rhs: 'read_write' },
  uniforms: PARAMS,
});
const solveUpper = defineProgram({
  name: 'cholesky-solve-upper',
  code,
  entry: 'solve_upper',
  workgroupSize: 64,
  bindings: { l: 'read', rhs: 'read_write' },
  uniforms: PARAMS,
});
const shiftDiag = defineProgram({
  name: 'cholesky-shift-diag',
  code,
  entry: 'shift_diag',
  workgroupSize: 256,
  bindings: { a: 'read_write', src: 'read', lambdas: 'read' },
  uniforms: { n: 'u32', total: 'u32', first: 'u32' },
  uniformVar: 'ps',
});
const updateTrailing = defineProgram({
  name: 'cholesky-update-trailing',
  code: updateCode,
  entry: 'update_trailing',
  workgroupSize: [8, 8],
  bindings: { a: 'read_write' },
  uniforms: { n: 'u32', k0: 'u32', b: 'u32', r0: 'u32', c1: 'u32' },
  defines: ['ELEM', 'A4', 'SUB4', 'SUB1', 'TM', 'TILE', 'SETUP', 'STEP', 'STORE'],
});

const range = (n: number): number[] => [...Array(n).keys()];

/**
 * The straight-line row of cholesky_panel.wgsl: row i of A21 as vec4 registers ar<c>, its entries
 * x<j> = Σ_q A21[i][q]·W[j][q] of L21 (W = L11⁻¹ in workgroup memory, 8 vec4 a row, zero above
 * the diagonal, so row j needs only its first ⌊j/4⌋ + 1), stored, and the mirror entries zeroed.
 */
function panelRow(): { ROW: string } {
  const quads = range(BS / 4);
  const js = range(BS);
  const lines = [
    ...quads.map((c) => `let ar${c} = vec4f(${range(4).map((q) => `a[ri + ${4 * c + q}u]`)});`),
    ...js.map(
      (j) =>
        `let x${j} = ${range((j >> 2) + 1)
          .map((c) => `dot(ar${c}, w[wb + ${(BS / 4) * j + c}u])`)
          .join(' + ')};`,
    ),
    ...js.map((j) => `a[ri + ${j}u] = x${j};`),
    ...js.map((j) => `a[ci + ${j}u * n] = 0.0;`),
  ];
  return { ROW: lines.join('\n  ') };
}
const PANEL_ROW = panelRow();

/** The straight-line register block of cholesky_update.wgsl (see that file for the names). */
function updateBlock(vec: boolean) {
  const rows = range(TM);
  const quads = range(TM / 4);
  const join = (lines: string[]): string => lines.join('\n  ');
  return {
    ELEM: vec ? 'vec4f' : 'f32',
    A4: vec ? 'a[i >> 2u]' : 'vec4f(a[i], a[i + 1u], a[i + 2u], a[i + 3u])',
    SUB4: vec ? 'a[i >> 2u] -= v;' : 'a[i] -= v.x; a[i + 1u] -= v.y; a[i + 2u] -= v.z; a[i + 3u] -= v.w;',
    SUB1: vec ? 'a[(i + q) >> 2u][(i + q) & 3u] -= v[q];' : 'a[i + q] -= v[q];',
    TM: TM,
    TILE: TILE,
    SETUP: join([
      ...rows.map((i) => `let or${i} = base + min(m0 + ${i}u, n - 1u) * n + p.k0;`),
      ...rows.map((j) => `let oc${j} = base + min(n0 + ${j}u, n - 1u) * n + p.k0;`),
      ...rows.flatMap((i) => quads.map((j) => `var acc${i}_${j} = vec4f(0.0);`)),
    ]),
    STEP: join([
      ...rows.map((i) => `let av${i} = a4(or${i} + q);`),
      ...quads.map((j) => `let bm${j} = transpose(mat4x4f(${range(4).map((c) => `a4(oc${4 * j + c} + q)`)}));`),
      ...rows.flatMap((i) => quads.map((j) => `acc${i}_${j} += bm${j} * av${i};`)),
    ]),
    STORE: join(rows.flatMap((i) => quads.map((j) => `store4(m0 + ${i}u, n0 + ${4 * j}u, acc${i}_${j}, base);`))),
  };
}

/** [batch, n] of a square f32 matrix [n, n] or a stack of them [batch, n, n]. */
function squares(a: Tensor, what: string): [number, number] {
  a.assertLive();
  const s = a.shape;
  const n = s[s.length - 1];
  if (a.dtype !== 'f32' || s.length < 2 || s.length > 3 || s[s.length - 2] !== n)
    throw new Error(`${what} needs a square f32 matrix or a stack of them, got ${a.dtype} [${s}]`);
  return [s.length === 3 ? s[0] : 1, n];
}

/**
 * Overwrites each n×n SPD matrix of `a` ([n, n] or [batch, n, n]) with its Cholesky factor L
 * (lower triangular, zeros above), and sets info[slot + z] for matrix z to 0 or to 1 + its first
 * non-positive pivot's index. Those info entries must start at 0.
 */
export function choleskyInPlace(a: Tensor, info: Tensor, slot = 0): void {
  const [batch, n] = squares(a, 'choleskyInPlace');
  if (info.dtype !== 'u32' || info.size < slot + batch)
    throw new Error(`choleskyInPlace: info needs ${slot + batch} u32 entries, got ${info.dtype} [${info.shape}]`);
  factorBatch(a, batch, n, info, slot);
}

/** Factors the first `batch` matrices of the stack `a` (see choleskyInPlace). */
function factorBatch(a: Tensor, batch: number, n: number, info: Tensor, slot: number): void {
  const ctx = a.ctx;
  const registers = updateBlock(n % 4 === 0);
  // Each matrix's W = L11⁻¹ for the panel (cholesky_panel.wgsl).
  const winv = ctx.empty([batch, BS, BS]);
  let flops = 0;
  /** A[r][c] −= Σ L[r][q]·L[c][q] over q ∈ [k0, k0 + b), for r ≥ r0 and r0 ≤ c < c1 (c ≤ r). */
  const update = (k0: number, b: number, r0: number, c1: number): void => {
    const rows = Math.ceil((n - r0) / TILE);
    const cols = Math.ceil((c1 - r0) / TILE);
    updateTrailing.run(ctx, {
      bindings: { a },
      uniforms: { n, k0, b, r0, c1 },
      defines: registers,
      workgroups: [(cols * (cols + 1)) / 2 + (rows - cols) * cols, 1, batch],
    });
    flops += batch * (n - r0) * (c1 - r0) * b;
    if (flops >= FLOPS_PER_SUBMIT) {
      ctx.flush();
      flops = 0;
    }
  };
  // Two levels: 32-wide blocks update only their 256-wide panel; the finished panel updates the
  // rest of the matrix in one long (b = 256) update (cholesky_update.wgsl).
  for (let p0 = 0; p0 < n; p0 += PANEL) {
    const end = Math.min(n, p0 + PANEL);
    for (let k0 = p0; k0 < end; k0 += BS) {
      const b = Math.min(BS, n - k0);
      const uniforms = { n, k0, b, m: 0, slot };
      factorDiag.run(ctx, { bindings: { a, winv, info }, uniforms, defines: PANEL_ROW, workgroups: [1, 1, batch] });
      const rest = n - k0 - b;
      if (rest === 0) break;
      factorPanel.run(ctx, {
        bindings: { a, w: winv },
        uniforms,
        defines: PANEL_ROW,
        workgroups: [Math.ceil(rest / PANEL_ROWS), 1, batch],
      });
      if (k0 + b < end) update(k0, b, k0 + b, end);
    }
    if (end < n) update(p0, end - p0, end, n);
  }
  winv.dispose();
}

/** The Cholesky factor of an SPD matrix (a is left as it is), with its info flag [1]. */
export function cholesky(a: Tensor): { l: Tensor; info: Tensor } {
  const [batch] = squares(a, 'cholesky');
  const ctx = a.ctx;
  const l = ctx.empty(a.shape);
  ctx.copy(a, l, a.bytes);
  const info = ctx.tensor(new Uint32Array(batch), [batch], 'u32');
  choleskyInPlace(l, info);
  return { l, info };
}

/**
 * Overwrites the right-hand sides b with X solving L·Lᵀ·X = b: l is [n, n] with b [n, m], or a
 * stack l [batch, n, n] whose matrix z solves b[slot + z] of b [≥ slot + batch, n, m].
 */
export function choleskySolveInPlace(l: Tensor, b: Tensor, slot = 0): void {
  const [batch, n] = squares(l, 'choleskySolve');
  const s = b.shape;
  const stacked = l.shape.length === 3;
  const fits = stacked ? s.length === 3 && s[0] >= slot + batch && s[1] === n : s.length === 2 && s[0] === n;
  if (b.dtype !== 'f32' || !fits)
    throw new Error(`choleskySolve: right-hand side [${s}] does not fit factor(s) [${l.shape}] at ${slot}`);
  solveBatch(l, batch, n, b, slot);
}

/** Solves with the first `batch` factors of the stack `l` (see choleskySolveInPlace). */
function solveBatch(l: Tensor, batch: number, n: number, b: Tensor, slot: number): void {
  const m = b.shape[b.shape.length - 1];
  const ctx = l.ctx;
  const uniforms = { n, k0: 0, b: 0, m, slot };
  const workgroups = [Math.ceil(m / CW), 1, batch] as const;
  solveLower.run(ctx, { bindings: { l, rhs: b }, uniforms, workgroups });
  solveUpper.run(ctx, { bindings: { l, rhs: b }, uniforms, workgroups });
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
 * matrix K and n×m targets Y, as one stacked tensor [λs, n, m], with info [λs], which is nonzero
 * where K + λI was not numerically positive definite in float32 (that α is then garbage). The λs
 * are factored together in chunks of up to `batchBytes` (256 MiB) of matrices.
 */
export function ridgeSolveStacked(
  k: Tensor,
  y: Tensor,
  lambdas: readonly number[],
  opts: { batchBytes?: number } = {},
): { alpha: Tensor; info: Tensor } {
  const [one, n] = squares(k, 'ridgeSolve');
  if (one !== 1 || k.shape.length !== 2) throw new Error(`ridgeSolve: K must be [n, n], got [${k.shape}]`);
  if (y.dtype !== 'f32' || y.shape.length !== 2 || y.shape[0] !== n)
    throw new Error(`ridgeSolve: targets [${y.shape}] do not fit a ${n}×${n} kernel`);
  for (const lambda of lambdas) if (!(lambda >= 0)) throw new Error(`ridgeSolve: λ = ${lambda} must be ≥ 0`);
  const ctx: GpuContext = k.ctx;
  const count = lambdas.length;
  const m = y.shape[1];
  const info = ctx.tensor(new Uint32Array(Math.max(1, count)), [Math.max(1, count)], 'u32');
  const alpha = ctx.empty([count, n, m]);
  if (count === 0) return { alpha, info };
  const limit = Math.min(
    opts.batchBytes ?? BATCH_BYTES,
    ctx.limits.maxStorageBufferBindingSize,
    ctx.limits.maxBufferSize,
  );
  // Equal chunks, as few as the limit allows.
  const chunks = Math.ceil(count / Math.max(1, Math.floor(limit / (n * n * 4))));
  const chunk = Math.ceil(count / chunks);
  ctx.scope(() => {
    const lams = ctx.tensor(Float32Array.from(lambdas), [count]);
    const work = ctx.empty([chunk, n, n]);
    for (let first = 0; first < count; first += chunk) {
      const size = Math.min(chunk, count - first);
      const total = size * n * n;
      shiftDiag.run(ctx, {
        bindings: { a: work, src: k, lambdas: lams },
        uniforms: { n, total, first },
        threads: total,
      });
      factorBatch(work, size, n, info, first);
      for (let z = 0; z < size; z++) ctx.copy(y, alpha, y.bytes, 0, (first + z) * y.bytes);
      solveBatch(work, size, n, alpha, first);
    }
  });
  return { alpha, info };
}

/** ridgeSolveStacked with one [n, m] tensor α per λ. */
export function ridgeSolve(k: Tensor, y: Tensor, lambdas: readonly number[]): { alphas: Tensor[]; info: Tensor } {
  const ctx = k.ctx;
  const { alpha, info } = ridgeSolveStacked(k, y, lambdas);
  const alphas = lambdas.map((_, i) => {
    const out = ctx.empty(y.shape);
    ctx.copy(alpha, out, y.bytes, i * y.bytes);
    return out;
  });
  alpha.dispose();
  return { alphas, info };
}
