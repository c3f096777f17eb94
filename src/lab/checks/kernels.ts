/**
 * The kernels family's checks: each runs its rule's setting (rules/kernels.ts) through the
 * experiment's runner, one run per seed, and judges what the runs recorded.
 */
import { checkOf, type Check } from './check.ts';
import { measureSeeds } from './run-setting.ts';
import { inductiveBiasBits } from './rules/kernels.ts';

export const checks: Check[] = [
  // The bits are logged as each batch of hypotheses lands: progress lines for a run of minutes.
  checkOf(inductiveBiasBits, (env) => measureSeeds(env, inductiveBiasBits, (name) => name.startsWith('bits/'))),
];
