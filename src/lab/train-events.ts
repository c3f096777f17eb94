/**
 * The events a training loop sends every few steps, shared by the experiments that run their own
 * loop: one read of the GPU-side metric totals (never inside a step), then either the divergence
 * error or the window's loss and accuracy. Each is typed by the metric names it emits (none for
 * errors), so a runner typed by its declaration can yield them; progress is ctx.work's.
 */
import type { MetricAccumulator, MetricTotals } from '../gpu/kernels/metrics.ts';
import type { RunnerEvent } from './experiment.ts';

/** Steps between metric windows: about 60 windows a run, at most 25 steps apart. */
export const logEveryFor = (steps: number): number => Math.max(1, Math.min(25, Math.round(steps / 60)));

/** Warm-up of the attention experiments' cosine schedules: the first 10% of steps, at most 50. */
export const warmupFor = (steps: number): number => Math.min(50, Math.floor(steps / 10));

/** The last window's totals, or null after yielding the error of a run that diverged. */
export async function* readWindow(
  metrics: MetricAccumulator,
): AsyncGenerator<RunnerEvent<never, never>, MetricTotals | null> {
  const m = await metrics.read();
  if (m.divergedAt === null) return m;
  yield {
    type: 'error',
    kind: 'diverged',
    step: m.divergedAt,
    message: `Training diverged at step ${m.divergedAt}. Try a smaller learning rate.`,
  };
  return null;
}

/** The metrics of a training window: an experiment that logs windows declares both. */
type TrainWindowMetric = 'train/loss' | 'train/accuracy';

/** train/loss and train/accuracy at `step`; false when the run diverged (the error is sent). */
export async function* logTrainWindow(
  metrics: MetricAccumulator,
  step: number,
): AsyncGenerator<RunnerEvent<TrainWindowMetric, never>, boolean> {
  const m = yield* readWindow(metrics);
  if (!m) return false;
  yield { type: 'metric', name: 'train/loss', step, value: m.loss };
  yield { type: 'metric', name: 'train/accuracy', step, value: m.accuracy };
  return true;
}
