/**
 * The data-centric family's checks: each runs its rule's setting (rules/data-*.ts) through the
 * experiment's runner, one run per seed, and judges what the runs recorded.
 */
import { checkOf, type Check } from './check.ts';
import { measureSeeds } from './run-setting.ts';
import { dataDietEl2n } from './rules/data-diet.ts';
import { datadamBeatsDm, datadamBeatsRandom } from './rules/datadam.ts';

export const checks: Check[] = [
  checkOf(dataDietEl2n, (env) => measureSeeds(env, dataDietEl2n)),
  checkOf(datadamBeatsRandom, (env) => measureSeeds(env, datadamBeatsRandom)),
  checkOf(datadamBeatsDm, (env) => measureSeeds(env, datadamBeatsDm)),
];
