// The run's history for the step scrubber: every metric point and snapshot is stamped with the run
// clock when it arrives, and `runAt` cuts a run back to any earlier clock, so every view replays
// without knowing it is being replayed.
import type { Snapshot } from '../../lab/experiment.ts';
import type { RunRecord, Series } from '../history/types.ts';

/** Frames kept per snapshot name: a run of hours must not grow a stored record without bound. */
export const FRAME_LIMIT = 48; // plus the newest arrival

/** The run's clock: the optimizer step of its latest progress event (0 before the first). */
export function clockOf(run: RunRecord): number {
  return run.progress?.step ?? 0;
}

export function stampPoint(series: Series, at: number): void {
  (series.at ??= []).push(at);
}

/**
 * Adds a snapshot to its name's frames. Frames are kept at every `stride`-th arrival, plus the
 * newest as a provisional tail; when more than FRAME_LIMIT are kept, every other one goes and the
 * stride doubles. So the frames stay evenly spread over the whole run, whatever its length.
 */
export function addFrame(run: RunRecord, snapshot: Snapshot, at: number): void {
  const f = ((run.frames ??= {})[snapshot.name] ??= { at: [], snapshots: [], seen: 0, stride: 1, tail: false });
  const last = f.at.length - 1;
  if (last >= 0 && f.at[last] === at) {
    // Two snapshots of one name at one clock: only the later is reachable by the scrubber.
    f.snapshots[last] = snapshot;
    return;
  }
  if (f.tail) {
    f.at.pop();
    f.snapshots.pop();
  }
  f.tail = f.seen % f.stride !== 0;
  f.seen++;
  f.at.push(at);
  f.snapshots.push(snapshot);
  if (!f.tail && f.at.length > FRAME_LIMIT) {
    const keep = (_: unknown, i: number) => i % 2 === 0;
    f.at = f.at.filter(keep);
    f.snapshots = f.snapshots.filter(keep);
    f.stride *= 2;
    // The newest arrival was dropped if it sat at an odd position: keep it as the tail.
    if (f.snapshots[f.snapshots.length - 1] !== snapshot) {
      f.at.push(at);
      f.snapshots.push(snapshot);
      f.tail = true;
    }
  }
}

/** Number of leading entries of a nondecreasing array that are ≤ t. */
function countUpTo(a: readonly number[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function seriesAt(s: Series, t: number): Series {
  if (!s.at) return s;
  const n = countUpTo(s.at, t);
  return n === s.at.length ? s : { steps: s.steps.slice(0, n), values: s.values.slice(0, n), at: s.at.slice(0, n) };
}

/**
 * The run as it stood at clock t: series cut to the points that had arrived, each snapshot name at
 * its latest frame by then. Snapshots without frames (runs stored before frames existed) are kept,
 * since there is no knowing when they arrived.
 */
export function runAt(run: RunRecord, t: number): RunRecord {
  const metrics: Record<string, Series> = {};
  for (const [k, s] of Object.entries(run.metrics)) metrics[k] = seriesAt(s, t);
  const snapshots: Record<string, Snapshot> = {};
  for (const [k, s] of Object.entries(run.snapshots)) {
    const f = run.frames?.[k];
    if (!f) snapshots[k] = s;
    else {
      const n = countUpTo(f.at, t);
      if (n > 0) snapshots[k] = f.snapshots[n - 1];
    }
  }
  const progress = run.progress && { ...run.progress, step: Math.min(run.progress.step, t) };
  return { ...run, metrics, snapshots, progress };
}

/** The clocks at which anything a view draws changed, ascending and distinct: the scrubber's stops. */
export function stopsOf(run: RunRecord): number[] {
  const all = new Set<number>();
  for (const s of Object.values(run.metrics)) for (const a of s.at ?? []) all.add(a);
  for (const f of Object.values(run.frames ?? {})) for (const a of f.at) all.add(a);
  return [...all].sort((a, b) => a - b);
}
