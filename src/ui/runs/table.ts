// The runs table as data: which columns the listed runs need (the parameters that differ between
// them, and final metric values), each run's cell values, filtering and sorting.
import { metaById } from '../../lab/catalogue.ts';
import type { RunRecord } from '../history/types.ts';
import { differing, fullValue } from './naming.ts';

export type Cell = number | string | null;

export interface Column {
  id: string;
  label: string;
  /** Longer text for the header's tooltip. */
  title: string;
  kind: 'run' | 'param' | 'metric';
  value: (r: RunRecord) => Cell;
}

export const RUN_COLUMNS: readonly Column[] = [
  { id: 'experiment', label: 'experiment', title: 'Experiment', kind: 'run', value: (r) => r.spec.experiment },
  { id: 'name', label: 'name', title: 'Run name', kind: 'run', value: (r) => r.name },
  { id: 'status', label: 'status', title: 'Status', kind: 'run', value: (r) => r.status },
  { id: 'seed', label: 'seed', title: 'Seed', kind: 'run', value: (r) => r.spec.seed },
  { id: 'started', label: 'started', title: 'Start time', kind: 'run', value: (r) => r.startedAt },
];

/** Columns for the parameters whose values differ between `runs` (not the seed: it has its own). */
export function paramColumns(runs: readonly RunRecord[]): Column[] {
  return differing(
    runs.map((r) => r.spec),
    { seed: false },
  ).map((key) => ({
    id: `p:${key}`,
    label: key,
    title: runs.map((r) => metaById(r.spec.experiment)?.params[key]?.label).find(Boolean) ?? key,
    kind: 'param',
    value: (r) => {
      const v = r.spec.params[key];
      return typeof v === 'number' ? v : v === undefined ? null : fullValue(v);
    },
  }));
}

/** The last value of a series, or a numeric summary value: what a run ended with. */
export function finalValue(r: RunRecord, name: string): number | null {
  const s = r.metrics[name];
  if (s && s.values.length > 0) return s.values[s.values.length - 1];
  const v = r.summary?.[name];
  return typeof v === 'number' ? v : null;
}

/** Every final value the runs have: series names first (sorted), then numeric summary keys. */
export function metricNames(runs: readonly RunRecord[]): string[] {
  const series = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
  const summary = new Set(
    runs.flatMap((r) => Object.entries(r.summary ?? {}).flatMap(([k, v]) => (typeof v === 'number' ? [k] : []))),
  );
  return [...[...series].sort(), ...[...summary].filter((k) => !series.has(k)).sort()];
}

const MAX_DEFAULT_METRICS = 6;

/** The metric columns shown until the user picks: test results first, then the rest, at most six. */
export function defaultMetrics(names: readonly string[]): string[] {
  const rank = (n: string) => (/^test\//.test(n) ? 0 : /^train\//.test(n) ? 1 : /\//.test(n) ? 2 : 3);
  return [...names].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_DEFAULT_METRICS);
}

export function metricColumn(name: string): Column {
  return {
    id: `m:${name}`,
    label: name,
    title: `Final value of ${name}`,
    kind: 'metric',
    value: (r) => finalValue(r, name),
  };
}

/** Runs whose text (name, experiment and its title, status, seed, parameters) holds every word of `query`. */
export function filterRuns(runs: readonly RunRecord[], query: string, experiment: string): RunRecord[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return runs.filter((r) => {
    if (experiment !== '' && r.spec.experiment !== experiment) return false;
    const text = [
      r.name,
      r.spec.experiment,
      metaById(r.spec.experiment)?.title ?? '',
      r.status,
      `seed ${r.spec.seed}`,
      ...Object.entries(r.spec.params).map(([k, v]) => `${k}=${fullValue(v)}`),
    ]
      .join(' ')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

const collator = new Intl.Collator('en', { numeric: true });

/** Ascending: numbers by value, text naturally (seed 2 before seed 10); empty cells last either way. */
function compareCells(a: Cell, b: Cell): number {
  if (a === null || (typeof a === 'number' && Number.isNaN(a))) return b === null ? 0 : 1;
  if (b === null || (typeof b === 'number' && Number.isNaN(b))) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

export type SortDir = 'asc' | 'desc';

export function sortRuns(runs: readonly RunRecord[], column: Column, dir: SortDir): RunRecord[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...runs].sort((x, y) => {
    const a = column.value(x);
    const b = column.value(y);
    const empty = (v: Cell) => v === null || (typeof v === 'number' && Number.isNaN(v));
    // Empty cells stay at the bottom in both directions.
    if (empty(a) || empty(b)) return compareCells(a, b);
    return sign * compareCells(a, b);
  });
}
