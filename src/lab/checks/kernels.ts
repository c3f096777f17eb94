/**
 * The kernels family's checks: each runs its rule's setting (rules/kernels.ts) through the
 * experiment's runner, one run per seed, and judges what the runs recorded.
 */
import { checkOf, type Check } from './check.ts';
import { rfMoreIsBetter } from './rules/kernels.ts';
import { measureSeeds } from './run-setting.ts';

export const checks: Check[] = [checkOf(rfMoreIsBetter, (env) => measureSeeds(env, rfMoreIsBetter))];
