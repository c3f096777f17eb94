/**
 * Event builders shared by the landscape runners. Landscapes travel as 'heatmap' snapshots that the
 * landscape views read by name (each runner's header lists its names and layouts); `heatmap` keeps
 * the literal name, so a runner's declaration can check it.
 */
import type { RunContext, RunEvent, Snapshot } from '../../experiment.ts';

type SnapshotEvent<N extends string> = Extract<RunEvent<never, N>, { type: 'snapshot' }>;
type ProgressEvent = Extract<RunEvent, { type: 'progress' }>;

export const heatmap = <N extends string>(
  name: N,
  shape: number[],
  data: ArrayLike<number>,
  step: number,
  labels?: string[],
): SnapshotEvent<N> => ({
  type: 'snapshot',
  snapshot: {
    kind: 'heatmap',
    name,
    step,
    shape,
    data: Float32Array.from(data),
    ...(labels ? { labels } : {}),
  } satisfies Snapshot<N>,
});

/** Progress after `step` of `total` units of work, `examples` examples processed so far. */
export function progress(ctx: RunContext, step: number, total: number, examples: number): ProgressEvent {
  const s = Math.max(ctx.elapsed(), 1e-9);
  return {
    type: 'progress',
    step,
    total,
    examplesPerSecond: examples / s,
    etaSeconds: step > 0 ? (s / step) * (total - step) : 0,
  };
}
