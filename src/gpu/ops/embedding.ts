/** Differentiable embeddings, positions and patch embedding; layouts as in kernels/embedding.ts. */
import { record } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import * as K from '../kernels/embedding.ts';
import { matmulOp } from './linear.ts';
import { add } from './elementwise.ts';

/** table [V, d] looked up at u32 ids → [...ids.shape, d]; only the table gets a gradient. */
export function embedding(table: Tensor, ids: Tensor): Tensor {
  return record(K.embeddingLookup(table, ids), [table], (g) => [K.embeddingGrad(g, ids, table.shape[0])]);
}

/** x [..., T, d] + table[t] for t < T, table [Tmax, d] (learned or fixed). */
export function addPositions(x: Tensor, table: Tensor): Tensor {
  return record(K.addPositions(x, table), [x, table], (g) => [
    g,
    table.requiresGrad ? K.positionsGrad(g, table) : null,
  ]);
}

/** Images [B, H·W·C] (HWC) → patches [B, (H/P)·(W/P), P·P·C]. */
export function toPatches(images: Tensor, geometry: K.PatchGeometry): Tensor {
  return record(K.toPatches(images, geometry), [images], (g) => [K.fromPatches(g, geometry)]);
}

/**
 * Patches projected to d features: toPatches(images)·weight + bias, weight [P·P·C, d], bias [d];
 * an optional 0/1 mask shaped like the weight prunes it.
 */
export function patchEmbedding(
  images: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  geometry: K.PatchGeometry,
  mask: Tensor | null = null,
): Tensor {
  const y = matmulOp(toPatches(images, geometry), weight, { mask });
  return bias ? add(y, bias) : y;
}
