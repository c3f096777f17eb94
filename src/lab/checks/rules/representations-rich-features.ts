/**
 * Rich feature construction (Zhang, Lopez-Paz & Bottou 2022, catalogue #11): IRM and V-REx started
 * from RFC features reach a higher reversed-colour test accuracy than the same methods started from
 * ERM features, in the same run, with a smaller seed spread.
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed, mean, ok, std } from '../format.ts';
import type { Rule, RunData } from '../rule.ts';

export const RICH_FEATURES = {
  envSize: 2000,
  flip1: 0.1,
  flip2: 0.2,
  flipTest: 0.9,
  hidden: 32,
  featureSteps: 100,
  episodes: 2,
  features: 'fine-tuned',
  oodSteps: 100,
  annealSteps: 0,
  irmWeight: 1000,
  vrexWeight: 1000,
  lr: 1e-3,
  weightDecay: 1e-3,
  evals: 4,
} satisfies ParamValues;

/** The catalogue's bars: RFC start ≥ ERM start + 10 pt, with at most half the seed variance. */
const GAIN_PT = 10;
const VARIANCE_RATIO = 0.5;

const METHODS = ['irm', 'vrex'] as const;
const METHOD_NAMES = { irm: 'IRM', vrex: 'V-REx' } as const;
type Method = (typeof METHODS)[number];

/** Final reversed-colour test accuracy (%) of each method from each start. */
export type RichFeaturesMeasure = Record<`${'erm' | 'rfc'} ${Method}`, number>;

export function richFeaturesMeasure(run: RunData): RichFeaturesMeasure | null {
  const last = (tag: string) => {
    const v = run.metrics[`accuracy/test ${tag}`]?.values.at(-1);
    return v === undefined ? NaN : 100 * v;
  };
  const m = {
    'erm irm': last('erm irm'),
    'rfc irm': last('rfc irm'),
    'erm vrex': last('erm vrex'),
    'rfc vrex': last('rfc vrex'),
  };
  return run.summary && Object.values(m).every(Number.isFinite) ? m : null;
}

export const richFeaturesRule: Rule<RichFeaturesMeasure> = {
  id: 'rfc-beats-erm-start',
  paper:
    'Zhang, Lopez-Paz & Bottou (2203.15516), Rich Feature Construction for the Optimization-Generalization Dilemma: OOD methods ' +
    '(IRM, V-REx, …) started from features found by discovery episodes and synthesis reach top ColoredMNIST test accuracy, and with ' +
    'less variance, where the same methods started from ERM features stay near the colour-following solution.',
  claim:
    `ColoredMNIST at 14 × 14: ${RICH_FEATURES.envSize} images per environment, colour flipped in ${100 * RICH_FEATURES.flip1}% and ` +
    `${100 * RICH_FEATURES.flip2}% of the two training environments and ${100 * RICH_FEATURES.flipTest}% of the test one, 25% label noise; ` +
    `a 2 × ${RICH_FEATURES.hidden} ReLU extractor, ${RICH_FEATURES.episodes} discovery episodes and a synthesis of ${RICH_FEATURES.featureSteps} ` +
    `full-batch Adam steps each; then ERM, IRM (λ ${RICH_FEATURES.irmWeight}) and V-REx (λ ${RICH_FEATURES.vrexWeight}) train a fresh zero head and the ` +
    `copied features (${RICH_FEATURES.features}) for ${RICH_FEATURES.oodSteps} full-batch steps, the penalty from the first. ` +
    'Control in the same run: IRM and V-REx from the ERM features (episode 1). ' +
    `Pass if, for IRM and for V-REx, the reversed-colour test accuracy from the RFC features exceeds that from the ERM features by ≥ ${GAIN_PT} pt ` +
    `on the seed mean and by more than the seeds’ SD of that difference, and the RFC start’s seed SD is ≤ √${VARIANCE_RATIO} of the ERM start’s ` +
    `(variance ≤ ${VARIANCE_RATIO}×; both the catalogue’s bars). Falsified if either method fails either part. ` +
    'Setting chosen on seed 1 only, among eight tried there (docs/check-settings.md): the defaults gave the largest RFC gain for the weaker ' +
    'of the two methods (IRM +5.6, V-REx +4.0 pt); frozen features, a penalty anneal, λ 100, a higher step size, 300–500 OOD steps or ' +
    '5,000 images per environment each left IRM or V-REx with no gain.',
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: { experiment: 'rich-features', params: RICH_FEATURES },
  measure: (run) => {
    const m = richFeaturesMeasure(run);
    return m ? [{ seed: run.spec.seed, m }] : null;
  },
  judge(ms, seeds) {
    const parts = METHODS.map((method: Method) => {
      const erm = ms.map((m) => m[`erm ${method}`]);
      const rfc = ms.map((m) => m[`rfc ${method}`]);
      const d = rfc.map((r, i) => r - erm[i]);
      const gains = mean(d) >= GAIN_PT && mean(d) > std(d);
      const steadier = std(rfc) ** 2 <= VARIANCE_RATIO * std(erm) ** 2;
      return {
        pass: gains && steadier,
        text:
          `${METHOD_NAMES[method]} from ERM ${fixed(erm, 1)}, from RFC ${fixed(rfc, 1)}; RFC − ERM mean ${mean(d).toFixed(1)} ± SD ` +
          `${std(d).toFixed(1)} pt ${ok(gains)} (≥ ${GAIN_PT} and > SD); seed SD RFC ${std(rfc).toFixed(1)} vs ERM ${std(erm).toFixed(1)} ${ok(steadier)}`,
      };
    });
    return {
      pass: parts.every((p) => p.pass),
      measured: `seeds ${seeds.join(', ')}; reversed-colour test accuracy (%): ${parts.map((p) => p.text).join('; ')}`,
    };
  },
};
