/**
 * Rules of the kernels family's checks (random features, kernel regression, infinite width), one
 * file per paper group. Each check runs its experiment at `setting` and reads the run's summary or
 * metrics with `measure`.
 */
import type { Rule } from '../rule.ts';
import { bandlimitedPlateau, snnkClosedForm, snnkFifthParams } from './kernels-band.ts';
import { inductiveBiasBits } from './kernels-ib.ts';
import { ntkDepthRegimes } from './kernels-ntk.ts';
import { patchLocality } from './kernels-patch.ts';
import { rfMoreIsBetter } from './kernels-ridge.ts';

export const kernelsRules: readonly Rule[] = [
  rfMoreIsBetter as Rule,
  bandlimitedPlateau,
  snnkFifthParams,
  snnkClosedForm,
  ntkDepthRegimes as Rule,
  inductiveBiasBits as Rule,
  patchLocality as Rule,
];
