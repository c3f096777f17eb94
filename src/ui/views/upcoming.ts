// When the current span of a run's work (e.g. "round 1") ends, in words: for the progress bar and
// for views that are empty until then.
import type { Progress } from '../history/types.ts';
import { duration, units } from '../format.ts';

/** Seconds until `step`, at the measured rate; null while the rate is being estimated. */
function secondsUntil(p: Progress, step: number): number | null {
  if (p.etaSeconds === null || p.total <= p.step) return null;
  return (p.etaSeconds * (step - p.step)) / (p.total - p.step);
}

/** "after round 1 (in 1,200 steps, ~40 s at the current rate)", or null when the run names no next milestone. */
export function upcoming(p: Progress | null | undefined): string | null {
  if (!p?.next || p.next.step <= p.step) return null;
  const left = units(p.next.step - p.step, p.next.unit ?? p.unit);
  const s = secondsUntil(p, p.next.step);
  return `after ${p.next.label} (in ${left}${s === null ? '' : `, ~${duration(s)} at the current rate`})`;
}
