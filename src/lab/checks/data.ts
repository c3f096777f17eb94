/**
 * The data-centric family's checks: each runs its rule's setting (rules/data-*.ts) through the
 * experiment's runner, one run per seed, and judges what the runs recorded.
 */
import { checkOf, type Check } from './check.ts';
import { measureSeeds } from './run-setting.ts';
import { astDistilled, astSmoothed } from './rules/data-ast.ts';
import { dataDietEl2n } from './rules/data-diet.ts';
import { dataDietNoise } from './rules/data-diet-noise.ts';
import { dataRs2 } from './rules/data-rs2.ts';
import { elrMemorization } from './rules/data-elr.ts';
import { datadamBeatsDm, datadamBeatsRandom } from './rules/datadam.ts';

export const checks: Check[] = [
  checkOf(dataDietEl2n, (env) => measureSeeds(env, dataDietEl2n)),
  checkOf(dataDietNoise, (env) => measureSeeds(env, dataDietNoise)),
  checkOf(dataRs2, (env) => measureSeeds(env, dataRs2)),
  checkOf(astDistilled, (env) => measureSeeds(env, astDistilled)),
  checkOf(astSmoothed, (env) => measureSeeds(env, astSmoothed)),
  checkOf(elrMemorization, (env) => measureSeeds(env, elrMemorization)),
  checkOf(datadamBeatsRandom, (env) => measureSeeds(env, datadamBeatsRandom)),
  checkOf(datadamBeatsDm, (env) => measureSeeds(env, datadamBeatsDm)),
];
