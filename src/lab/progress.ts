import type { RunContext, RunEvent } from './experiment.ts';

export type ProgressEvent = Extract<RunEvent, { type: 'progress' }>;

/**
 * `step` of `total` units of work done and `examples` trained so far, on the run's own clock
 * (paused time excluded): examples per second and the time left, both at the rate so far.
 */
export function progressEvent(ctx: RunContext, step: number, total: number, examples: number): ProgressEvent {
  const seconds = ctx.elapsed();
  return {
    type: 'progress',
    step,
    total,
    examplesPerSecond: examples / Math.max(seconds, 1e-9),
    etaSeconds: step > 0 ? (seconds / step) * (total - step) : 0,
  };
}
