// A run as one shareable results file (*.tabula.json.gz): gzip of a JSON document whose typed arrays
// (snapshots, frames, and the metric series as float64) sit in an `arrays` table as base64 of their
// raw little-endian bytes, referenced as {"$a": index}. An array shared in the record (a snapshot
// that is also a frame) is stored once and shared again when read. Numbers JSON cannot hold
// (NaN, ±Infinity, -0) are written as {"$n": "NaN"}. Reading checks everything and says plainly
// what is wrong with a file that is not one.
import { normalizeSpec } from '../../../lab/spec-codec.ts';
import type { Snapshot, SnapshotKind } from '../../../lab/experiment.ts';
import { ACTIVE, type Frames, type RunRecord, type RunStatus, type Series } from '../../history/types.ts';

const RESULTS_FORMAT = 'tabula-results';
const RESULTS_VERSION = 1;
export const RESULTS_SUFFIX = '.tabula.json.gz';

/** A file that cannot be opened, with a message for the person who tried. */
export class ResultsFileError extends Error {}

const ARRAY_TYPES = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type ArrayType = keyof typeof ARRAY_TYPES;
type Typed = InstanceType<(typeof ARRAY_TYPES)[ArrayType]>;

function isTyped(v: unknown): v is Typed {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && v.constructor.name in ARRAY_TYPES;
}

function toBase64(b: Uint8Array): string {
  let s = '';
  // Chunks keep String.fromCharCode's argument list short.
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function special(v: number): string | null {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity || v === -Infinity) return String(v);
  return Object.is(v, -0) ? '-0' : null;
}

const asFloat64 = (s: Series) => ({
  steps: Float64Array.from(s.steps),
  values: Float64Array.from(s.values),
  ...(s.at ? { at: Float64Array.from(s.at) } : {}),
});

/** The results file's JSON text (before compression). */
export function resultsJson(run: RunRecord, exportedBy: string): string {
  const arrays: { type: string; base64: string }[] = [];
  const index = new Map<Typed, number>();
  const body = { ...run, metrics: Object.fromEntries(Object.entries(run.metrics).map(([k, s]) => [k, asFloat64(s)])) };
  const text = JSON.stringify(body, (_key, v: unknown) => {
    if (typeof v === 'number') {
      const s = special(v);
      return s === null ? v : { $n: s };
    }
    if (!isTyped(v)) return v;
    let i = index.get(v);
    if (i === undefined) {
      i = arrays.length;
      index.set(v, i);
      arrays.push({ type: v.constructor.name, base64: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) });
    }
    return { $a: i };
  });
  const head = JSON.stringify({ format: RESULTS_FORMAT, version: RESULTS_VERSION, exportedBy, arrays });
  return `${head.slice(0, -1)},"run":${text}}`;
}

async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

/** The results file: the JSON, gzip-compressed. */
export async function encodeResults(run: RunRecord, exportedBy: string): Promise<Blob> {
  const gz = await pipe(new TextEncoder().encode(resultsJson(run, exportedBy)), new CompressionStream('gzip'));
  return new Blob([gz as Uint8Array<ArrayBuffer>], { type: 'application/gzip' });
}

export interface Opened {
  run: RunRecord;
  /** Problems that did not stop the run from opening, e.g. a spec written by another version. */
  warnings: string[];
}

