/**
 * Rules of the kernels family's checks (random features, kernel regression, infinite width). Each
 * check runs its experiment at `setting` and reads the run's summary or metrics with `measure`.
 */
import type { Rule } from '../rule.ts';

export const kernelsRules: readonly Rule[] = [];
