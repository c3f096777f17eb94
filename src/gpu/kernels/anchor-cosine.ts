/**
 * Cosine similarity of every latent row to every anchor row (anchor_cosine.wgsl): the relative
 * representation of Moschella et al. (2209.15430). z is [B, D], anchors [K, D], sim [B, K]. The
 * inverse row norms of the forward pass are kept for the backward pass.
 */
import code from '../../wgsl/anchor_cosine.wgsl?raw';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const anchorCosine = programModule({
  name: 'anchor-cosine',
  code,
  workgroupSize: 64,
  uniforms: { B: 'u32', K: 'u32', D: 'u32', which: 'u32' },
});
const invNormsProgram = anchorCosine('inv_norms', { rows: 'read', inv: 'read_write' });
const cosineProgram = anchorCosine('cosine', {
  z: 'read',
  a: 'read',
  inv_z: 'read',
  inv_a: 'read',
  sim: 'read_write',
});
const gradProgram = anchorCosine('grad_rows', {
  z: 'read',
  a: 'read',
  inv_z: 'read',
  inv_a: 'read',
  sim_in: 'read',
  g: 'read',
  grad: 'read_write',
});

export interface AnchorCosine {
  /** [B, K]: cos(z_b, a_k). */
  sim: Tensor;
  /** [B] and [K]: 1/‖row‖ (rows of norm below 1e-6 count as 1e-6). */
  invZ: Tensor;
  invA: Tensor;
}

function dims(z: Tensor, a: Tensor): { B: number; K: number; D: number } {
  for (const t of [z, a]) {
    t.assertLive();
    if (t.dtype !== 'f32' || t.rank !== 2)
      throw new Error(`anchorCosine takes f32 [rows, D] tensors, got ${t.dtype} [${t.shape}]`);
  }
  if (z.shape[1] !== a.shape[1])
    throw new Error(`anchorCosine: latent [${z.shape}] and anchors [${a.shape}] differ in D`);
  return { B: z.shape[0], K: a.shape[0], D: z.shape[1] };
}

/** [rows]: 1/‖row‖ of a [rows, D] tensor (norms below 1e-6 count as 1e-6). */
export function inverseRowNorms(x: Tensor): Tensor {
  x.assertLive();
  if (x.dtype !== 'f32' || x.rank !== 2)
    throw new Error(`inverseRowNorms takes an f32 [rows, D] tensor, got ${x.dtype} [${x.shape}]`);
  const inv = x.ctx.empty([x.shape[0]]);
  invNormsProgram.run(x.ctx, {
    bindings: { rows: x, inv },
    uniforms: { B: x.shape[0], K: 0, D: x.shape[1], which: 0 },
    threads: x.shape[0],
  });
  return inv;
}

export function anchorCosineForward(z: Tensor, a: Tensor): AnchorCosine {
  const { B, K, D } = dims(z, a);
  const invZ = inverseRowNorms(z);
  const invA = inverseRowNorms(a);
  const sim = z.ctx.empty([B, K]);
  cosineProgram.run(z.ctx, {
    bindings: { z, a, inv_z: invZ, inv_a: invA, sim },
    uniforms: { B, K, D, which: 0 },
    threads: B * K,
  });
  return { sim, invZ, invA };
}

/** ∂L/∂z ('latent') or ∂L/∂anchors ('anchors') from g = ∂L/∂sim [B, K]. */
export function anchorCosineBackward(
  z: Tensor,
  a: Tensor,
  f: AnchorCosine,
  g: Tensor,
  wrt: 'latent' | 'anchors',
): Tensor {
  const { B, K, D } = dims(z, a);
  if (g.size !== B * K) throw new Error(`anchorCosineBackward: gradient [${g.shape}] is not [${B}, ${K}]`);
  const ctx = z.ctx;
  const out = ctx.empty(wrt === 'latent' ? z.shape : a.shape);
  gradProgram.run(ctx, {
    bindings: { z, a, inv_z: f.invZ, inv_a: f.invA, sim_in: f.sim, g, grad: out },
    uniforms: { B, K, D, which: wrt === 'latent' ? 0 : 1 },
    threads: out.size,
  });
  return out;
}
