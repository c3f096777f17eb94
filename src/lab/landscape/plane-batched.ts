/**
 * The fast path of evaluatePoints for MLPs: many points θ_p = base + α_p·u + β_p·v of a weight
 * plane evaluated together instead of one full forward each. Everything linear in θ is a
 * combination of three stacked terms with coefficients c_p = (1, α_p, β_p):
 *   - the first layer's pre-activations X·W1(θ_p) + b1(θ_p) = c_p · [X·W1 + b1, X·U1 + u_b1, X·V1 + v_b1],
 *     whose three [N, h] terms are computed ONCE per plane; a chunk's P points then cost one
 *     [P, 3]·[3, N·h] combination instead of P matmuls over the input width (most of an MLP's work);
 *   - later layers' weights and biases per point, c_p · [W, U, V], followed by one batched matmul
 *     [P, N, in]·[P, in, out] and a per-point bias;
 *   - the output layer fused with its cross-entropy (pointHead), which for a one-hidden-layer net
 *     also forms the hidden activations on the fly from the first layer's terms.
 * Per-point sums stay on the GPU: one read-back per chunk of points.
 */
import type { GpuContext } from '../../gpu/context.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import { add } from '../../gpu/kernels/elementwise.ts';
import { matmul } from '../../gpu/kernels/matmul.ts';
import { planeCombine, pointBiasActivation, pointHead, type HeadInput } from '../../gpu/kernels/plane-batch.ts';
import { sum } from '../../gpu/kernels/reduce.ts';
import { Linear, Sequential, type Module } from '../../gpu/nn.ts';
import type { GpuSplit } from '../loader.ts';

/**
 * Floats in the largest tensor of a chunk ([P, rows, width] hidden activations or [P, in, out]
 * weights): 64 MB. The first layer's terms, 3·N·width floats, are held for the whole plane.
 */
export const CHUNK_FLOATS = 2 ** 24;
/** Examples per row block: the evaluation set is split into equal blocks of at most this many. */
const MAX_ROWS = 8192;
/** Points per read-back at most (small nets would otherwise take the whole plane in one chunk). */
const MAX_POINTS = 256;

export interface Plane {
  base: Tensor[];
  u: Tensor[];
  v: Tensor[];
}

/**
 * The layers of `model` when the batched path can evaluate it: a Sequential of two or more unmasked
 * Linear layers (one layer alone is cheap on the general path).
 */
export function planeMlpLayers(model: Module): Linear[] | null {
  if (!(model instanceof Sequential) || model.layers.length < 2) return null;
  const layers: Linear[] = [];
  for (const l of model.layers) {
    if (!(l instanceof Linear) || l.mask !== null) return null;
    layers.push(l);
  }
  return layers;
}

/** How a plane is cut: examples per row block and points per chunk. */
export function planeChunking(layers: Linear[], examples: number): { rows: number; points: number } {
  const rows = Math.ceil(examples / Math.ceil(examples / MAX_ROWS));
  // Hidden activations are stored for deep nets only (pointHead forms a single hidden layer on the fly).
  const widest = layers.length > 2 ? Math.max(...layers.slice(0, -1).map((l) => l.outFeatures)) : 1;
  const weights = Math.max(0, ...layers.slice(1).map((l) => l.inFeatures * l.outFeatures));
  const points = Math.floor(CHUNK_FLOATS / Math.max(rows * widest, weights));
  return { rows, points: Math.max(1, Math.min(MAX_POINTS, points)) };
}

/** [3, size] stack of the tensors at `index` of base, u and v (zeros where index is null). */
function stackOf(ctx: GpuContext, plane: Plane, index: number | null, size: number): Tensor {
  if (index === null) return ctx.tensor(new Float32Array(3 * size), [3, size]);
  const out = ctx.empty([3, size]);
  [plane.base, plane.u, plane.v].forEach((list, k) => ctx.copy(list[index], out, 4 * size, 0, 4 * k * size));
  return out;
}

/**
 * Mean loss and accuracy of the MLP `layers` on `split` at every θ = base + α·u + β·v of `coords`
 * (plane lists ordered like the model's parameters). The model's own parameters are not touched.
 */
