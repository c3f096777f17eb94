/**
 * Patch kernels of 1-D inputs on the GPU (src/wgsl/patch_kernel.wgsl): the average over the d
 * periodic patches of size s of a Laplace or Matérn-3/2 kernel, K(x, y) = (1/P)·Σ_p k(‖x_p − y_p‖/ℓ)
 * — the kernel of a one-hidden-layer locally connected network (Favero et al. 2021). s = d is the
 * global (fully connected) kernel. Also random-feature samples of the Gaussian random field with
 * that covariance, the teachers of the teacher–student experiments. Reference: patch-kernel.ref.ts.
 */
import code from '../../wgsl/patch_kernel.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { grid } from '../grid.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { randomNormal } from './random.ts';

export const PATCH_BASES = ['laplace', 'matern32'] as const;
export type PatchBase = (typeof PATCH_BASES)[number];

/** The WGSL's private array of squared coordinate differences. */
export const PATCH_MAX_D = 64;
/** Standard normals each random feature reads besides its s for g: three for χ²_ν, then a and a′. */
const EXTRA = 5;

const UNIFORMS = {
  n: 'u32',
  m: 'u32',
  d: 'u32',
  s: 'u32',
  patches: 'u32',
  ld: 'u32',
  inv_len: 'f32',
  shift: 'f32',
  base: 'u32',
} as const;

const gramProgram = defineProgram({
  name: 'patch-kernel-gram',
  code,
  entry: 'gram',
  workgroupSize: [16, 16],
  bindings: { a: 'read', b: 'read', out: 'read_write' },
  uniforms: UNIFORMS,
});
const fieldProgram = defineProgram({
  name: 'patch-kernel-field',
  code,
  entry: 'field',
  workgroupSize: 64,
  bindings: { a: 'read', z: 'read', out: 'read_write' },
  uniforms: UNIFORMS,
});

export interface PatchKernelOptions {
  /** Patch size s, 1 ≤ s ≤ d; s = d is the global kernel. */
  patch: number;
  /** Length scale ℓ of the base kernel. */
  lengthScale: number;
  base: PatchBase;
}

/** d patches, or one when s = d (all d periodic windows would hold every coordinate). */
export const patchCount = (d: number, s: number) => (s === d ? 1 : d);

function points(t: Tensor, what: string): [number, number] {
  t.assertLive();
  if (t.dtype !== 'f32' || t.shape.length !== 2) throw new Error(`${what} needs f32 points [n, d], got [${t.shape}]`);
  return [t.shape[0], t.shape[1]];
}

function checkPatch(d: number, o: PatchKernelOptions, what: string): void {
  if (d < 1 || d > PATCH_MAX_D) throw new Error(`${what}: input dimension ${d} outside 1…${PATCH_MAX_D}`);
  if (!Number.isInteger(o.patch) || o.patch < 1 || o.patch > d)
    throw new Error(`${what}: patch size ${o.patch} must be an integer in 1…${d}`);
  if (!(o.lengthScale > 0)) throw new Error(`${what}: length scale ${o.lengthScale} must be > 0`);
}

function uniforms(n: number, m: number, d: number, o: PatchKernelOptions, ld = 0, shift = 0) {
  return {
    n,
    m,
    d,
    s: o.patch,
    patches: patchCount(d, o.patch),
    ld,
    inv_len: 1 / o.lengthScale,
    shift,
    base: PATCH_BASES.indexOf(o.base),
  };
}

export interface PatchGramOptions extends PatchKernelOptions {
  /**
   * Write into this f32 buffer with row stride `ld` (the top-left n×m block of a larger matrix;
   * the rest is left as it is) instead of a new n×m tensor.
   */
  into?: { out: Tensor; ld: number };
  /** Added on the diagonal i = j (a jitter, when a and b are the same points). */
  shift?: number;
}

/** The cross Gram K(a, b) of n points a [n, d] and m points b [m, d]: [n, m], or written `into`. */
export function patchGram(a: Tensor, b: Tensor, opts: PatchGramOptions): Tensor {
  const [n, d] = points(a, 'patchGram');
  const [m, db] = points(b, 'patchGram');
  if (db !== d) throw new Error(`patchGram: points of dimension ${d} and ${db}`);
  checkPatch(d, opts, 'patchGram');
  const ld = opts.into?.ld ?? m;
  const out = opts.into?.out ?? a.ctx.empty([n, m]);
  if (ld < m || out.size < (n - 1) * ld + m)
    throw new Error(`patchGram: [${out.shape}] with stride ${ld} cannot hold ${n}×${m}`);
  gramProgram.run(a.ctx, {
    bindings: { a, b, out },
    uniforms: uniforms(n, m, d, opts, ld, opts.shift ?? 0),
    workgroups: [Math.ceil(m / 16), Math.ceil(n / 16)],
  });
  return out;
}

/** Standard normals per random feature of a field with patch size s. */
export const fieldNormalsPerFeature = (s: number) => s + EXTRA;

/**
 * One sample of the zero-mean Gaussian random field with covariance K (patch size s, as
 * patchGram) at the points x [n, d], by F random Fourier features per patch: [n]. `z` holds the
 * features' standard normals, [P·F·(s + 5)] (fieldNormals draws them); the same z gives the same
 * function at any points.
 */
export function patchField(x: Tensor, z: Tensor, features: number, opts: PatchKernelOptions): Tensor {
  const [n, d] = points(x, 'patchField');
  checkPatch(d, opts, 'patchField');
  const need = patchCount(d, opts.patch) * features * fieldNormalsPerFeature(opts.patch);
  if (z.size !== need) throw new Error(`patchField: ${features} features need ${need} normals, got ${z.size}`);
  const out = x.ctx.empty([n]);
  fieldProgram.run(x.ctx, {
    bindings: { a: x, z, out },
    uniforms: uniforms(n, features, d, opts),
    workgroups: grid(n, 64),
  });
  return out;
}

/** The standard normals of one random field (Philox stream `stream` of `seed`). */
export function fieldNormals(
  ctx: GpuContext,
  d: number,
  patch: number,
  features: number,
  id: { seed: number; stream: number },
): Tensor {
  const count = patchCount(d, patch) * features * fieldNormalsPerFeature(patch);
  return randomNormal(ctx, [count], id);
}
