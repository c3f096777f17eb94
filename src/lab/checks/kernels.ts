/**
 * The kernels family's checks: each runs its rule's setting (rules/kernels.ts) through the
 * experiment's runner, one run per seed, and judges what the runs recorded.
 */
import type { Check } from './check.ts';

export const checks: Check[] = [];
