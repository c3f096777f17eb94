/**
 * Infinite-width kernels of fully connected networks on the GPU: one layer of the NNGP/NTK
 * recursion at a time (src/wgsl/ntk.wgsl), so an experiment can read the kernels at every depth.
 * ReLU, erf and sin have closed forms (arc-cosine, arcsine, sinh/cosh); the others go by 2-D
 * Gauss–Hermite quadrature.
 */
import code from '../../wgsl/ntk.wgsl?raw';
import { grid } from '../grid.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { gaussHermite } from './gauss-hermite.ts';

export const NTK_ACTIVATIONS = ['relu', 'tanh', 'erf', 'sin', 'gelu'] as const;
export type NtkActivation = (typeof NTK_ACTIVATIONS)[number];

const CODES: Record<NtkActivation, number> = { relu: 1, tanh: 2, erf: 3, sin: 4, gelu: 5 };

/** Activations whose Gaussian expectations the kernel evaluates in closed form (quadrature 0). */
export const CLOSED_FORM: ReadonlySet<NtkActivation> = new Set(['relu', 'erf', 'sin']);

const layerProgram = defineProgram({
  name: 'ntk-layer',
  code,
  entry: 'layer',
  workgroupSize: 256,
  bindings: { sigma: 'read', theta: 'read', quad: 'read', sigmaOut: 'read_write', thetaOut: 'read_write' },
  uniforms: { n: 'u32', q: 'u32', sw2: 'f32', sb2: 'f32' },
  defines: ['ACT', 'CLOSED'],
});

export interface NtkLayerOptions {
  activation: NtkActivation;
  /** Weight and bias variances σ_w², σ_b². */
  sw2: number;
  sb2: number;
  /**
   * Gauss–Hermite nodes per dimension; 0 uses the closed form (ReLU, erf and sin only, and their
   * default). Cost per entry grows as q².
   */
  quadrature?: number;
}

/** Interleaved (node, weight) pairs for the kernel, cached per q. */
const quadCache = new Map<number, Float32Array>();
function quadPairs(q: number): Float32Array {
  let pairs = quadCache.get(q);
  if (!pairs) {
    const { nodes, weights } = gaussHermite(q);
    pairs = new Float32Array(2 * q);
    for (let k = 0; k < q; k++) pairs.set([nodes[k], weights[k]], 2 * k);
    quadCache.set(q, pairs);
  }
  return pairs;
}

/**
 * The next layer's NNGP kernel Σ' and NTK Θ' from this layer's Σ and Θ (n×n each, left as they
 * are). At the input, Σ = Θ = σ_w²·X·Xᵀ/d + σ_b².
 */
export function ntkLayer(sigma: Tensor, theta: Tensor, opts: NtkLayerOptions): { sigma: Tensor; theta: Tensor } {
  sigma.assertLive();
  theta.assertLive();
  const n = sigma.shape[0];
  if (sigma.shape.length !== 2 || sigma.shape[1] !== n || theta.shape.join() !== sigma.shape.join())
    throw new Error(`ntkLayer needs two n×n kernels, got [${sigma.shape}] and [${theta.shape}]`);
  const q = opts.quadrature ?? (CLOSED_FORM.has(opts.activation) ? 0 : 32);
  if (q === 0 && !CLOSED_FORM.has(opts.activation))
    throw new Error(`ntkLayer: ${opts.activation} has no closed form here`);
  const ctx = sigma.ctx;
  const sigmaOut = ctx.empty([n, n]);
  const thetaOut = ctx.empty([n, n]);
  ctx.scope(() => {
    // The closed form reads no quadrature: σ is bound in its place.
    const quad = q > 0 ? ctx.tensor(quadPairs(q)) : sigma;
    layerProgram.run(ctx, {
      bindings: { sigma, theta, quad, sigmaOut, thetaOut },
      uniforms: { n, q, sw2: opts.sw2, sb2: opts.sb2 },
      defines: { ACT: CODES[opts.activation], CLOSED: q === 0 ? 1 : 0 },
      workgroups: grid(n * n, 256),
    });
  });
  return { sigma: sigmaOut, theta: thetaOut };
}
