/**
 * Token embeddings, position tables and image patches (see embedding.wgsl, patches.wgsl).
 *
 * Token embedding: table [V, d], ids u32 of any shape → [...ids.shape, d]; an id ≥ V gives a zero
 * row and no gradient. Positions: x [..., T, d] plus the first T rows of a table [Tmax, d].
 * Patches: images [B, H·W·C] stored HWC → [B, (H/P)·(W/P), P·P·C], patches row-major over the
 * grid, each flattened as (dy, dx, c); H and W must be multiples of P.
 */
import code from '../../wgsl/embedding.wgsl?raw';
import patchCode from '../../wgsl/patches.wgsl?raw';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const WG = 64;

// The entries share binding numbers (embedding.wgsl), so each names its own uniform variable.
const embeddingProgram = programModule({
  name: 'embedding',
  code,
  workgroupSize: WG,
  uniforms: { n: 'u32', d: 'u32', T: 'u32', V: 'u32', rows: 'u32' },
});
const lookupProgram = embeddingProgram('lookup', { src: 'read', ids: 'read', out: 'read_write' }, 'p3');
const lookupGradProgram = embeddingProgram('lookup_grad', { src: 'read', ids: 'read', out: 'read_write' }, 'p3');
const addPositionsProgram = embeddingProgram('add_positions', { src: 'read', pos: 'read', out: 'read_write' }, 'p3');
const positionsGradProgram = embeddingProgram('positions_grad', { src: 'read', dst: 'read_write' }, 'p2');
const patchProgram = programModule({
  name: 'patches',
  code: patchCode,
  workgroupSize: WG,
  uniforms: { n: 'u32', H: 'u32', W: 'u32', C: 'u32', P: 'u32' },
});
const toPatchesProgram = patchProgram('to_patches', { src: 'read', dst: 'read_write' });
const toImageProgram = patchProgram('to_image', { src: 'read', dst: 'read_write' });

function checkTable(table: Tensor, ids: Tensor): { V: number; d: number } {
  table.assertLive();
  ids.assertLive();
  if (table.rank !== 2 || table.dtype !== 'f32')
    throw new Error(`embedding table must be f32 [V, d], got ${table.dtype} [${table.shape}]`);
  if (ids.dtype !== 'u32') throw new Error(`embedding ids must be u32, got ${ids.dtype}`);
  return { V: table.shape[0], d: table.shape[1] };
}

export function embeddingLookup(table: Tensor, ids: Tensor): Tensor {
  const { V, d } = checkTable(table, ids);
  const out = table.ctx.empty([...ids.shape, d]);
  lookupProgram.run(table.ctx, {
    bindings: { src: table, ids, out },
    uniforms: { n: out.size, d, T: 0, V, rows: ids.size },
    threads: out.size,
  });
  return out;
}

/** Gradient of the table [V, d] from the output gradient [...ids.shape, d]. */
export function embeddingGrad(g: Tensor, ids: Tensor, V: number): Tensor {
  const d = g.shape[g.rank - 1];
  if (g.size !== ids.size * d)
    throw new Error(`embeddingGrad: gradient [${g.shape}] does not match ids [${ids.shape}]`);
  const out = g.ctx.empty([V, d]);
  lookupGradProgram.run(g.ctx, {
    bindings: { src: g, ids, out },
    uniforms: { n: out.size, d, T: 0, V, rows: ids.size },
    threads: out.size,
  });
  return out;
}

function positionGeometry(x: Tensor, table: Tensor): { T: number; d: number } {
  const [T, d] = x.shape.slice(-2);
  if (x.rank < 2 || table.rank !== 2 || table.shape[1] !== d || table.shape[0] < T) {
    throw new Error(`positions: x [${x.shape}] needs a table [≥ ${T}, ${d}], got [${table.shape}]`);
  }
  return { T, d };
}

/** x [..., T, d] + table[t] for t < T. */
export function addPositions(x: Tensor, table: Tensor): Tensor {
  const { T, d } = positionGeometry(x, table);
  const out = x.ctx.empty(x.shape);
  addPositionsProgram.run(x.ctx, {
    bindings: { src: x, pos: table, out },
    uniforms: { n: x.size, d, T, V: table.shape[0], rows: 0 },
    threads: x.size,
  });
  return out;
}

/** Gradient of the position table [Tmax, d] from the output gradient [..., T, d]. */
export function positionsGrad(g: Tensor, table: Tensor): Tensor {
  const { T, d } = positionGeometry(g, table);
  const out = g.ctx.empty(table.shape);
  positionsGradProgram.run(g.ctx, {
    bindings: { src: g, dst: out },
    uniforms: { n: out.size, d, T, V: table.shape[0], rows: g.size / (T * d) },
    threads: out.size,
  });
  return out;
}

export interface PatchGeometry {
  H: number;
  W: number;
  C: number;
  /** Patch side. */
  P: number;
}

export function patchShape(B: number, g: PatchGeometry): [number, number, number] {
  if (g.H % g.P !== 0 || g.W % g.P !== 0)
    throw new Error(`patches: ${g.H}×${g.W} images do not split into ${g.P}×${g.P} patches`);
  return [B, (g.H / g.P) * (g.W / g.P), g.P * g.P * g.C];
}

function movePatches(src: Tensor, outShape: number[], g: PatchGeometry, program: typeof toPatchesProgram): Tensor {
  src.assertLive();
  const out = src.ctx.empty(outShape);
  if (out.size !== src.size) throw new Error(`patches: [${src.shape}] does not hold ${out.size} values`);
  program.run(src.ctx, {
    bindings: { src, dst: out },
    uniforms: { n: out.size, H: g.H, W: g.W, C: g.C, P: g.P },
    threads: out.size,
  });
  return out;
}

/** Images [B, H·W·C] (HWC) → patches [B, patches, P·P·C]. */
export function toPatches(images: Tensor, g: PatchGeometry): Tensor {
  if (images.rank !== 2 || images.shape[1] !== g.H * g.W * g.C)
    throw new Error(`patches: images [${images.shape}] must be [B, ${g.H * g.W * g.C}]`);
  return movePatches(images, patchShape(images.shape[0], g), g, toPatchesProgram);
}

/** The inverse of toPatches (and its gradient): patches [B, patches, P·P·C] → [B, H·W·C]. */
export function fromPatches(patches: Tensor, g: PatchGeometry): Tensor {
  return movePatches(patches, [patches.shape[0], g.H * g.W * g.C], g, toImageProgram);
}
