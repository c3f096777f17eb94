/**
 * The kernels family's checks: each runs its rule's setting (rules/kernels.ts) through the
 * experiment's runner, one run per seed, and judges what the runs recorded.
 */
import { checkOf, type Check } from './check.ts';
import { measureSeeds } from './run-setting.ts';
import { patchLocality } from './rules/kernels.ts';

export const checks: Check[] = [checkOf(patchLocality, (env) => measureSeeds(env, patchLocality))];
