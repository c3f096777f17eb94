/**
 * Runs a check's setting through its experiment's own runner (the one the lab's worker and CLI
 * run), so the check measures exactly what a run of that setting in the browser records.
 */
import { CATALOGUE } from '../catalogue.ts';
import { SPEC_VERSION, type ParamValues, type RunContext, type RunSpec } from '../experiment.ts';
import type { CheckEnv } from './check.ts';
import { WorkClock } from '../progress.ts';
import { collectRun, measureOne } from './collect.ts';
import type { Rule, RunData } from './rule.ts';

function runContext(env: CheckEnv): RunContext {
  const t0 = performance.now();
  return {
    gpu: env.gpu,
    dataset: (n) => env.dataset(n),
    checkpoint: async () => {},
    elapsed: () => (performance.now() - t0) / 1000,
    work: new WorkClock(),
  };
}

/**
 * Runs already made, by spec: a run is determined by its spec, so checks that read the same runs
 * (both connectivity checks) share them.
 */
const made = new Map<string, Promise<RunData>>();

/** One run of `rule`'s setting, with `over` over its parameters, for `seed`. */
export function runSetting(
  env: CheckEnv,
  rule: Rule,
  seed: number,
  over: ParamValues = {},
  logged?: (metric: string) => boolean,
): Promise<RunData> {
  const setting = rule.setting;
  const declaration = CATALOGUE.find((d) => d.id === setting?.experiment);
  if (!setting || !declaration) throw new Error(`${rule.id} names no experiment of the catalogue`);
  const spec: RunSpec = {
    version: SPEC_VERSION,
    experiment: setting.experiment,
    seed,
    params: { ...setting.params, ...over },
  };
  const key = JSON.stringify(spec);
  if (!made.has(key))
    made.set(
      key,
      declaration.load().then((r) => collectRun(r.run(runContext(env), spec), spec, env.log, logged)),
    );
  return made.get(key)!;
}

/** The measurement of each of env.seeds, one run of the setting (with `over`) each, in turn. */
export async function measureSeeds<M>(
  env: CheckEnv,
  rule: Rule<M>,
  logged?: (metric: string) => boolean,
  over: ParamValues = {},
): Promise<M[]> {
  const out: M[] = [];
  for (const seed of env.seeds) {
    out.push(measureOne(rule, await runSetting(env, rule as Rule, seed, over, logged)));
    env.log(`seed ${seed} done`);
  }
  return out;
}
