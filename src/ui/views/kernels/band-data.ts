// What the bandlimited views read of a run (src/lab/experiments/kernels/bandlimited.ts): the bounds
// A, the error-vs-width series per A, and one colour per A shared by the three figures.
import type { RunRecord } from '../../history/types.ts';
import { indexColor } from '../../charts/series-colors.ts';

export interface BoundSeries {
  bound: number;
  label: string;
  color: string;
  widths: readonly number[];
  errors: readonly number[];
}

/** The run's bounds A, ascending, as the experiment declares them. */
export function boundsOf(run: RunRecord | null): number[] {
  const bounds = run?.spec.params.bounds;
  return Array.isArray(bounds) ? [...new Set(bounds)].sort((a, b) => a - b) : [];
}

/** Colours in order of A, so that A = 2 is the same colour in every figure of the run. */
export const boundColor = (bounds: readonly number[], bound: number): string => indexColor(bounds.indexOf(bound));

export const boundLabel = (bound: number): string => `A = ${bound}`;

/** Error against width for each A with at least one fit, in order of A. */
export function widthSeries(run: RunRecord | null): BoundSeries[] {
  const bounds = boundsOf(run);
  return bounds.flatMap((bound) => {
    const s = run?.metrics[`error/A${bound}`];
    if (!s || s.values.length === 0) return [];
    return [{ bound, label: boundLabel(bound), color: boundColor(bounds, bound), widths: s.steps, errors: s.values }];
  });
}

/** How many times the error falls from the first to the last width of a series. */
export const fallOf = (s: BoundSeries): number => s.errors[0] / s.errors[s.errors.length - 1];
