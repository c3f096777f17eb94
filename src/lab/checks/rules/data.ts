/**
 * Rules of the data-centric family's checks (example scores, data pruning), one file per paper.
 * Each check runs its experiment at `setting` and reads the run's metrics with `measure`.
 */
import type { Rule } from '../rule.ts';
import { astDistilled, astSmoothed } from './data-ast.ts';
import { dataDietEl2n } from './data-diet.ts';
import { dataDietNoise } from './data-diet-noise.ts';
import { dataRs2 } from './data-rs2.ts';
import { elrMemorization } from './data-elr.ts';
import { datadamBeatsDm, datadamBeatsRandom } from './datadam.ts';

export const dataRules: readonly Rule[] = [
  dataDietEl2n as Rule,
  dataDietNoise as Rule,
  dataRs2 as Rule,
  astDistilled as Rule,
  astSmoothed as Rule,
  elrMemorization as Rule,
  datadamBeatsRandom as Rule,
  datadamBeatsDm as Rule,
];
