/**
 * The kernels family's checks: each runs its rule's setting (rules/kernels.ts) through the
 * experiment's runner, one run per seed, and judges what the runs recorded.
 */
import type { Check } from './check.ts';
import { checkOf } from './check.ts';
import { measureSeeds } from './run-setting.ts';
import { bandlimitedPlateau } from './rules/kernels.ts';

export const checks: Check[] = [checkOf(bandlimitedPlateau, (env) => measureSeeds(env, bandlimitedPlateau))];
