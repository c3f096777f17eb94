// Accuracy vs fraction kept per rule (the score, random, full pool), over the run's repeats:
// series `acc/<rule>/<repeat>` with the kept percentage as the step (data-diet.ts).
import type { RunRecord } from '../../history/types.ts';

export interface RuleCurve {
  rule: string;
  /** Kept percentages, ascending. */
  kept: number[];
  mean: number[];
  lo: number[];
  hi: number[];
  /** Repeats recorded at each kept percentage. */
  count: number[];
}

/** One curve per rule, mean and min–max over the repeats at each kept percentage. */
export function ruleCurves(run: RunRecord | null): RuleCurve[] {
  const byRule = new Map<string, Map<number, number[]>>();
  for (const [name, s] of Object.entries(run?.metrics ?? {})) {
    const m = /^acc\/([^/]+)\/\d+$/.exec(name);
    // A run cut by the scrubber keeps its series' names with no points yet.
    if (!m || s.steps.length === 0) continue;
    const points = byRule.get(m[1]) ?? new Map<number, number[]>();
    byRule.set(m[1], points);
    s.steps.forEach((k, i) => points.set(k, [...(points.get(k) ?? []), s.values[i]]));
  }
  return [...byRule].map(([rule, points]) => {
    const kept = [...points.keys()].sort((a, b) => a - b);
    const vs = kept.map((k) => points.get(k)!);
    return {
      rule,
      kept,
      mean: vs.map((v) => v.reduce((a, b) => a + b, 0) / v.length),
      lo: vs.map((v) => Math.min(...v)),
      hi: vs.map((v) => Math.max(...v)),
      count: vs.map((v) => v.length),
    };
  });
}