export async function evaluatePlaneMlp(
  layers: Linear[],
  split: GpuSplit,
  plane: Plane,
  coords: ReadonlyArray<readonly [number, number]>,
  opts: {
    checkpoint?: () => Promise<void>;
    onChunk?: (done: number) => void;
    /** Overrides planeChunking (tests cover several blocks and a partial chunk on a small set). */
    chunking?: { rows: number; points: number };
  } = {},
): Promise<{ loss: Float32Array; accuracy: Float32Array }> {
  const ctx = split.ctx;
  const N = split.count;
  let next = 0;
  const index = layers.map((l) => ({ weight: next++, bias: l.bias ? next++ : null }));
  for (const list of [plane.base, plane.u, plane.v]) {
    if (list.length !== next)
      throw new Error(`plane directions have ${list.length} tensors, the MLP ${next} parameters`);
  }
  const { rows, points } = opts.chunking ?? planeChunking(layers, N);
  const loss = new Float32Array(coords.length);
  const accuracy = new Float32Array(coords.length);
  const kept: Tensor[] = [];
  const keep = (t: Tensor): Tensor => {
    kept.push(t.keep());
    return t;
  };
  try {
    const first = layers[0];
    const order = keep(split.order(null));
    // The first layer's three terms for each block of examples, and the block's labels.
    const blocks: Array<{ z: Tensor; labels: Tensor; rows: number }> = [];
    for (let offset = 0; offset < N; offset += rows) {
      const size = Math.min(rows, N - offset);
      ctx.scope(() => {
        const b = split.batch(order, offset, size);
        const z = keep(ctx.empty([3, size * first.outFeatures]));
        [plane.base, plane.u, plane.v].forEach((list, k) => {
          const bias = index[0].bias === null ? null : list[index[0].bias];
          const zk = matmul(b.x, list[index[0].weight], { bias });
          ctx.copy(zk, z, zk.bytes, 0, k * zk.bytes);
        });
        blocks.push({ z, labels: keep(b.y), rows: size });
      });
      ctx.flush();
    }
    const later = layers.slice(1).map((l, i) => ({
      layer: l,
      weight: keep(stackOf(ctx, plane, index[i + 1].weight, l.inFeatures * l.outFeatures)),
      bias: keep(stackOf(ctx, plane, index[i + 1].bias, l.outFeatures)),
    }));
    const results = keep(ctx.empty([2 * points]));
    for (let start = 0; start < coords.length; start += points) {
      await opts.checkpoint?.();
      const P = Math.min(points, coords.length - start);
      const c = new Float32Array(3 * P);
      for (let k = 0; k < P; k++) c.set([1, ...coords[start + k]], 3 * k);
      ctx.scope(() => {
        const coefs = ctx.tensor(c, [P, 3]);
        const params = later.map((s) => ({
          weight: planeCombine(coefs, s.weight, [P, s.layer.inFeatures, s.layer.outFeatures]),
          bias: planeCombine(coefs, s.bias, [P, s.layer.outFeatures]),
        }));
        let totals: Tensor[] | null = null;
        for (const blk of blocks) {
          const prev: Tensor[] | null = totals;
          totals = ctx.scope(() => {
            const out = later.length - 1;
            let input: HeadInput = { stack: blk.z, activation: first.activation };
            if (out > 0) {
              let h = planeCombine(coefs, blk.z, [P, blk.rows, first.outFeatures], first.activation);
              for (let i = 0; i < out; i++)
                h = pointBiasActivation(matmul(h, params[i].weight), params[i].bias, later[i].layer.activation);
              input = { hidden: h };
            }
            const ce = pointHead(
              input,
              coefs,
              params[out].weight,
              params[out].bias,
              blk.labels,
              later[out].layer.activation,
            );
            const sums = [sum(ce.perExample, 1), sum(ce.correct, 1)];
            return prev ? [add(prev[0], sums[0]), add(prev[1], sums[1])] : sums;
          });
          // Submitting per block lets the next block reuse this one's freed activations.
          ctx.flush();
        }
        ctx.copy(totals![0], results, 4 * P, 0, 0);
        ctx.copy(totals![1], results, 4 * P, 0, 4 * P);
      });
      const r = (await results.read()) as Float32Array;
      for (let k = 0; k < P; k++) {
        loss[start + k] = r[k] / N;
        accuracy[start + k] = r[P + k] / N;
      }
      opts.onChunk?.(start + P);
    }
    return { loss, accuracy };
  } finally {
    kept.forEach((t) => t.dispose());
  }
}
