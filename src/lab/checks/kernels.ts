/**
 * The kernels family's checks: each runs its rule's setting (rules/kernels-*.ts) through the
 * experiment's runner, one run per seed, and judges what the runs recorded.
 */
import { checkOf, type Check } from './check.ts';
import { measureSeeds } from './run-setting.ts';
import { bandlimitedPlateau, snnkClosedForm, snnkFifthParams } from './rules/kernels-band.ts';
import { inductiveBiasBits } from './rules/kernels-ib.ts';
import { ntkDepthRegimes } from './rules/kernels-ntk.ts';
import { patchLocality } from './rules/kernels-patch.ts';
import { rfMoreIsBetter } from './rules/kernels-ridge.ts';

const accuracies = (name: string) => name.startsWith('acc/');

// Both SNNK checks read the same runs (one per seed, shared by spec in run-setting.ts).
export const checks: Check[] = [
  checkOf(rfMoreIsBetter, (env) => measureSeeds(env, rfMoreIsBetter)),
  checkOf(bandlimitedPlateau, (env) => measureSeeds(env, bandlimitedPlateau)),
  checkOf(snnkFifthParams, (env) => measureSeeds(env, snnkFifthParams, accuracies)),
  checkOf(snnkClosedForm, (env) => measureSeeds(env, snnkClosedForm, accuracies)),
  checkOf(ntkDepthRegimes, (env) => measureSeeds(env, ntkDepthRegimes)),
  // The bits are logged as each batch of hypotheses lands: progress lines for a run of minutes.
  checkOf(inductiveBiasBits, (env) => measureSeeds(env, inductiveBiasBits, (name) => name.startsWith('bits/'))),
  checkOf(patchLocality, (env) => measureSeeds(env, patchLocality)),
];
