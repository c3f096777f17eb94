/**
 * Event builders shared by the landscape runners. Landscapes travel as 'heatmap' snapshots that the
 * landscape views read by name (each runner's header lists its names and layouts); `heatmap` keeps
 * the literal name, so a runner's declaration can check it.
 */
import type { RunEvent, Snapshot } from '../../experiment.ts';

type SnapshotEvent<N extends string> = Extract<RunEvent<never, N>, { type: 'snapshot' }>;

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
