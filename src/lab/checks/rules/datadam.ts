/**
 * Rules of the DataDAM checks (#1, datadam): a ConvNet trained only on the attention-matched
 * synthetic set beats one trained on real images of the same size (the set the synthetic one
 * started from), with the same init and steps, by more than the seed spread; and it beats a set
 * distilled the same way without the attention term (distribution matching).
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed, mean, ok, std } from '../format.ts';
import { valueAt, type Rule, type RunData } from '../rule.ts';

// Seed 1 chose the setting (see `seeds`): MNIST, 1 image per class, a width-16 ConvNet-3,
// 60 iterations on real batches of 8 per class at pixel learning rate 0.03, 100 evaluation steps.
const DAM = {
  dataset: 'mnist',
  ipc: [1],
  trainSize: 2000,
  testSize: 1000,
  iterations: 60,
  realBatch: 8,
  width: 16,
  depth: 3,
  power: 4,
  mmdWeight: 0.01,
  attentionWeight: 1,
  ablation: false,
  lrImages: 0.03,
  init: 'real',
  evalSteps: 100,
  evalLr: 0.001,
} satisfies ParamValues;
const IPC = DAM.ipc[0];
/** The catalogue's margin (its check at 10 images per class; here at 1, where gaps are larger). */
const MARGIN = 3;

/** One seed's test accuracies (%) of ConvNets trained on the distilled set and on its real start. */
export interface DamMeasure {
  distilled: number;
  random: number;
}

export function damMeasure(run: RunData): DamMeasure | null {
  if (!run.summary) return null;
  const m = { distilled: valueAt(run, 'acc/distilled', IPC), random: valueAt(run, 'acc/random', IPC) };
  return Object.values(m).every(Number.isFinite) ? m : null;
}

export const datadamBeatsRandom: Rule<DamMeasure> = {
  id: 'datadam-beats-random',
  paper:
    'Sajedi et al. (2023), DataDAM: synthetic images learned by matching the spatial attention maps and final embeddings of real and synthetic images through randomly initialised ConvNets train a ConvNet to higher test accuracy than real subsets of the same size (and than prior distillation methods).',
  claim:
    `MNIST, ${IPC} image per class, distilled for ${DAM.iterations} iterations through a fresh random ${DAM.depth}-stage ConvNet of width ${DAM.width} each (attention maps with p = ${DAM.power} at every stage, embedding MMD weight ${DAM.mmdWeight}, real batches of ${DAM.realBatch} per class), on each of 3 seeds. ` +
    `Control in the same run: the real images the synthetic set started from (random, ${IPC} per class). A fresh ConvNet with the same init is trained ${DAM.evalSteps} full-batch Adam steps on each and tested on 1,000 real test images. ` +
    `Pass if distilled − random ≥ ${MARGIN} pt on the seed mean (the catalogue’s margin) and exceeds the seeds’ SD of that difference. ` +
    'Falsified if the distilled set does not beat its real start beyond the seed spread.',
  // Seed 1 chose the iterations, batch and pixel learning rate (one run: distilled 48.0%, random 36.9%).
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: { experiment: 'datadam', params: DAM },
  measure: (run) => {
    const m = damMeasure(run);
    return m ? [{ seed: run.spec.seed, m }] : null;
  },
  judge(ms, seeds) {
    const d = ms.map((m) => m.distilled - m.random);
    const beats = mean(d) >= MARGIN && mean(d) > std(d);
    return {
      pass: beats,
      measured:
        `seeds ${seeds.join(', ')}; test accuracy (%) at ${IPC} image per class: distilled ${fixed(
          ms.map((m) => m.distilled),
          1,
        )}, random real ${fixed(
          ms.map((m) => m.random),
          1,
        )}. ` +
        `Distilled − random ${fixed(d, 1)} pt, mean ${mean(d).toFixed(2)} ± SD ${std(d).toFixed(2)} ${ok(beats)} (≥ ${MARGIN} and > SD).`,
    };
  },
};

/** One seed's test accuracies (%) of ConvNets trained on the DataDAM set and on the set distilled without attention. */
export interface DamAblationMeasure {
  distilled: number;
  dm: number;
}

export const datadamBeatsDm: Rule<DamAblationMeasure> = {
  id: 'datadam-beats-dm',
  paper:
    'Sajedi et al. (2023), DataDAM: matching spatial attention maps adds to matching final embeddings alone (distribution matching, DM): DataDAM’s sets train ConvNets to higher test accuracy than DM’s.',
  claim:
    `The setting of datadam-beats-random, on each of 3 seeds. Control in the same run: a second set distilled from the same real start through the same random nets and real batches with the attention term off (the embedding MMD alone, DM), trained and tested the same way. ` +
    'Pass if DataDAM − DM > 0 on the seed mean and exceeds the seeds’ SD of that difference (the catalogue’s rule). Falsified if the attention term does not help beyond the seed spread.',
  // The setting is datadam-beats-random's, chosen on seed 1; on seed 1 DM gave 50.1% against DataDAM's 48.0%.
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: { experiment: 'datadam', params: { ...DAM, ablation: true } },
  measure: (run) => {
    if (!run.summary) return null;
    const m = { distilled: valueAt(run, 'acc/distilled', IPC), dm: valueAt(run, 'acc/dm', IPC) };
    return Object.values(m).every(Number.isFinite) ? [{ seed: run.spec.seed, m }] : null;
  },
  judge(ms, seeds) {
    const d = ms.map((m) => m.distilled - m.dm);
    const beats = mean(d) > 0 && mean(d) > std(d);
    return {
      pass: beats,
      measured:
        `seeds ${seeds.join(', ')}; test accuracy (%) at ${IPC} image per class: DataDAM ${fixed(
          ms.map((m) => m.distilled),
          1,
        )}, DM ${fixed(
          ms.map((m) => m.dm),
          1,
        )}. ` +
        `DataDAM − DM ${fixed(d, 1)} pt, mean ${mean(d).toFixed(2)} ± SD ${std(d).toFixed(2)} ${ok(beats)} (> 0 and > SD).`,
    };
  },
};
