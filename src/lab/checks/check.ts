/**
 * A falsifiable check of a paper's effect, run headless by `npm run verify -- <family>`: it
 * measures, compares against a threshold calibrated from seed spread, and says what it measured
 * whether it passes or not.
 */
import type { GpuContext } from '../../gpu/context.ts';
import type { Dataset } from '../datasets.ts';

export interface CheckEnv {
  gpu: GpuContext;
  dataset(name: string): Promise<Dataset>;
  /** Progress lines (stderr). */
  log(message: string): void;
}

export interface CheckResult {
  pass: boolean;
  /** One line: the measured numbers, the threshold and the seed spread. */
  measured: string;
}

export interface Check {
  /** Short id, e.g. "lottery-ticket-10pct". */
  id: string;
  /** What is claimed and what would falsify it. */
  claim: string;
  run(env: CheckEnv): Promise<CheckResult>;
  /** Why the check needs a GPU (far too slow on SwiftShader): `verify` runs it only when named. */
  gpuOnly?: string;
}
