// Names and labels of runs from their specs: a run's default name names the parameters it changed
// from its experiment's defaults, and a comparison's legend names what differs between the runs
// compared, per experiment, so that a parameter one experiment lacks is never printed as "undefined".
import { defaultSpec, metaById } from '../../lab/catalogue.ts';
import type { ParamValue, RunSpec } from '../../lab/experiment.ts';

/** A parameter value as text, in full. */
export function fullValue(v: ParamValue | undefined): string {
  return v === undefined ? '—' : Array.isArray(v) ? v.join(',') : String(v);
}

const MAX_VALUE = 10;
const MAX_PARAMS = 3;

/** A value short enough for a name; `lossy` when it no longer says the value exactly. */
function shortValue(v: ParamValue): { text: string; lossy: boolean } {
  const full = fullValue(v);
  if (full.length <= MAX_VALUE) return { text: full, lossy: false };
  if (typeof v === 'number') {
    const p = String(Number(v.toPrecision(3)));
    return { text: p, lossy: p !== full };
  }
  return { text: `${full.slice(0, MAX_VALUE - 1)}…`, lossy: true };
}

/** A short, stable hash (FNV-1a, base 36): it tells apart names whose shortened texts collide. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).padStart(7, '0').slice(-5);
}

/** The parameters of `spec` whose values are not its experiment's defaults, in schema order. */
function changedFromDefaults(spec: RunSpec): string[] {
  const meta = metaById(spec.experiment);
  if (!meta) return Object.keys(spec.params);
  const base = defaultSpec(meta).params;
  return Object.keys(spec.params).filter((k) => fullValue(spec.params[k]) !== fullValue(base[k]));
}

/**
 * `rate=0.36, width=2` for the given keys, at most three of them, values shortened; when anything
 * was left out or shortened, a hash of the full values follows, so different values never give the
 * same text.
 */
function paramsText(spec: RunSpec, keys: readonly string[], sep = ', '): string {
  const shown = keys.slice(0, MAX_PARAMS).map((k) => ({ k, ...shortValue(spec.params[k]) }));
  const parts = shown.map(({ k, text }) => `${k}=${text}`);
  const lossy = keys.length > MAX_PARAMS || shown.some((s) => s.lossy);
  if (keys.length > MAX_PARAMS) parts.push(`+${keys.length - MAX_PARAMS} more`);
  if (lossy) parts.push(`#${shortHash(JSON.stringify(keys.map((k) => [k, spec.params[k]])))}`);
  return parts.join(sep);
}

/** A run's default name: `lottery-ticket · rate=0.36 · seed 1`, naming what differs from the defaults. */
export function defaultRunName(spec: RunSpec): string {
  const changed = changedFromDefaults(spec);
  return [spec.experiment, ...(changed.length > 0 ? [paramsText(spec, changed, ' ')] : []), `seed ${spec.seed}`].join(
    ' · ',
  );
}

/** The parameters (and seed) whose values are not the same across `specs` (all of one experiment or not). */
export function differing(specs: readonly RunSpec[], { seed = true } = {}): string[] {
  const keys = [...new Set(specs.flatMap((s) => Object.keys(s.params)))];
  const out = keys.filter((k) => new Set(specs.map((s) => fullValue(s.params[k]))).size > 1);
  if (seed && new Set(specs.map((s) => s.seed)).size > 1) out.push('seed');
  return out;
}

function keyText(spec: RunSpec, keys: readonly string[]): string {
  const params = keys.filter((k) => k !== 'seed');
  const parts = params.length > 0 ? [paramsText(spec, params)] : [];
  if (keys.includes('seed')) parts.push(`seed=${spec.seed}`);
  return parts.join(', ');
}

/** Items grouped by key, groups and items in first-seen order (Map.groupBy is not in Node 20). */
export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const g = out.get(k);
    if (g) g.push(t);
    else out.set(k, [t]);
  }
  return out;
}

export interface Labelled {
  id: string;
  name: string;
  spec: RunSpec;
}

/**
 * Legend labels for runs compared together. Runs are split by experiment; within each, a label
 * names the parameters that differ between that experiment's runs. With several experiments the
 * experiment leads each label. A run whose label would be empty (nothing differs) is called by
 * `fallback` (its name).
 */
export function legendLabels<R extends Labelled>(
  runs: readonly R[],
  { seed = true, fallback = (r: R) => r.name }: { seed?: boolean; fallback?: (r: R) => string } = {},
): Map<string, string> {
  const byExperiment = groupBy(runs, (r) => r.spec.experiment);
  const many = byExperiment.size > 1;
  const out = new Map<string, string>();
  for (const [experiment, group] of byExperiment) {
    const keys = differing(
      group.map((r) => r.spec),
      { seed },
    );
    for (const r of group) {
      const text = keyText(r.spec, keys);
      out.set(r.id, many ? [experiment, text].filter(Boolean).join(' · ') : text || fallback(r));
    }
  }
  return out;
}

/** "Differing: lr, seed." or, across experiments, per experiment. */
export function differingText(specs: readonly RunSpec[]): string {
  const byExperiment = groupBy(specs, (s) => s.experiment);
  if (byExperiment.size === 1) {
    const keys = differing(specs);
    return keys.length === 0 ? 'These runs have the same parameters and seed.' : `Differing: ${keys.join(', ')}.`;
  }
  const parts = [...byExperiment].map(([experiment, group]) => {
    const keys = differing(group);
    return `${experiment} (${group.length}): ${keys.length > 0 ? keys.join(', ') : 'same settings'}`;
  });
  return `Different experiments; within each, differing: ${parts.join('; ')}.`;
}
