// What a run's progress says about the time ahead, in words: the units of work, the time left,
// and when the current span of work (e.g. "round 1") ends — for the progress bar and for views
// that are empty until then.
import type { Progress } from '../history/types.ts';
import { count } from '../format.ts';

/** "1 step", "1,200 steps", "441 grid points", "900 steps + grid points" (units are singular in the event). */
export function units(n: number, unit = 'step'): string {
  const name = n === 1 ? unit : unit.replace(/([a-z])(?= \+ |$)/g, '$1s');
  return `${count(n)} ${name}`;
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** Seconds until `step`, at the measured rate; null while the rate is being estimated. */
function secondsUntil(p: Progress, step: number): number | null {
  if (p.etaSeconds === null || p.total <= p.step) return null;
  return (p.etaSeconds * (step - p.step)) / (p.total - p.step);
}

/** "after round 1 (in 1,200 steps, ~40 s at the current rate)", or null when the run names no next milestone. */
export function upcoming(p: Progress | null | undefined): string | null {
  if (!p?.next || p.next.step <= p.step) return null;
  const left = units(p.next.step - p.step, p.unit);
  const s = secondsUntil(p, p.next.step);
  return `after ${p.next.label} (in ${left}${s === null ? '' : `, ~${duration(s)} at the current rate`})`;
}
