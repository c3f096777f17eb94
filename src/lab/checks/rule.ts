/**
 * A paper check's rule, free of GPU code: what it claims, the experiment setting it runs, and how
 * it judges per-seed measurements. `npm run verify` measures on a GPU (the check's `run`, in
 * src/lab/checks/<family>.ts) and calls `judge`; the experiment page reads the same measurements
 * from a run's metrics (`measure`) and calls the same `judge`, so the verdict a visitor sees is
 * the check's own.
 *
 * A check's setting is chosen on some seeds and judged on others: `seeds.tuned` are the seeds its
 * setting and threshold were chosen on, `seeds.judged` those it is judged on unless `--seeds=`
 * names others. A claim that holds only on the seeds it was calibrated on is not a reproduction.
 */
import type { ParamValue, ParamValues, RunSpec } from '../experiment.ts';

export interface CheckResult {
  pass: boolean;
  /** One line: the measured numbers, the threshold and the seed spread. */
  measured: string;
}

/** The part of a rule one seed can meet; `pass` is null where one seed gives no verdict. */
export interface SeedResult {
  pass: boolean | null;
  measured: string;
}

export interface CheckSeeds {
  /** Seeds the setting and threshold were chosen on ([] when nothing was tuned on seeds). */
  tuned: readonly number[];
  /** Seeds judged by default: disjoint from `tuned`. */
  judged: readonly number[];
}

/** What a rule reads of a run: its spec, its metric series and its summary (a RunRecord has them). */
export interface RunData {
  spec: RunSpec;
  metrics: Readonly<Record<string, { steps: readonly number[]; values: readonly number[] }>>;
  summary: Readonly<Record<string, number | string>> | null;
  /** The newest snapshot of each name (a heatmap's values row-major in `shape`). */
  snapshots?: Readonly<Record<string, { shape: readonly number[]; data: ArrayLike<number> }>>;
}

/** The value series `name` recorded at `step`, NaN where it has none. */
export function valueAt(run: RunData, name: string, step: number): number {
  const s = run.metrics[name];
  const i = s ? s.steps.indexOf(step) : -1;
  return i >= 0 ? s!.values[i] : NaN;
}

/** The experiment parameters a check runs. */
export interface CheckSetting {
  experiment: string;
  /**
   * Every parameter of the experiment, not only those off its defaults: defaults get retuned, the
   * check's setting does not.
   */
  params: ParamValues;
  /** The parameter that repeats a run over seeds seed, seed + 1, …, where the experiment has one. */
  seedsParam?: string;
  /** Parameters the check runs at each of several values (one run each), e.g. both targets. */
  eachOf?: Readonly<Record<string, readonly ParamValue[]>>;
  /** What the check does that no parameter of the experiment says (e.g. a validation split). */
  beyond?: string;
}

/** One seed's measurement, as read from a run. */
export interface Measured<M> {
  seed: number;
  m: M;
}

export interface Rule<M = unknown> {
  /** Short id, e.g. "lottery-ticket-10pct". */
  id: string;
  /** The paper's claim that the check tests, in one or two sentences, with its source. */
  paper: string;
  /** The check's rule: its setting, what it measures, its thresholds and controls, and what would falsify it. */
  claim: string;
  seeds: CheckSeeds;
  /** Why the check needs a GPU (far too slow on SwiftShader): `verify` runs it only when named. */
  gpuOnly?: string;
  /** The experiment and parameters it runs; null where no experiment's parameters can say it. */
  setting: CheckSetting | null;
  /** Without a setting: the experiment whose page shows the check (its claim and stored result). */
  experiment?: string;
  /** The rule holds or fails on each seed alone (its verdict is every seed's): one seed is a whole test of it. */
  perSeed?: boolean;
  /** The verdict and its line from one measurement per seed, in the order of `seeds`. */
  judge(ms: readonly M[], seeds: readonly number[]): CheckResult;
  /**
   * The part of the rule one seed can meet, where `judge` of one seed would not say it (a rule
   * over seed means and their spread); absent, one seed is judged like several.
   */
  one?(m: M, seed: number): SeedResult;
  /** The measurement of each seed a run repeats, from its metrics and summary; null until it has them. */
  measure?(run: RunData): Measured<M>[] | null;
  /** Why a run of the experiment cannot be judged by this rule, where there is no `measure`. */
  unmeasured?: string;
}
