/**
 * The experiment model: an experiment is a typed parameter schema plus a `run` that streams
 * events. A spec (experiment id + parameter values + seed + version) fully determines a run, and
 * round-trips through the URL (spec-codec.ts). Nothing here knows of React or the DOM.
 */
import type { GpuContext } from '../gpu/context.ts';
import type { Dataset } from './datasets.ts';
import type { ViewName } from './views.ts';
import type { WorkClock } from './progress.ts';

export type FamilyId =
  'train' | 'pruning' | 'lazy-rich' | 'landscape' | 'attention' | 'kernels' | 'data' | 'representations';

export interface Family {
  id: FamilyId;
  title: string;
  summary: string;
  experiments: readonly ExperimentDeclaration[];
}

export interface Paper {
  title: string;
  authors: string;
  year: number;
  /** arXiv id, e.g. "1803.03635"; the link is https://arxiv.org/abs/<id>. */
  arxiv?: string;
  url?: string;
}

interface ParamBase {
  label: string;
  help: string;
  unit?: string;
}

export type ParamSpec =
  | (ParamBase & { kind: 'int'; default: number; min: number; max: number })
  | (ParamBase & {
      kind: 'number';
      default: number;
      min: number;
      max: number;
      /** slider/spinner on a log scale */ log?: boolean;
    })
  | (ParamBase & { kind: 'choice'; default: string; choices: ReadonlyArray<{ value: string; label: string }> })
  | (ParamBase & { kind: 'bool'; default: boolean })
  | (ParamBase & { kind: 'ints'; default: number[]; min: number; max: number; minLength: number; maxLength: number });

export type ParamSchema = Record<string, ParamSpec>;

export type ParamValue = number | string | boolean | number[];
export type ParamValues = Record<string, ParamValue>;

export const SPEC_VERSION = 1;

/** Everything that determines a run. */
export interface RunSpec {
  version: number;
  experiment: string;
  seed: number;
  params: ParamValues;
}

/** Kinds of snapshot the views know how to draw. */
export type SnapshotKind =
  /** tiles: data [n, h, w, c] in [0,1] (c = 1 or 3); e.g. first-layer weights, filters. */
  | 'image-grid'
  /** data [classes, classes] counts, rows = true label; `labels` names the classes. */
  | 'confusion'
  /** images [n, h, w, c] uint8 with class indices `truth` and `predicted`, `labels` naming the classes; e.g. misclassified examples. */
  | 'gallery'
  /** data [rows, cols] of any real values; e.g. masks, attention maps, landscape grids. */
  | 'heatmap';

export interface Snapshot<S extends string = string> {
  kind: SnapshotKind;
  /** Stable name within a run, e.g. "fc1.weight" or "confusion"; a newer snapshot of a name replaces the older. */
  name: S;
  step: number;
  shape: number[];
  data: Float32Array | Uint8Array | Uint32Array;
  labels?: string[];
  predicted?: Uint32Array;
  truth?: Uint32Array;
}

/**
 * What a run streams. M and S narrow the metric and snapshot names to those an experiment declares
 * (see ExperimentDeclaration), so that a runner emitting an undeclared name fails to compile.
 */
export type RunEvent<M extends string = string, S extends string = string> =
  /** One scalar series point. Series are named "train/loss", "test/accuracy", "norm/fc1.weight", "grad/fc1.weight"… */
  | { type: 'metric'; name: M; step: number; value: number }
  /**
   * The run clock (progress.ts): `step` of `total` units of work done, the units being optimizer
   * steps unless `unit` names others; rates are null until measured after warm-up (eta.ts); `next`
   * is the end of the current span of work, what it brings (e.g. "round 1") and the span's own
   * unit where the run's is a mix.
   */
  | {
      type: 'progress';
      step: number;
      total: number;
      unit?: string;
      examplesPerSecond: number | null;
      etaSeconds: number | null;
      next?: { label: string; step: number; unit?: string };
    }
  | { type: 'snapshot'; snapshot: Snapshot<S> }
  | { type: 'log'; message: string }
  | { type: 'done'; summary: Record<string, number | string> }
  | {
      type: 'error';
      message: string;
      step?: number;
      kind?: 'diverged' | 'device-lost' | 'dataset' | 'invalid' | 'internal';
    };

