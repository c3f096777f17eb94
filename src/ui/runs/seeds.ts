// Seed groups: runs with the same experiment and parameters, differing only in seed, summarized per
// step as a mean with a min–max band.
import type { RunSpec } from '../../lab/experiment.ts';
import type { Series } from '../history/types.ts';
import { groupBy } from './naming.ts';

/** Experiment and parameters, keys sorted: equal for runs that differ only in seed. */
function settingsKey(spec: RunSpec): string {
  const params = Object.keys(spec.params)
    .sort()
    .map((k) => [k, spec.params[k]]);
  return JSON.stringify([spec.experiment, params]);
}

/** Runs grouped by settings, groups in the order of their first run. */
export function seedGroups<R extends { spec: RunSpec }>(runs: readonly R[]): R[][] {
  return [...groupBy(runs, (r) => settingsKey(r.spec)).values()];
}

export interface Band {
  steps: number[];
  mean: number[];
  lo: number[];
  hi: number[];
}

/**
 * Mean, min and max across series at every step that all of them recorded (a series that logged a
 * step twice counts its later value). A NaN anywhere at a step makes that step's values NaN: a
 * diverged seed is not averaged away.
 */
export function bandOf(series: readonly Series[]): Band {
  const out: Band = { steps: [], mean: [], lo: [], hi: [] };
  if (series.length === 0) return out;
  const byStep = series.map((s) => new Map(s.steps.map((step, i) => [step, s.values[i]])));
  for (const step of byStep[0].keys()) {
    const vs = byStep.map((m) => m.get(step));
    if (vs.some((v) => v === undefined)) continue;
    const xs = vs as number[];
    out.steps.push(step);
    out.mean.push(xs.reduce((a, b) => a + b, 0) / xs.length);
    out.lo.push(Math.min(...xs));
    out.hi.push(Math.max(...xs));
  }
  return out;
}
