/**
 * A falsifiable check of a paper's effect, run headless by `npm run verify -- <family>`: it
 * measures, compares against a threshold from the paper, a baseline in the same run or that run's
 * seed spread, and says what it measured whether it passes or not.
 *
 * A check's setting is chosen on some seeds and judged on others: `seeds.tuned` are the seeds its
 * setting and threshold were chosen on, `seeds.judged` those it is judged on unless `--seeds=`
 * names others. A claim that holds only on the seeds it was calibrated on is not a reproduction.
 */
import type { GpuContext } from '../../gpu/context.ts';
import type { Dataset } from '../datasets.ts';

export interface CheckEnv {
  gpu: GpuContext;
  dataset(name: string): Promise<Dataset>;
  /** Progress lines (stderr). */
  log(message: string): void;
  /** The seeds to judge on: the check's `seeds.judged`, or the ones given with --seeds=. */
  seeds: readonly number[];
}

export interface CheckResult {
  pass: boolean;
  /** One line: the measured numbers, the threshold and the seed spread. */
  measured: string;
}

export interface CheckSeeds {
  /** Seeds the setting and threshold were chosen on ([] when nothing was tuned on seeds). */
  tuned: readonly number[];
  /** Seeds judged by default: disjoint from `tuned`. */
  judged: readonly number[];
}

export interface Check {
  /** Short id, e.g. "lottery-ticket-10pct". */
  id: string;
  /** What is claimed and what would falsify it. */
  claim: string;
  seeds: CheckSeeds;
  run(env: CheckEnv): Promise<CheckResult>;
  /** Why the check needs a GPU (far too slow on SwiftShader): `verify` runs it only when named. */
  gpuOnly?: string;
}
