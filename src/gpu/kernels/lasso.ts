/**
 * The lasso on Gram statistics, on the GPU: for every column j of W independently,
 *   min_w ‖Z·w − z_j‖² + λ‖w‖₁ = wᵀGw − 2wᵀc_j + ‖z_j‖² + λ‖w‖₁,  G = ZᵀZ [p, p], C = ZᵀZ_B [p, q],
 * solved by FISTA (accelerated proximal gradient, Beck & Teboulle 2009): a fixed number of steps,
 * each one matmul G·Y (matmul.ts) and one fused gradient + soft-threshold + momentum kernel
 * (lasso_step.wgsl). The step 1/L uses L = 2·λmax(G), from a short Lanczos run (gram-spectrum.ts)
 * before the loop, so the loop itself reads nothing back. A path of λs is solved largest first,
 * each warm-started from the one before. The float64 reference is lasso.ref.ts.
 */
import code from '../../wgsl/lasso_step.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { gramSpectrum } from './gram-spectrum.ts';
import { matmul } from './matmul.ts';

const lassoStepProgram = defineProgram({
  name: 'lasso-step',
  code,
  workgroupSize: 256,
  bindings: { gy: 'read', c: 'read', y: 'read_write', w: 'read_write' },
  uniforms: { n: 'u32', step: 'f32', threshold: 'f32', beta: 'f32' },
});

export interface LassoStepOptions {
  /** Gradient step on (G·y − c): 2/L for the loss ‖Zw − z‖², whose gradient is 2(Gw − c). */
  step: number;
  /** Soft threshold: step·λ/2 for that loss (the prox of (step/2)·λ‖·‖₁). */
  threshold: number;
  /** FISTA momentum (t_k − 1)/t_{k+1}; 0 is plain ISTA. */
  beta: number;
}

/** One fused FISTA step in place: w ← soft(y − step·(gy − c), threshold), y ← w + β(w − w_before). */
export function lassoStep(gy: Tensor, c: Tensor, y: Tensor, w: Tensor, o: LassoStepOptions): void {
  for (const t of [gy, c, y, w]) {
    t.assertLive();
    if (t.dtype !== 'f32') throw new Error(`lassoStep takes f32 tensors, got ${t.dtype} [${t.shape}]`);
    if (t.size !== w.size) throw new Error(`lassoStep: [${t.shape}] does not match the weights [${w.shape}]`);
  }
  if (!(o.threshold >= 0)) throw new Error(`lassoStep: the threshold must be ≥ 0, got ${o.threshold}`);
  lassoStepProgram.run(w.ctx, {
    bindings: { gy, c, y, w },
    uniforms: { n: w.size, step: o.step, threshold: o.threshold, beta: o.beta },
    threads: w.size,
  });
}

/** The FISTA momentum β_k = (t_k − 1)/t_{k+1} for steps k = 0…n−1, t_0 = 1 (fixed: no readback). */
export function fistaMomenta(n: number): number[] {
  const out: number[] = [];
  let t = 1;
  for (let k = 0; k < n; k++) {
    const next = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    out.push((t - 1) / next);
    t = next;
  }
  return out;
}

export interface LassoPathOptions {
  /** FISTA steps per λ. */
  iterations: number;
  /** λmax(G); found by Lanczos when left out. */
  maxEigenvalue?: number;
}

/** Lanczos' largest Ritz value is a lower bound of λmax that converges from below: a margin keeps 1/L safe. */
export const LIPSCHITZ_MARGIN = 1.05;
/** Lanczos steps for λmax: the top eigenvalue converges first, long before these run out. */
const LANCZOS_STEPS = 24;
/** FISTA steps between submits: keeps each command buffer short. */
const STEPS_PER_SUBMIT = 32;

/**
 * W [p, q] for each λ of `lambdas` (descending), the lasso of each column of C against G (see the
 * module comment). The returned tensors belong to the caller's scope.
 */
export async function lassoPath(
  g: Tensor,
  c: Tensor,
  lambdas: readonly number[],
  o: LassoPathOptions,
): Promise<Tensor[]> {
  g.assertLive();
  c.assertLive();
  const p = g.shape[0];
  if (g.shape.length !== 2 || g.shape[1] !== p || c.shape.length !== 2 || c.shape[0] !== p)
    throw new Error(`lassoPath needs G [p, p] and C [p, q], got [${g.shape}] and [${c.shape}]`);
  if (lambdas.some((l, k) => !(l >= 0) || (k > 0 && l > lambdas[k - 1])))
    throw new Error(`lassoPath: λs must be ≥ 0 and descending, got ${lambdas.join(', ')}`);
  if (!(Number.isInteger(o.iterations) && o.iterations >= 1))
    throw new Error(`lassoPath: iterations must be a positive integer, got ${o.iterations}`);
  const top = o.maxEigenvalue ?? (await gramSpectrum(g, 1, { steps: Math.min(p, LANCZOS_STEPS) }))[0] ?? 0;
  const ctx = g.ctx;
  const q = c.shape[1];
  // G = 0 (every unit of A dead): nothing predicts anything, W stays 0 for every λ.
  const step = top > 0 ? 1 / (LIPSCHITZ_MARGIN * top) : 0;
  const momenta = fistaMomenta(o.iterations);
  const w = ctx.empty([p, q]);
  const y = ctx.empty([p, q]);
  ctx.write(w, new Float32Array(p * q));
  ctx.write(y, new Float32Array(p * q));
  try {
    return lambdas.map((lambda) => {
      // A warm start: momentum restarts from the last λ's solution (y = w).
      ctx.copy(w, y, p * q * 4);
      for (const [k, beta] of momenta.entries()) {
        ctx.scope(() => lassoStep(matmul(g, y), c, y, w, { step, threshold: (step * lambda) / 2, beta }));
        if ((k + 1) % STEPS_PER_SUBMIT === 0) ctx.flush();
      }
      const out = ctx.empty([p, q]);
      ctx.copy(w, out, p * q * 4);
      return out;
    });
  } finally {
    w.dispose();
    y.dispose();
  }
}
