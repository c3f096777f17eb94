/**
 * RunSpec ⇄ URL hash, e.g. `#/train?v=1&seed=3&dataset=mnist&lr=0.001&run=1`.
 *
 * Links carry EVERY parameter, not only the non-default ones: a shared link must reproduce the
 * same run even after a later release changes a default. `v` is the spec version, `seed` the
 * run's seed, and `run=1` asks the app to start the run at once.
 *
 * Decoding never throws and never trusts its input: unknown experiments and keys, malformed
 * percent-encoding, wrong types, out-of-range values and version mismatches become plain-text
 * notices, and the offending value is replaced by its default. Keys are looked up with
 * Object.hasOwn and collected in a Map, so "__proto__" or "constructor" are just unknown keys.
 */
import type { ExperimentMeta, ParamSpec, ParamValue, ParamValues, RunSpec } from './experiment.ts';
import { SPEC_VERSION } from './experiment.ts';
import { CATALOGUE, defaultSpec } from './catalogue.ts';

export const MAX_SEED = 2 ** 31 - 1;
/** Longer hashes are cut before parsing; no real link comes near this. */
const MAX_HASH = 4096;
const RESERVED = new Set(['v', 'seed', 'run']);

export interface DecodedSpec {
  spec: RunSpec;
  /** One sentence per problem found, in plain text (no markup). */
  notices: string[];
  autoRun: boolean;
}

function formatValue(p: ParamSpec, v: ParamValue): string {
  if (p.kind === 'bool') return v ? '1' : '0';
  if (p.kind === 'ints') return (v as number[]).join(',');
  // String(number) is the shortest text that parses back to the same double.
  return String(v);
}

export function encodeSpec(spec: RunSpec, meta: ExperimentMeta, opts: { autoRun?: boolean } = {}): string {
  const parts = [`v=${SPEC_VERSION}`, `seed=${spec.seed}`];
  for (const [key, p] of Object.entries(meta.params)) {
    const v = Object.hasOwn(spec.params, key) ? spec.params[key] : p.default;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(formatValue(p, v))}`);
  }
  if (opts.autoRun) parts.push('run=1');
  return `#/${encodeURIComponent(spec.experiment)}?${parts.join('&')}`;
}

/** Shortens and quotes untrusted text for a notice: no control characters, at most 40 characters. */
function quote(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return JSON.stringify(clean.length > 40 ? `${clean.slice(0, 40)}…` : clean);
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

const INT = /^[+-]?\d{1,16}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value of `raw` for `p`, or a reason it is not acceptable. */
export function parseParam(p: ParamSpec, raw: string): { value: ParamValue } | { error: string } {
  const s = raw.trim();
  const range = (v: number, min: number, max: number): string | null =>
    v < min || v > max ? `must be between ${min} and ${max}` : null;
  switch (p.kind) {
    case 'int': {
      if (!INT.test(s)) return { error: 'is not a whole number' };
      const v = Number(s);
      const bad = range(v, p.min, p.max);
      return bad ? { error: bad } : { value: v };
    }
    case 'number': {
      if (!NUMBER.test(s)) return { error: 'is not a number' };
      const v = Number(s);
      const bad = Number.isFinite(v) ? range(v, p.min, p.max) : 'is not a finite number';
      return bad ? { error: bad } : { value: v };
    }
    case 'choice':
      return p.choices.some((c) => c.value === s)
        ? { value: s }
        : { error: `must be one of ${p.choices.map((c) => c.value).join(', ')}` };
    case 'bool':
      if (s === '1' || s === 'true') return { value: true };
      if (s === '0' || s === 'false') return { value: false };
      return { error: 'must be 1 or 0' };
    case 'ints': {
      const items = s === '' ? [] : s.split(',');
      if (items.length < p.minLength || items.length > p.maxLength)
        return { error: `needs ${p.minLength} to ${p.maxLength} comma-separated whole numbers` };
      const values: number[] = [];
      for (const item of items) {
        const t = item.trim();
        if (!INT.test(t)) return { error: 'is not a list of whole numbers' };
        const v = Number(t);
        if (v < p.min || v > p.max) return { error: `needs every entry between ${p.min} and ${p.max}` };
        values.push(v);
      }
      return { value: values };
    }
  }
}

/** Whether `v` is an acceptable value for `p` (same rules as parseParam, on typed values). */
export function isValidParam(p: ParamSpec, v: unknown): boolean {
  const inRange = (n: unknown, int: boolean, min: number, max: number): boolean =>
    typeof n === 'number' && Number.isFinite(n) && (!int || Number.isInteger(n)) && n >= min && n <= max;
  switch (p.kind) {
    case 'int':
      return inRange(v, true, p.min, p.max);
    case 'number':
      return inRange(v, false, p.min, p.max);
    case 'choice':
      return typeof v === 'string' && p.choices.some((c) => c.value === v);
    case 'bool':
      return typeof v === 'boolean';
    case 'ints':
      return (
        Array.isArray(v) &&
        v.length >= p.minLength &&
        v.length <= p.maxLength &&
        v.every((n) => inRange(n, true, p.min, p.max))
      );
  }
}

function isValidSeed(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_SEED;
}

function describe(p: ParamSpec): string {
  return Array.isArray(p.default) ? p.default.join(',') : String(p.default);
}

/**
 * Checks a spec from anywhere (a message from the UI thread, a stored run): every missing or
 * invalid value is replaced by its default with a notice, and cross-parameter problems
 * (meta.validate) are added to the notices. Never throws.
 */
export function normalizeSpec(
  input: unknown,
  catalogue: readonly ExperimentMeta[] = CATALOGUE,
): { spec: RunSpec; notices: string[] } {
  const notices: string[] = [];
  const obj = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
  const id = own(obj, 'experiment');
  let meta = catalogue.find((m) => m.id === id);
  if (!meta) {
    meta = catalogue[0];
    notices.push(`Unknown experiment ${quote(String(id))}; showing ${quote(meta.title)} instead.`);
  }
  const spec = defaultSpec(meta);
  const seed = own(obj, 'seed');
  if (isValidSeed(seed)) spec.seed = seed;
  else notices.push(`The seed must be a whole number from 0 to ${MAX_SEED}; using ${spec.seed}.`);
  const version = own(obj, 'version');
  if (version !== SPEC_VERSION)
    notices.push(
      `This spec has version ${quote(String(version))}; this app reads version ${SPEC_VERSION}, so values may mean something else.`,
    );
  const raw = own(obj, 'params');
  const params = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  for (const [key, p] of Object.entries(meta.params)) {
    const v = own(params, key);
    if (v === undefined) continue;
    if (isValidParam(p, v)) spec.params[key] = Array.isArray(v) ? [...(v as number[])] : (v as ParamValue);
    else notices.push(`${p.label}: invalid value; using the default ${describe(p)}.`);
  }
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(meta.params, key)) notices.push(`Ignored unknown parameter ${quote(key)}.`);
  }
  notices.push(...crossCheck(meta, spec.params));
  return { spec, notices };
}

