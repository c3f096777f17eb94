/**
 * The top eigenvalues of a symmetric positive semi-definite n×n matrix (a Gram or kernel
 * matrix) for spectrum plots: Lanczos with full reorthogonalization (src/wgsl/lanczos.wgsl), the
 * matrix–vector products and the reorthogonalization on the GPU, only the small tridiagonal
 * (steps × 2 numbers) read back and solved on the CPU. The float64 reference is
 * gram-spectrum.ref.ts (Jacobi on the whole matrix).
 *
 * Cost: `steps` matrix–vector products (steps·n² multiply-adds) plus ~2·steps²·n for the
 * reorthogonalization, 6 dispatches a step, one readback. With the default 2·count + 32 steps
 * the top `count` eigenvalues of kernel spectra converge to float32 accuracy (see the tests);
 * the tail of a slowly decaying spectrum converges last, so ask for more than you plot.
 */
import code from '../../wgsl/lanczos.wgsl?raw';
import { defineProgram, programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { randomArray } from '../xorshift.ts';

const PARAMS = { n: 'u32', j: 'u32', second: 'u32' } as const;
const program = programModule({ name: 'lanczos', code, workgroupSize: 64, uniforms: PARAMS });
const matvec = program('matvec', { kmat: 'read', q: 'read_write', w: 'read_write' });
const project = program('project', { q: 'read_write', w: 'read_write', c: 'read_write' });
const subtract = program('subtract', { q: 'read_write', w: 'read_write', c: 'read_write', t: 'read_write' });
const normalize = defineProgram({
  name: 'lanczos-normalize',
  code,
  entry: 'normalize',
  workgroupSize: 256,
  bindings: { q: 'read_write', w: 'read_write', t: 'read_write' },
  uniforms: PARAMS,
});

/** Lanczos steps between submits: keeps each command buffer short at large n. */
const STEPS_PER_SUBMIT = 16;

export interface GramSpectrumOptions {
  /** Lanczos steps (Krylov dimension); 2·count + 32 by default, at most n. */
  steps?: number;
  /** Seed of the random start vector. */
  seed?: number;
}

/**
 * The `count` largest eigenvalues of the symmetric n×n matrix k, in descending order (fewer when
 * k's Krylov space from the start vector is smaller, e.g. a Gram matrix of rank < count).
 */
export async function gramSpectrum(k: Tensor, count: number, opts: GramSpectrumOptions = {}): Promise<Float64Array> {
  k.assertLive();
  if (k.dtype !== 'f32' || k.shape.length !== 2 || k.shape[0] !== k.shape[1])
    throw new Error(`gramSpectrum needs a square f32 matrix, got ${k.dtype} [${k.shape}]`);
  const n = k.shape[0];
  if (!(Number.isInteger(count) && count >= 1 && count <= n))
    throw new Error(`gramSpectrum: count ${count} must be an integer in [1, ${n}]`);
  const steps = Math.min(n, Math.max(count, opts.steps ?? 2 * count + 32));
  const ctx = k.ctx;
  const start = randomArray(n, opts.seed ?? 1, -1, 1);
  const len = Math.hypot(...start);
  const t = ctx.scope(() => {
    const q = ctx.empty([steps + 1, n]);
    ctx.copy(
      ctx.tensor(
        Float32Array.from(start, (v) => v / len),
        [n],
      ),
      q,
      n * 4,
    );
    const w = ctx.empty([n]);
    const c = ctx.empty([steps]);
    const tri = ctx.empty([steps, 2]);
    const rows = { threads: n } as const;
    for (let j = 0; j < steps; j++) {
      matvec.run(ctx, { bindings: { kmat: k, q, w }, uniforms: { n, j, second: 0 }, ...rows });
      for (const second of [0, 1]) {
        const uniforms = { n, j, second };
        project.run(ctx, { bindings: { q, w, c }, uniforms, threads: j + 1 });
        subtract.run(ctx, { bindings: { q, w, c, t: tri }, uniforms, ...rows });
      }
      normalize.run(ctx, { bindings: { q, w, t: tri }, uniforms: { n, j, second: 0 }, workgroups: [1] });
      if ((j + 1) % STEPS_PER_SUBMIT === 0) ctx.flush();
    }
    return tri;
  });
  const tv = await t.read();
  t.dispose();
  // T is α_j on the diagonal, β_j beside it; a β at rounding level means the Krylov space is
  // exhausted (an invariant subspace), and the steps after it are noise.
  const alpha: number[] = [];
  const beta: number[] = [];
  let scale = 0;
  for (let j = 0; j < steps; j++) {
    const a = tv[2 * j];
    const b = tv[2 * j + 1];
    if (!Number.isFinite(a)) break;
    alpha.push(a);
    scale = Math.max(scale, Math.abs(a));
    if (!(Number.isFinite(b) && b > 1e-6 * scale)) break;
    beta.push(b);
  }
  const values = tridiagonalEigenvalues(alpha, beta.slice(0, alpha.length - 1));
  return values.sort((x, y) => y - x).subarray(0, Math.min(count, values.length));
}

/**
 * Eigenvalues of the symmetric tridiagonal matrix with diagonal d (m) and off-diagonal e
 * (m − 1), by the implicit QL method with Wilkinson shifts (EISPACK tql1), in float64.
 */
export function tridiagonalEigenvalues(diag: readonly number[], off: readonly number[]): Float64Array {
  const m = diag.length;
  const d = Float64Array.from(diag);
  const e = new Float64Array(m);
  e.set(off.slice(0, m - 1));
  for (let l = 0; l < m; l++) {
    for (let iter = 0; ; iter++) {
      let mm = l;
      while (mm < m - 1 && Math.abs(e[mm]) > Number.EPSILON * (Math.abs(d[mm]) + Math.abs(d[mm + 1]))) mm++;
      if (mm === l) break;
      if (iter === 60) throw new Error('tridiagonalEigenvalues: QL did not converge');
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[mm] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = mm - 1;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Split: the matrix decouples here; restart on the smaller block.
          d[i + 1] -= p;
          e[mm] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[mm] = 0;
    }
  }
  return d;
}