/** What a running experiment gets from the runner. */
export interface RunContext {
  gpu: GpuContext;
  /** Loads a dataset by name (checked, cached); rejects with a message naming the fix. */
  dataset(name: string): Promise<Dataset>;
  /**
   * Awaited between steps: resolves at once while running, waits while paused, lets exactly one
   * step through per "step" command, and throws RunStopped after stop().
   */
  checkpoint(): Promise<void>;
  /** Seconds since the run started, excluding paused time. */
  elapsed(): number;
  /** The run's work clock: planned from the spec, counted as work is done; the Runner reports it as progress. */
  work: WorkClock;
}

export class RunStopped extends Error {
  constructor() {
    super('run stopped');
    this.name = 'RunStopped';
  }
}

/**
 * A training run inside an experiment whose loss became NaN or infinite: the Runner ends the run
 * with a 'diverged' error at `step` instead of letting later stages work on NaN weights.
 */
export class TrainingDiverged extends Error {
  constructor(
    readonly step: number,
    what = 'Training',
  ) {
    super(`${what} diverged at step ${step}: the loss became NaN or infinite. Try a smaller learning rate.`);
    this.name = 'TrainingDiverged';
  }
}

/** A setting worth trying, shown as a link under the explanation. */
export interface Preset {
  label: string;
  /** One sentence: what to look for, and what it costs. */
  note: string;
  /** Values over the defaults (the seed is kept). */
  params: ParamValues;
  /** The larger setting the lab proposes when the adapter is a real GPU (one per experiment at most). */
  gpu?: boolean;
}

/** What the UI needs to show and configure an experiment: plain data, no GPU code. */
export interface ExperimentMeta {
  id: string;
  family: FamilyId;
  title: string;
  /** Two to four sentences: the phenomenon and what to look for. */
  explanation: string;
  /**
   * One line: what the visitor should see at the defaults, within about a minute on a software GPU
   * (an e2e test checks it numerically).
   */
  watch?: string;
  paper: Paper | null;
  params: ParamSchema;
  /** Which views the UI shows for this experiment, in order. */
  views: readonly ViewName[];
  /**
   * The metric series and snapshots a run emits, as name patterns in which `{part}` stands for
   * any text (e.g. `acc/{arm}/{rep}`). The runner's types and the Runner at run time hold a run to them.
   */
  metrics: readonly string[];
  snapshots: readonly string[];
  /**
   * Checks that need several parameters at once (e.g. a 784-input model on a 3072-pixel
   * dataset); one human-readable message per problem, [] when the values work together. The UI
   * shows them before a run; the runner refuses such a spec with an 'invalid' error.
   */
  validate?(params: ParamValues): string[];
  presets?: Preset[];
}

/** A name pattern's names: `acc/{arm}/{rep}` stands for `acc/${string}/${string}`. */
export type NameOf<P extends string> = P extends `${infer Head}{${string}}${infer Tail}`
  ? `${Head}${string}${NameOf<Tail>}`
  : P;

/** The value type of one parameter: a choice is the union of its values. */
export type ParamOf<P extends ParamSpec> = P extends { kind: 'int' | 'number' }
  ? number
  : P extends { kind: 'choice'; choices: ReadonlyArray<{ value: infer V }> }
    ? V
    : P extends { kind: 'bool' }
      ? boolean
      : number[];

export type ParamsOf<P extends ParamSchema> = { [K in keyof P]: ParamOf<P[K]> };

/** A spec whose parameters are typed by the experiment's schema. */
export type SpecOf<D extends ExperimentMeta> = RunSpec & { params: ParamsOf<D['params']> };

/** What a runner yields: any event but progress, which its work clock (RunContext.work) makes. */
export type RunnerEvent<M extends string = string, S extends string = string> = Exclude<
  RunEvent<M, S>,
  { type: 'progress' }
>;

/** The events a runner of D may yield: only the metric and snapshot names D declares. */
export type EventOf<D extends ExperimentMeta> = RunnerEvent<
  NameOf<D['metrics'][number]>,
  NameOf<D['snapshots'][number]>
>;

/** How an experiment runs: a stream of events for a spec (see defineRun in declare.ts). */
export interface ExperimentRun {
  id: string;
  run(ctx: RunContext, spec: RunSpec): AsyncGenerator<RunEvent>;
}

/**
 * An experiment, declared once: its meta (plain data, safe for the UI thread) and where its runner
 * lives. `load` is a dynamic import, so the UI bundle never loads GPU code; the worker and the
 * CLI call it to run.
 */
export interface ExperimentDeclaration extends ExperimentMeta {
  load(): Promise<ExperimentRun>;
}