function crossCheck(meta: ExperimentMeta, params: ParamValues): string[] {
  try {
    return meta.validate?.(params) ?? [];
  } catch {
    return [];
  }
}

/** Parses a location hash (with or without the leading '#'); see the file comment. */
export function decodeSpec(hash: unknown, catalogue: readonly ExperimentMeta[] = CATALOGUE): DecodedSpec {
  const notices: string[] = [];
  const text = (typeof hash === 'string' ? hash : '').slice(0, MAX_HASH).replace(/^#/, '').replace(/^\/+/, '');
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  const query = q < 0 ? '' : text.slice(q + 1);

  const fallback = catalogue[0];
  let meta = fallback;
  if (path !== '') {
    const id = decode(path);
    const found = id === null ? undefined : catalogue.find((m) => m.id === id);
    if (found) meta = found;
    else notices.push(`Unknown experiment ${quote(id ?? path)}; showing ${quote(fallback.title)} instead.`);
  }
  const spec = defaultSpec(meta);

  const values = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    if (key === null || value === null) {
      notices.push(`Ignored ${quote(part)}: it is not valid URL encoding.`);
      continue;
    }
    if (values.has(key)) notices.push(`${quote(key)} appears more than once; using the last value.`);
    values.set(key, value);
  }

  const v = values.get('v');
  if (v !== undefined && v !== String(SPEC_VERSION)) {
    notices.push(
      `This link was made for spec version ${quote(v)}; this app reads version ${SPEC_VERSION}, so some values may be read differently.`,
    );
  }
  const seed = values.get('seed');
  if (seed !== undefined) {
    const n = INT.test(seed.trim()) ? Number(seed.trim()) : NaN;
    if (isValidSeed(n)) spec.seed = n;
    else notices.push(`The seed ${quote(seed)} is not a whole number from 0 to ${MAX_SEED}; using ${spec.seed}.`);
  }
  const run = values.get('run');
  const autoRun = run === '1' || run === 'true';
  if (run !== undefined && !autoRun && run !== '0' && run !== 'false')
    notices.push(`Ignored run=${quote(run)}; use run=1 to start at once.`);

  for (const [key, raw] of values) {
    if (RESERVED.has(key)) continue;
    if (!Object.hasOwn(meta.params, key)) {
      notices.push(`Ignored unknown parameter ${quote(key)}.`);
      continue;
    }
    const p = meta.params[key];
    const parsed = parseParam(p, raw);
    if ('value' in parsed) spec.params[key] = parsed.value;
    else notices.push(`${p.label}: ${quote(raw)} ${parsed.error}; using the default ${describe(p)}.`);
  }
  notices.push(...crossCheck(meta, spec.params));
  return { spec, notices, autoRun };
}
