/**
 * Loss and accuracy at many points θ = base + α·u + β·v of a weight plane, in GPU-batched chunks
 * (one read-back per chunk).
 */
import { noGrad } from '../../gpu/autograd.ts';
import { softmaxCrossEntropy } from '../../gpu/kernels/softmax.ts';
import { accumulatePoint, planePoint } from '../../gpu/kernels/landscape.ts';
import type { Module } from '../../gpu/nn.ts';
import type { GpuSplit } from '../loader.ts';
import { evaluatePlaneMlp, planeMlpLayers, type Plane } from './plane-batched.ts';
import { paramsOf } from './params-io.ts';

/** Points evaluated per read-back: each costs one forward pass over the evaluation set. */
export const POINTS_PER_CHUNK = 64;

/**
 * Mean loss and accuracy of `model` on `split` at every θ = base + α·u + β·v of `coords`. An MLP
 * (see planeMlpLayers) takes the batched path of plane-batched.ts, which leaves its parameters
 * alone; any other model (or `batched: false`) is evaluated point by point, `batch` examples per
 * forward, with its parameters overwritten (restore them afterwards), results staying on the GPU
 * and read back once per chunk of POINTS_PER_CHUNK points.
 */
export async function evaluatePoints(
  model: Module,
  split: GpuSplit,
  plane: Plane,
  coords: ReadonlyArray<readonly [number, number]>,
  opts: { batch?: number; batched?: boolean; checkpoint?: () => Promise<void>; onChunk?: (done: number) => void } = {},
): Promise<{ loss: Float32Array; accuracy: Float32Array }> {
  const layers = opts.batched === false ? null : planeMlpLayers(model);
  if (layers) return evaluatePlaneMlp(layers, split, plane, coords, opts);
  const ctx = split.ctx;
  const params = paramsOf(model);
  const batch = Math.min(opts.batch ?? 500, split.count);
  const loss = new Float32Array(coords.length);
  const accuracy = new Float32Array(coords.length);
  const order = split.order(null).keep();
  const results = ctx.empty([2 * POINTS_PER_CHUNK]).keep();
  try {
    for (let start = 0; start < coords.length; start += POINTS_PER_CHUNK) {
      await opts.checkpoint?.();
      const count = Math.min(POINTS_PER_CHUNK, coords.length - start);
      for (let k = 0; k < count; k++) {
        const [a, b] = coords[start + k];
        params.forEach((p, i) => planePoint(p, plane.base[i], plane.u[i], plane.v[i], a, b));
        for (let offset = 0; offset < split.count; offset += batch) {
          ctx.scope(() =>
            noGrad(ctx, () => {
              const bt = split.batch(order, offset, Math.min(batch, split.count - offset));
              const ce = softmaxCrossEntropy(model.forward(bt.x), bt.y);
              accumulatePoint(results, ce.perExample, ce.correct, k, offset === 0);
            }),
          );
        }
        ctx.flush();
      }
      const r = (await results.read()) as Float32Array;
      for (let k = 0; k < count; k++) {
        loss[start + k] = r[2 * k] / split.count;
        accuracy[start + k] = r[2 * k + 1] / split.count;
      }
      opts.onChunk?.(start + count);
    }
    return { loss, accuracy };
  } finally {
    order.dispose();
    results.dispose();
  }
}
