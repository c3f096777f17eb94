/** Straight lines between two weight vectors: the loss and error along them, and their barrier. */
import type { Module } from '../../gpu/nn.ts';
import type { GpuSplit } from '../loader.ts';
import { evaluatePoints } from './evaluate-points.ts';
import { disposeAll, paramsOf, uploadLike, zerosLike } from './params-io.ts';
import { diff } from './plane.ts';

/**
 * Barrier along a path sampled evenly at α = 0 … 1: the largest rise of the values above the
 * straight line between the two endpoints, max_α [f(α) − ((1 − α)·f(0) + α·f(1))] (Frankle et
 * al. 2020 use the peak minus the endpoints' mean; with endpoints of equal error, as for two
 * trained runs, the two agree, and this one is also 0 on a monotone init→trained line).
 */
export function barrier(values: ArrayLike<number>): number {
  const n = values.length;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const a = n === 1 ? 0 : i / (n - 1);
    worst = Math.max(worst, values[i] - ((1 - a) * values[0] + a * values[n - 1]));
  }
  return worst;
}

/** Loss and error along the straight line from flat checkpoint `a` to `b` at the given α. */
export async function interpolate(
  model: Module,
  split: GpuSplit,
  a: Float32Array,
  b: Float32Array,
  alphas: number[],
  opts: { checkpoint?: () => Promise<void>; onChunk?: (done: number) => void } = {},
): Promise<{ loss: Float32Array; error: Float32Array }> {
  const params = paramsOf(model);
  const base = uploadLike(params, a);
  const u = uploadLike(params, diff(b, a));
  const zero = zerosLike(params);
  try {
    const r = await evaluatePoints(
      model,
      split,
      { base, u, v: zero },
      alphas.map((x) => [x, 0] as const),
      opts,
    );
    return { loss: r.loss, error: r.accuracy.map((x) => 1 - x) };
  } finally {
    [base, u, zero].forEach(disposeAll);
  }
}
