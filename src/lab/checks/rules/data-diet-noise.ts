/**
 * Rule of the Data Diet noisy-example check (#19, data-diet with label noise): with 10% of the
 * pool's labels flipped, EL2N scores the flipped examples above the clean ones, AUROC ≥ 0.9 (the
 * catalogue's bar), far beyond random scores for the same pool in the same run.
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed, mean, ok, std } from '../format.ts';
import { valueAt, type Rule, type RunData } from '../rule.ts';
import { DIET } from './data-diet.ts';

// Seed 1 chose the setting (see `seeds`): the scoring of the Data Diet check (a 2,000-example
// Fashion-MNIST pool, K = 4 MLPs after 2 epochs) at the paper's 10% noise; the retraining, which
// this check does not read, cut to one pruned fraction and one epoch of steps.
const NOISY = { ...DIET, labelNoise: 10, pruned: [50], epochs: 1 } satisfies ParamValues;
/** The catalogue's bar for EL2N's AUROC on the flipped labels. */
const BAR = 0.9;

/** One seed's AUROCs for finding the flipped labels: EL2N, last-layer GraNd, and random scores. */
export interface NoiseMeasure {
  el2n: number;
  grand: number;
  random: number;
}

export const dataDietNoise: Rule<NoiseMeasure> = {
  id: 'data-diet-noise-auroc',
  paper:
    'Paul, Ganguli & Dziugaite (2021), Deep Learning on a Data Diet: the examples with the highest EL2N scores include the ones with corrupted labels; with injected label noise the highest-scoring examples are mostly the noisy ones.',
  claim:
    `A ${NOISY.trainSize}-example Fashion-MNIST pool with ${NOISY.labelNoise}% of its labels flipped (seeded, each to another class), 784-${NOISY.hidden.join('-')}-10 ReLU MLPs; ` +
    `EL2N summed over K = ${NOISY.scoreInits} nets trained ${NOISY.scoreEpochs} epochs on the noisy labels, on each of 3 seeds. ` +
    'Control in the same run: seeded random scores for the same pool and flips. ' +
    `Pass if EL2N's AUROC for the flipped labels is ≥ ${BAR} on the seed mean (the catalogue's bar) and its margin over the random scores exceeds the seeds' SD of that margin. ` +
    'Falsified if EL2N ranks the flipped labels no better than that, or no better than random beyond the seed spread.',
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: { experiment: 'data-diet', params: NOISY },
  measure: (run: RunData) => {
    if (!run.summary) return null;
    const m = {
      el2n: valueAt(run, 'noise/auroc/el2n', 0),
      grand: valueAt(run, 'noise/auroc/grand', 0),
      random: valueAt(run, 'noise/auroc/random', 0),
    };
    return Object.values(m).every(Number.isFinite) ? [{ seed: run.spec.seed, m }] : null;
  },
  judge(ms, seeds) {
    const d = ms.map((m) => m.el2n - m.random);
    const high = mean(ms.map((m) => m.el2n)) >= BAR;
    const beats = mean(d) > std(d);
    return {
      pass: high && beats,
      measured:
        `seeds ${seeds.join(', ')}; AUROC for the flipped labels: EL2N ${fixed(
          ms.map((m) => m.el2n),
          3,
        )}, GraNd (last layer) ${fixed(
          ms.map((m) => m.grand),
          3,
        )}, random scores ${fixed(
          ms.map((m) => m.random),
          3,
        )}. ` +
        `EL2N mean ${mean(ms.map((m) => m.el2n)).toFixed(3)} ${ok(high)} (≥ ${BAR}); ` +
        `EL2N − random mean ${mean(d).toFixed(3)} ± SD ${std(d).toFixed(3)} ${ok(beats)} (> SD).`,
    };
  },
};
