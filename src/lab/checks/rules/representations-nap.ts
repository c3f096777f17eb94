/**
 * The rule of the activation-patterns check (Geng et al. 2023): NAPs mined at δ = 0.99 recall
 * most of their class's test images while admitting almost only that class, which the same net
 * before training does not achieve; IBP inside the NAP region is measured against the plain ε-ball.
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed, ok } from '../format.ts';
import type { Rule, RunData } from '../rule.ts';

const NAP_SETTING = {
  trainSize: 5000,
  testSize: 1000,
  epochs: 6,
  lr: 1e-3,
  hidden: 128,
  delta: 0.99,
  certSize: 100,
  epsMin: 1e-3,
  epsMax: 1,
  epsCount: 10,
} satisfies ParamValues;

/** The catalogue's bars, per class on the test set. */
const RECALL_MIN = 0.8;
const PRECISION_MIN = 0.99;

export interface NapMeasure {
  /** Least and mean over classes, trained net. */
  recallMin: number;
  recallMean: number;
  precisionMin: number;
  precisionMean: number;
  /** Means over classes of the untrained net (the control). */
  controlRecallMean: number;
  controlPrecisionMean: number;
  /** IBP on the certified test images: share covered by their NAP, share where the NAP certifies a larger ε. */
  covered: number;
  gain: number;
  /** Median certified ε over the covered images: plain ball, inside the NAP. */
  radiusBall: number;
  radiusNap: number;
}

const meanOf = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

function napOf(run: RunData): NapMeasure | null {
  const values = (name: string) => run.metrics[name]?.values;
  const last = (name: string) => values(name)?.at(-1);
  const [recall, precision, cRecall, cPrecision] = [
    'nap/recall trained',
    'nap/precision trained',
    'nap/recall untrained',
    'nap/precision untrained',
  ].map((n) => values(n)?.map((v) => (Number.isFinite(v) ? v : 0)));
  const ibp = ['ibp/covered', 'ibp/gain', 'ibp/radius ball', 'ibp/radius nap'].map(last);
  if (!recall?.length || !precision?.length || !cRecall?.length || !cPrecision?.length) return null;
  if (ibp.some((v) => v === undefined)) return null;
  const [covered, gain, radiusBall, radiusNap] = ibp as number[];
  return {
    recallMin: Math.min(...recall),
    recallMean: meanOf(recall),
    precisionMin: Math.min(...precision),
    precisionMean: meanOf(precision),
    controlRecallMean: meanOf(cRecall),
    controlPrecisionMean: meanOf(cPrecision),
    covered,
    gain,
    radiusBall,
    radiusNap,
  };
}

export const napSpecificationRule: Rule<NapMeasure> = {
  id: 'nap-specification',
  paper:
    'Geng, Le, Xu, Wang, Gurfinkel & Si (2210.16114): neural activation patterns, the neurons a class keeps on or off on ' +
    'almost all of its training data, are specifications that recall 84% of MNIST data while certifying far larger input ' +
    'regions than ε-balls (10× on CIFAR-10).',
  claim:
    `An MLP 784-${NAP_SETTING.hidden}-${NAP_SETTING.hidden}-10 trained by Adam (${NAP_SETTING.epochs} epochs) on ` +
    `${NAP_SETTING.trainSize} MNIST images; each class's NAP fixes the neurons on (or off) in ≥ δ = ${NAP_SETTING.delta} of its ` +
    `training images. On ${NAP_SETTING.testSize} test images, every class's recall is ≥ ${RECALL_MIN} and its precision ` +
    `(the share of test images following its NAP that are of the class) ≥ ${PRECISION_MIN}, the catalogue's bars, on every ` +
    `judged seed. Control in the same run: the same net before training, NAPs mined the same way, must have a lower mean ` +
    `precision than the trained net on every seed (class-specific NAPs come from learning). Reported, not judged (the ` +
    `catalogue asks for the share): on ${NAP_SETTING.certSize} test images, IBP over ${NAP_SETTING.epsCount} log-spaced ε in ` +
    `[${NAP_SETTING.epsMin}, ${NAP_SETTING.epsMax}], the share the NAP region certifies at a larger ε than the plain ball. ` +
    `Falsified if a bar or the control fails on any judged seed. The setting was chosen on seed 1 among three widths and sizes.`,
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: { experiment: 'activation-patterns', params: NAP_SETTING },
  measure: (run) => {
    const m = napOf(run);
    return m ? [{ seed: run.spec.seed, m }] : null;
  },
  judge(ms) {
    const col = (f: (m: NapMeasure) => number) => ms.map(f);
    const recallOk = ms.every((m) => m.recallMin >= RECALL_MIN);
    const precisionOk = ms.every((m) => m.precisionMin >= PRECISION_MIN);
    const control = ms.every((m) => m.controlPrecisionMean < m.precisionMean);
    return {
      pass: recallOk && precisionOk && control,
      measured:
        `trained: recall min ${fixed(
          col((m) => m.recallMin),
          3,
        )} (mean ${fixed(
          col((m) => m.recallMean),
          3,
        )}), precision min ${fixed(
          col((m) => m.precisionMin),
          3,
        )} (mean ${fixed(
          col((m) => m.precisionMean),
          3,
        )}); untrained control: recall mean ${fixed(
          col((m) => m.controlRecallMean),
          3,
        )}, precision mean ${fixed(
          col((m) => m.controlPrecisionMean),
          3,
        )}; IBP: covered ${fixed(
          col((m) => m.covered),
          2,
        )}, NAP certifies a larger ε for ${fixed(
          col((m) => m.gain),
          2,
        )}, median ε ball ${fixed(
          col((m) => m.radiusBall),
          4,
        )} vs NAP ${fixed(
          col((m) => m.radiusNap),
          4,
        )}. ` +
        `Recall ≥ ${RECALL_MIN} ${ok(recallOk)}; precision ≥ ${PRECISION_MIN} ${ok(precisionOk)}; control ${ok(control)}`,
    };
  },
};