/** Reads a results file's bytes: gzip (or the JSON itself, as a host that unpacked it may serve it). */
export async function decodeResults(bytes: Uint8Array<ArrayBuffer>): Promise<Opened> {
  let text: string;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(bytes, new DecompressionStream('gzip')));
    } catch (err) {
      throw new ResultsFileError(`The file is damaged: its gzip data cannot be decompressed (${message(err)}).`);
    }
  } else if (bytes[0] === 0x7b /* { */) {
    text = new TextDecoder().decode(bytes);
  } else {
    throw new ResultsFileError(
      `This is not a Tabula results file: it is neither gzip-compressed nor JSON. Results files end in ${RESULTS_SUFFIX}.`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ResultsFileError(`The file is damaged: its contents are not valid JSON (${message(err)}).`);
  }
  return readDocument(doc);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function damaged(what: string): never {
  throw new ResultsFileError(`The file is damaged: ${what}.`);
}

function readDocument(doc: unknown): Opened {
  if (!isObj(doc)) throw new ResultsFileError('This is not a Tabula results file: it holds no JSON object.');
  if (doc.format === 'tabula-run')
    throw new ResultsFileError(
      'This is a JSON export of a run, for reading in other tools; it does not keep the snapshots exactly. Use “Share results” to save a file that opens here.',
    );
  if (doc.format !== RESULTS_FORMAT)
    throw new ResultsFileError(
      `This is not a Tabula results file (its format is ${JSON.stringify(doc.format ?? null).slice(0, 40)}, not "${RESULTS_FORMAT}").`,
    );
  if (typeof doc.version !== 'number' || doc.version > RESULTS_VERSION)
    throw new ResultsFileError(
      `This results file has format version ${String(doc.version)}; this lab reads version ${RESULTS_VERSION}. Open it with a newer Tabula.`,
    );
  if (!Array.isArray(doc.arrays)) damaged('its array table is missing');
  const arrays = doc.arrays.map((a, i) => {
    if (!isObj(a) || typeof a.type !== 'string' || !(a.type in ARRAY_TYPES) || typeof a.base64 !== 'string')
      damaged(`array ${i} is malformed`);
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = fromBase64(a.base64);
    } catch {
      damaged(`array ${i} is not valid base64`);
    }
    const Type = ARRAY_TYPES[a.type as ArrayType];
    if (raw.byteLength % Type.BYTES_PER_ELEMENT !== 0) damaged(`array ${i} has a partial element`);
    return new Type(raw.buffer, 0, raw.byteLength / Type.BYTES_PER_ELEMENT);
  });
  const revive = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(revive);
    if (!isObj(v)) return v;
    if (typeof v.$n === 'string' && Object.keys(v).length === 1) {
      if (!(v.$n in SPECIAL)) damaged(`it holds an unknown number ${JSON.stringify(v.$n)}`);
      return SPECIAL[v.$n];
    }
    if (typeof v.$a === 'number' && Object.keys(v).length === 1) {
      const a = arrays[v.$a];
      if (!a) damaged(`it refers to array ${v.$a}, which is not in its table`);
      return a;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  };
  return readRun(revive(doc.run));
}

const STATUSES: readonly RunStatus[] = ['running', 'paused', 'done', 'stopped', 'diverged', 'failed', 'interrupted'];
const KINDS: readonly SnapshotKind[] = ['image-grid', 'confusion', 'gallery', 'heatmap'];
const isNum = (v: unknown): v is number => typeof v === 'number';

function numbers(v: unknown, what: string): number[] {
  if (v instanceof Float64Array) return Array.from(v);
  return damaged(`${what} is not a float64 array`);
}

function readSeries(name: string, v: unknown): Series {
  if (!isObj(v)) damaged(`series ${name} is malformed`);
  const steps = numbers(v.steps, `the steps of ${name}`);
  const values = numbers(v.values, `the values of ${name}`);
  if (steps.length !== values.length) damaged(`series ${name} has ${steps.length} steps but ${values.length} values`);
  if (v.at === undefined) return { steps, values };
  const at = numbers(v.at, `the clock of ${name}`);
  if (at.length !== steps.length) damaged(`series ${name} has a clock of the wrong length`);
  return { steps, values, at };
}

