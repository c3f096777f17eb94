/**
 * Spatial attention maps of NHWC activations (DataDAM, Sajedi et al. 2023): per example and
 * position the mean over channels of |h|^p, divided by the example's L2 norm over positions, so
 * maps of layers and networks of any scale compare. The backward pass maps a gradient of the maps
 * to a gradient of h. See src/wgsl/spatial_attention.wgsl.
 */
import code from '../../wgsl/spatial_attention.wgsl?raw';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const program = programModule({
  name: 'spatial-attention',
  code,
  workgroupSize: 64,
  uniforms: { B: 'u32', S: 'u32', C: 'u32', p: 'u32' },
});
const poolProgram = program('pool', { h: 'read', a: 'read_write' }, 'u');
const normalizeProgram = program('normalize', { a: 'read_write', norms: 'read_write' }, 'u');
const dotProgram = program('dot', { a: 'read_write', g: 'read', dots: 'read_write' }, 'u');
const gradProgram = program(
  'grad',
  { h: 'read', a: 'read_write', norms: 'read_write', g: 'read', dots: 'read_write', gh: 'read_write' },
  'u',
);

export interface SpatialAttention {
  /** [B, H·W]: each example's map, unit L2 norm. */
  maps: Tensor;
  /** [B]: the norm each map was divided by (at least 1e-12), for the backward pass. */
  norms: Tensor;
}

function geometry(h: Tensor, p: number): { B: number; S: number; C: number; p: number } {
  h.assertLive();
  if (h.rank !== 4 || h.dtype !== 'f32')
    throw new Error(`spatialAttention takes f32 NHWC activations [B, H, W, C], got ${h.dtype} [${h.shape}]`);
  if (!(Number.isInteger(p) && p >= 1 && p <= 8))
    throw new Error(`spatialAttention: the exponent p must be an integer in 1…8, got ${p}`);
  const [B, H, W, C] = h.shape;
  return { B, S: H * W, C, p };
}

/** Attention maps of h [B, H, W, C] with exponent p. */
export function spatialAttention(h: Tensor, p: number): SpatialAttention {
  const u = geometry(h, p);
  const ctx = h.ctx;
  const maps = ctx.empty([u.B, u.S]);
  const norms = ctx.empty([u.B]);
  poolProgram.run(ctx, { bindings: { h, a: maps }, uniforms: u, threads: u.B * u.S });
  normalizeProgram.run(ctx, { bindings: { a: maps, norms }, uniforms: u, threads: u.B });
  return { maps, norms };
}

/** ∂L/∂h from ∂L/∂maps `g` [B, H·W], given h and its forward result. */
export function spatialAttentionGrad(h: Tensor, forward: SpatialAttention, g: Tensor, p: number): Tensor {
  const u = geometry(h, p);
  if (g.size !== u.B * u.S) throw new Error(`spatialAttentionGrad: gradient [${g.shape}] for maps [${u.B}, ${u.S}]`);
  const ctx = h.ctx;
  const gh = ctx.empty(h.shape);
  ctx.scope(() => {
    const dots = ctx.empty([u.B]);
    dotProgram.run(ctx, { bindings: { a: forward.maps, g, dots }, uniforms: u, threads: u.B });
    gradProgram.run(ctx, {
      bindings: { h, a: forward.maps, norms: forward.norms, g, dots, gh },
      uniforms: u,
      threads: h.size,
    });
  });
  return gh;
}
