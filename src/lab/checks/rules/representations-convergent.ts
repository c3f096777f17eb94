/**
 * The convergent-learning check (Li et al. 2015, catalogue #45): two identical nets from different
 * seeds, their hidden units matched one-to-one by correlation on a probe set, judged against the
 * same matching of the two nets before training and of a shuffled probe.
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed, mean, ok, std } from '../format.ts';
import type { Rule, RunData } from '../rule.ts';

export const CONVERGENT = {
  model: 'mlp',
  trainSize: 2000,
  probeSize: 1000,
  epochs: 5,
  lr: 1e-3,
  hidden: 128,
  depth: 3,
  cnnWidth: 0.25,
  ridge: 0.1,
  lassoIterations: 150,
  clusters: 8,
} satisfies ParamValues;

/** The catalogue's bars for the first layer: some units learned reliably (r ≥ 0.9), some not (r ≤ 0.5), ≥ 20% each. */
const SHARE = 0.2;
/** "Far above" chance: the trained pair's mean matched r beats the larger control by more than this many seed SDs. */
const SPREADS = 3;

interface LayerMeasure {
  trained: number;
  untrained: number;
  shuffled: number;
  predicted: number;
}

interface ConvergentMeasure {
  layers: LayerMeasure[];
  /** First layer, trained pair: shares of units with matched r ≥ 0.9 and ≤ 0.5. */
  high: number;
  low: number;
}

function convergentOf(run: RunData): ConvergentMeasure | null {
  const series = (name: string) => run.metrics[name];
  const trained = series('one-to-one/mean trained');
  const needed = ['one-to-one/mean untrained', 'one-to-one/mean shuffled', 'predicted/mean trained'];
  const depth = Number(run.spec.params.model === 'cnn' ? 6 : run.spec.params.depth);
  if (!trained || trained.steps.length < depth || needed.some((n) => (series(n)?.steps.length ?? 0) < depth))
    return null;
  const at = (name: string, layer: number) => series(name)!.values[series(name)!.steps.indexOf(layer)];
  const layers = trained.steps.map((l) => ({
    trained: at('one-to-one/mean trained', l),
    untrained: at('one-to-one/mean untrained', l),
    shuffled: at('one-to-one/mean shuffled', l),
    predicted: at('predicted/mean trained', l),
  }));
  return { layers, high: at('one-to-one/high trained', 1), low: at('one-to-one/low trained', 1) };
}

export const convergentLearningRule: Rule<ConvergentMeasure> = {
  id: 'convergent-learning',
  paper:
    'Li, Yosinski, Clune, Lipson & Hopcroft (1511.07543): nets trained from different seeds learn some features reliably and ' +
    'others not; units span common low-dimensional subspaces whose basis differs between nets.',
  claim:
    `Two MLPs 784-${CONVERGENT.hidden}×${CONVERGENT.depth}-10 from different seeds, trained by Adam (${CONVERGENT.epochs} epochs) on the ` +
    `same ${CONVERGENT.trainSize} MNIST images; every hidden layer's units matched one-to-one (Hungarian) on their correlations ` +
    `over ${CONVERGENT.probeSize} test images. On every judged seed: in the first layer ≥ ${100 * SHARE}% of units have matched ` +
    `r ≥ 0.9 and ≥ ${100 * SHARE}% have r ≤ 0.5, and in every layer the held-out linear prediction of net B's units from all of ` +
    `net A's (ridge λ = ${CONVERGENT.ridge}, fitted on half the probe, scored on the other half) correlates at least as well as ` +
    `the mean one-to-one match (the catalogue's bars). Controls in the same run: the same matching of the two nets before ` +
    `training, and of the trained pair with one net's probe rows shuffled; in every layer the trained pair's mean matched r ` +
    `must exceed the larger control by more than ${SPREADS}× its own standard deviation over the judged seeds. Falsified if ` +
    `any part fails. The setting was chosen on seed 1 only.`,
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: { experiment: 'convergent-learning', params: CONVERGENT },
  measure: (run) => {
    const m = convergentOf(run);
    return m ? [{ seed: run.spec.seed, m }] : null;
  },
  judge(ms) {
    const depth = Math.min(...ms.map((m) => m.layers.length));
    const layer = (l: number, f: (x: LayerMeasure) => number) => ms.map((m) => f(m.layers[l]));
    const split = ms.every((m) => m.high >= SHARE && m.low >= SHARE);
    const subspace = ms.every((m) => m.layers.every((x) => x.predicted >= x.trained));
    const control = Array.from({ length: depth }, (_, l) => {
      const t = layer(l, (x) => x.trained);
      const margin = SPREADS * std(t);
      return ms.every((m) => m.layers[l].trained - Math.max(m.layers[l].untrained, m.layers[l].shuffled) > margin);
    }).every(Boolean);
    const lines = Array.from(
      { length: depth },
      (_, l) =>
        `layer ${l + 1}: matched r ${fixed(
          layer(l, (x) => x.trained),
          3,
        )} (seed SD ${std(layer(l, (x) => x.trained)).toFixed(3)}) vs untrained ${fixed(
          layer(l, (x) => x.untrained),
          3,
        )}, shuffled ${fixed(
          layer(l, (x) => x.shuffled),
          3,
        )}; prediction ${fixed(
          layer(l, (x) => x.predicted),
          3,
        )}`,
    );
    return {
      pass: split && subspace && control,
      measured:
        `${lines.join('; ')}. First layer r ≥ 0.9: ${fixed(
          ms.map((m) => m.high),
          2,
        )}, r ≤ 0.5: ${fixed(
          ms.map((m) => m.low),
          2,
        )} (≥ ${SHARE} each ${ok(split)}); prediction ≥ matched r ${ok(subspace)}; ` +
        `above controls by > ${SPREADS} SD ${ok(control)} (mean trained r ${mean(ms.map((m) => m.layers[0].trained)).toFixed(3)} in layer 1)`,
    };
  },
};