function readSnapshot(v: unknown, where: string): Snapshot {
  if (!isObj(v) || typeof v.name !== 'string' || !KINDS.includes(v.kind as SnapshotKind) || !isNum(v.step))
    damaged(`snapshot ${where} is malformed`);
  if (!Array.isArray(v.shape) || !v.shape.every((d) => Number.isInteger(d) && d >= 0))
    damaged(`snapshot ${v.name} has no valid shape`);
  if (!(v.data instanceof Float32Array || v.data instanceof Uint8Array || v.data instanceof Uint32Array))
    damaged(`snapshot ${v.name} has no data array`);
  for (const k of ['predicted', 'truth'] as const)
    if (v[k] !== undefined && !(v[k] instanceof Uint32Array)) damaged(`snapshot ${v.name} has a malformed ${k} array`);
  if (v.labels !== undefined && !(Array.isArray(v.labels) && v.labels.every((l) => typeof l === 'string')))
    damaged(`snapshot ${v.name} has malformed labels`);
  return v as unknown as Snapshot;
}

function readFrames(name: string, v: unknown): Frames {
  if (!isObj(v) || !Array.isArray(v.at) || !Array.isArray(v.snapshots) || v.at.length !== v.snapshots.length)
    damaged(`the frames of ${name} are malformed`);
  if (!v.at.every(isNum) || !isNum(v.seen) || !isNum(v.stride) || typeof v.tail !== 'boolean')
    damaged(`the frames of ${name} are malformed`);
  const snapshots = v.snapshots.map((s, i) => readSnapshot(s, `${name} #${i}`));
  return { at: v.at, snapshots, seen: v.seen, stride: v.stride, tail: v.tail };
}

const mapValues = <T>(v: unknown, what: string, read: (k: string, x: unknown) => T): Record<string, T> => {
  if (!isObj(v)) damaged(`its ${what} are missing`);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, read(k, x)]));
};

function readRun(v: unknown): Opened {
  if (!isObj(v)) damaged('it holds no run');
  if (typeof v.id !== 'string' || v.id === '' || typeof v.name !== 'string') damaged('the run has no id or name');
  if (!STATUSES.includes(v.status as RunStatus)) damaged('the run has no valid status');
  if (!isNum(v.startedAt) || !isNum(v.updatedAt) || !(v.finishedAt === null || isNum(v.finishedAt)))
    damaged('the run has no valid times');
  const { spec: normalized, notices } = normalizeSpec(v.spec);
  if (!isObj(v.spec) || normalized.experiment !== v.spec.experiment)
    throw new ResultsFileError(
      `This results file holds a run of ${JSON.stringify(isObj(v.spec) ? (v.spec.experiment ?? null) : null).slice(0, 60)}, an experiment this lab does not have.`,
    );
  if (!(v.summary === null || isObj(v.summary))) damaged('the run summary is malformed');
  if (!Array.isArray(v.logs) || !v.logs.every((l) => typeof l === 'string')) damaged('the run log is malformed');
  const run: RunRecord = {
    id: v.id,
    name: v.name,
    spec: v.spec as unknown as RunRecord['spec'],
    // A shared run is never still going: one exported mid-run opens as interrupted.
    status: ACTIVE.has(v.status as RunStatus) ? 'interrupted' : (v.status as RunStatus),
    appVersion: typeof v.appVersion === 'string' ? v.appVersion : 'unknown',
    startedAt: v.startedAt,
    updatedAt: v.updatedAt,
    finishedAt: v.finishedAt,
    metrics: mapValues(v.metrics, 'series', readSeries),
    snapshots: mapValues(v.snapshots, 'snapshots', (k, s) => readSnapshot(s, k)),
    ...(v.frames === undefined ? {} : { frames: mapValues(v.frames, 'frames', readFrames) }),
    progress: (isObj(v.progress) ? v.progress : null) as RunRecord['progress'],
    summary: v.summary as RunRecord['summary'],
    error: (isObj(v.error) ? v.error : null) as RunRecord['error'],
    logs: v.logs as string[],
  };
  return { run, warnings: notices };
}
