/**
 * Rules of the adversarial power law (Cubuk et al., 1711.02846): one judge, a function of the
 * setting, for the FGSM check, the PGD check and the shuffled-label check.
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed, mean, ok } from '../format.ts';
import type { Rule, RunData } from '../rule.ts';

const MODELS = ['linear', 'mlp', 'cnn'] as const;

/** Every parameter of adversarial-power-law, at the FGSM check's values. */
const FGSM_SETTING = {
  trainSize: 1000,
  testSize: 1000,
  labels: 'true',
  epochs: 4,
  lr: 1e-3,
  hidden: 128,
  cnnWidth: 0.125,
  attack: 'fgsm',
  pgdSteps: 7,
  epsMin: 1e-3,
  epsMax: 0.3,
  epsCount: 10,
  fitMax: 0.03,
} satisfies ParamValues;

type PowerLawSetting = typeof FGSM_SETTING;

/** The catalogue's bars: a straight log-log line, and slopes within ±20% of their mean across models. */
const R2_MIN = 0.95;
const SLOPE_SPREAD = 0.2;
/** The control must stay at most half the adversarial error at the largest fitted ε. */
const CONTROL_RATIO = 0.5;

interface ModelFit {
  exponent: number;
  r2: number;
  /** Adversarial and random-sign error at the largest grid ε ≤ fitMax. */
  adversarial: number;
  noise: number;
}

export type PowerLawMeasure = Record<(typeof MODELS)[number], ModelFit>;

function powerLawOf(run: RunData): PowerLawMeasure | null {
  const eps = run.metrics['epsilon'];
  if (!eps) return null;
  const fitMax = Number(run.spec.params.fitMax);
  const top = eps.steps.filter((_, i) => eps.values[i] <= fitMax).pop();
  const last = (name: string) => run.metrics[name]?.values.at(-1);
  const at = (name: string) => {
    const s = run.metrics[name];
    return s && top !== undefined ? s.values[s.steps.indexOf(top)] : undefined;
  };
  const out: Partial<PowerLawMeasure> = {};
  for (const m of MODELS) {
    const fit = {
      exponent: last(`fit/exponent ${m}`),
      r2: last(`fit/r2 ${m}`),
      adversarial: at(`adversarial/error ${m}`),
      noise: at(`noise/error ${m}`),
    };
    if (Object.values(fit).some((v) => v === undefined)) return null;
    out[m] = fit as ModelFit;
  }
  return out as PowerLawMeasure;
}

/** What the setting runs, in words: models, training, attack and attacked images. */
function settingText(s: PowerLawSetting): string {
  const attack = s.attack === 'pgd' ? `PGD (${s.pgdSteps} steps of ε/4, projected on the ε-ball)` : 'FGSM';
  const shuffled = s.labels === 'shuffled';
  return (
    `A linear model, an MLP (784-${s.hidden}-${s.hidden}-10) and Conv-2 at width ×${s.cnnWidth}, ` +
    `trained by Adam (${s.epochs} epochs) on ${s.trainSize} MNIST images${shuffled ? ' with their labels shuffled (one seeded permutation)' : ''}, ` +
    `${attack} on ${shuffled ? `the first ${s.testSize} of those training images` : `${s.testSize} test images`} ` +
    `at ${s.epsCount} log-spaced ε in [${s.epsMin}, ${s.epsMax}]; the error is the share ` +
    `of correctly classified images${shuffled ? ' (given the shuffled label they were trained on)' : ''} that flip.`
  );
}

/**
 * The power-law rule at `setting`: every model's small-ε log-log line is straight, the three
 * exponents agree, and the same-norm random-sign control stays well below the attack.
 */
function powerLawRule(id: string, setting: PowerLawSetting, tuning: string): Rule<PowerLawMeasure> {
  return {
    id,
    paper:
      'Cubuk, Zoph, Schoenholz & Le (1711.02846): adversarial error follows a power law in ε at small ε whose exponent is universal, ' +
      'independent of architecture (linear, MLP, CNN, …), dataset and training protocol.',
    claim:
      `${settingText(setting)} On every seed, for every model, the least-squares line of log error vs log ε over ε ≤ ${setting.fitMax} ` +
      `has R² ≥ ${R2_MIN}, and the three exponents lie within ±${100 * SLOPE_SPREAD}% of their mean (both the catalogue’s bars). Control in the same run: a random ` +
      `sign pattern of the same L∞ norm on the same images, whose error at the largest fitted ε must be ≤ ${CONTROL_RATIO}× the adversarial error there for every ` +
      `model. Falsified if any of these fails on any judged seed. ${tuning}`,
    seeds: { tuned: [1], judged: [2, 3, 4] },
    setting: { experiment: 'adversarial-power-law', params: setting },
    measure: (run) => {
      const m = powerLawOf(run);
      return m ? [{ seed: run.spec.seed, m }] : null;
    },
    judge(ms) {
      const col = (model: (typeof MODELS)[number], f: (x: ModelFit) => number) => ms.map((m) => f(m[model]));
      const straight = MODELS.every((model) => col(model, (x) => x.r2).every((r) => r >= R2_MIN));
      const agree = ms.every((m) => {
        const a = MODELS.map((model) => m[model].exponent);
        const mu = mean(a);
        return a.every((v) => Math.abs(v - mu) <= SLOPE_SPREAD * mu);
      });
      const control = ms.every((m) => MODELS.every((model) => m[model].noise <= CONTROL_RATIO * m[model].adversarial));
      const lines = MODELS.map(
        (model) =>
          `${model}: exponent ${fixed(
            col(model, (x) => x.exponent),
            2,
          )}, R² ${fixed(
            col(model, (x) => x.r2),
            3,
          )}, ` +
          `error at the largest fitted ε ${fixed(
            col(model, (x) => x.adversarial),
            3,
          )} vs control ${fixed(
            col(model, (x) => x.noise),
            3,
          )}`,
      );
      return {
        pass: straight && agree && control,
        measured: `${lines.join('; ')}. R² ≥ ${R2_MIN} ${ok(straight)}; exponents within ±${100 * SLOPE_SPREAD}% ${ok(agree)}; control ${ok(control)}`,
      };
    },
  };
}

export const adversarialPowerLawRule = powerLawRule(
  'adversarial-power-law',
  FGSM_SETTING,
  'Defaults and fitMax were set after looking at seed 1 only.',
);

/**
 * PGD instead of FGSM, on radii up to fitMax only (the larger ones are outside the fit and cost
 * most) and half the attacked images: every radius is pgdSteps gradient passes where FGSM needs one.
 */
export const adversarialPowerLawPgdRule = powerLawRule(
  'adversarial-power-law-pgd',
  { ...FGSM_SETTING, testSize: 500, attack: 'pgd', pgdSteps: 5, epsMax: 0.03, epsCount: 6 },
  'The steps, the ε grid and the attacked images were set for the run’s time, before any seed’s result; the bars are the FGSM check’s.',
);

/**
 * Shuffled labels: half the images, so that five times the epochs let every model memorise much of
 * them; all of them attacked.
 */
export const adversarialPowerLawShuffledRule = powerLawRule(
  'adversarial-power-law-shuffled',
  { ...FGSM_SETTING, labels: 'shuffled', trainSize: 500, testSize: 500, epochs: 20 },
  'The training size and epochs were set, for the nets to memorise much of their labels within the run’s time, before any seed’s result; the bars are the FGSM check’s.',
);
