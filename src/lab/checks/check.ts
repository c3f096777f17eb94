/**
 * A falsifiable check of a paper's effect, run headless by `npm run verify -- <family>`: its rule
 * (rule.ts: claim, setting, judge; no GPU code) and the GPU run that measures it. It compares
 * against a threshold from the paper, a baseline in the same run or that run's seed spread, and
 * says what it measured whether it passes or not.
 */
import type { GpuContext } from '../../gpu/context.ts';
import type { Dataset } from '../datasets.ts';
import type { CheckResult, Rule } from './rule.ts';

export interface CheckEnv {
  gpu: GpuContext;
  dataset(name: string): Promise<Dataset>;
  /** Progress lines (stderr). */
  log(message: string): void;
  /** The seeds to judge on: the check's `seeds.judged`, or the ones given with --seeds=. */
  seeds: readonly number[];
}

/** A rule with the GPU run that measures it. */
export interface Check extends Rule {
  run(env: CheckEnv): Promise<CheckResult>;
}

/**
 * The check of `rule`: `measure` runs the check's setting on the GPU for each of env.seeds and
 * returns one measurement per seed, in order, which the rule judges.
 */
export function checkOf<M>(rule: Rule<M>, measure: (env: CheckEnv) => Promise<M[]>): Check {
  return { ...(rule as Rule), run: async (env) => rule.judge(await measure(env), env.seeds) };
}
