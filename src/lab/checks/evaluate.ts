/**
 * A run judged by a check's rule, as the experiment page shows it: whether the run has the check's
 * setting (and which parameters differ where not), how many of the check's seeds it covers, and
 * the rule's own verdict on what the run measured.
 */
import { presetSpec } from '../catalogue.ts';
import type { ExperimentMeta, ParamValue, Preset, RunSpec } from '../experiment.ts';
import { SPEC_VERSION } from '../experiment.ts';
import type { Rule, RunData, SeedResult } from './rule.ts';

export interface SettingDifference {
  param: string;
  run: ParamValue | undefined;
  check: ParamValue;
}

export interface RunVerdict {
  /** Parameters of the run that differ from the check's setting (the seeds parameter aside). */
  differences: SettingDifference[];
  /** The run has the check's setting: no parameter differs and the check does nothing the parameters cannot say. */
  atSetting: boolean;
  /** The seeds the run measured, in order. */
  seeds: number[];
  /** All the seeds the check judges (by count), some of them (two or more), or one. */
  scope: 'all' | 'some' | 'one';
  /** The rule's verdict and line; null until the run has what the rule measures. */
  result: SeedResult | null;
  /** Seeds of the run that the check's setting was tuned on (a verdict on them is not a held-out test). */
  tuned: number[];
}

const same = (a: ParamValue | undefined, b: ParamValue): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

/** The parameters of `spec` that differ from `rule`'s setting (none where the rule has no setting). */
export function settingDifferences(rule: Rule, spec: RunSpec): SettingDifference[] {
  const s = rule.setting;
  if (!s || s.experiment !== spec.experiment) return [];
  return Object.entries(s.params).flatMap(([param, check]) => {
    const run = spec.params[param];
    if (param === s.seedsParam) return [];
    const each = s.eachOf?.[param];
    if (each ? each.some((v) => same(run, v)) : same(run, check)) return [];
    return [{ param, run, check }];
  });
}

/** `spec` is the check's setting: no parameter differs, and the check does nothing the parameters cannot say. */
export function isAtSetting(rule: Rule, spec: RunSpec): boolean {
  return (
    rule.setting?.experiment === spec.experiment && !rule.setting.beyond && settingDifferences(rule, spec).length === 0
  );
}

/** Judges `run` by `rule`: all its seeds together, or one seed by the rule's part for one seed. */
export function evaluateRun(rule: Rule, run: RunData): RunVerdict {
  const measured = rule.measure?.(run) ?? null;
  const seeds = measured?.map((x) => x.seed) ?? [];
  const need = rule.seeds.judged.length;
  const scope = seeds.length >= need ? 'all' : seeds.length > 1 ? 'some' : 'one';
  let result: SeedResult | null = null;
  if (measured?.length) {
    const ms = measured.map((x) => x.m);
    result = scope === 'one' && rule.one ? rule.one(ms[0], seeds[0]) : rule.judge(ms, seeds);
  }
  return {
    differences: settingDifferences(rule, run.spec),
    atSetting: isAtSetting(rule, run.spec),
    seeds,
    scope,
    result,
    tuned: seeds.filter((s) => rule.seeds.tuned.includes(s)),
  };
}

/** The spec of the check's setting at its first judged seed (the link "run the check's setting"). */
export function settingSpec(rule: Rule): RunSpec | null {
  const s = rule.setting;
  return s
    ? { version: SPEC_VERSION, experiment: s.experiment, seed: rule.seeds.judged[0], params: { ...s.params } }
    : null;
}

/** The experiment's preset that is the check's setting, if one is. */
export function settingPreset(rule: Rule, meta: ExperimentMeta): Preset | undefined {
  const s = rule.setting;
  if (!s) return undefined;
  return meta.presets?.find((p) => settingDifferences(rule, presetSpec(meta, p)).length === 0);
}
