/**
 * The convergent-learning sparse-prediction check (Li et al. 2015, section 4, catalogue #45):
 * each unit of net B predicted from all of net A's units by a lasso, judged at its sparse end
 * (a few nonzero weights per unit) against the one-to-one matching scored as the same kind of map,
 * and against the same lasso from A's probe rows shuffled (the control in the same run).
 */
import { fixed, mean, ok, std } from '../format.ts';
import type { Rule, RunData } from '../rule.ts';
import { sparsePathLayers } from '../../representations/sparse-path.ts';
import { CONVERGENT } from './representations-convergent.ts';

/** "A few" units of A per unit of B: the upper end of a handful (5–10); at 5 the lasso's shrinkage, not its support, costs most of its error. */
export const FEW = 10;
/** "Far below" the control: the shuffled lasso's error exceeds the sparse map's by more than this many seed SDs. */
const SPREADS = 3;
/** The control must find nothing: its held-out error stays at least this near 1 (0: predicting the mean). */
const CONTROL_FLOOR = 0.9;

export interface SparseLayer {
  /** λ of the sparse point: the lowest error among the λs whose map keeps ≤ FEW weights per unit. NaN: none did. */
  lambda: number;
  error: number;
  nonzeros: number;
  /** The one-to-one (Hungarian) map's held-out error. */
  oneToOne: number;
  /** The shuffled-rows control's error at the same λ. */
  shuffled: number;
  /** The error of the densest map (smallest λ), with nearly all of A's units. */
  dense: number;
}

export interface SparseMeasure {
  layers: SparseLayer[];
}

/** Per layer, the sparse point and its comparisons, from the run's metrics. */
export function sparseLayersOf(run: RunData): SparseLayer[] {
  return sparsePathLayers(run.metrics).map(({ points, oneToOne }) => {
    const few = points.filter((x) => x.nonzeros <= FEW).sort((a, b) => a.error - b.error)[0];
    return {
      lambda: few?.lambda ?? NaN,
      error: few?.error ?? NaN,
      nonzeros: few?.nonzeros ?? NaN,
      shuffled: few?.shuffled ?? NaN,
      oneToOne,
      dense: points.at(-1)!.error,
    };
  });
}

export const convergentSparseRule: Rule<SparseMeasure> = {
  id: 'convergent-sparse-prediction',
  paper:
    'Li, Yosinski, Clune, Lipson & Hopcroft (1511.07543), section 4: predicting each unit of one net from all units of ' +
    'another with an L1-penalized (sparse) linear map, a few units predict it nearly as well as all of them and far better ' +
    'than its best one-to-one match; how well depends on the layer.',
  claim:
    `The setting of convergent-learning (two MLPs 784-${CONVERGENT.hidden}×${CONVERGENT.depth}-10 from different seeds, ` +
    `${CONVERGENT.epochs} Adam epochs on the same ${CONVERGENT.trainSize} MNIST images, ${CONVERGENT.probeSize} probe images). ` +
    `Per hidden layer, every unit of net B is predicted from all units of net A by a lasso on standardized activations ` +
    `(FISTA, ${CONVERGENT.lassoIterations} steps per λ, fitted on half the probe, scored on the other half as the share of ` +
    `variance unexplained). On every judged seed and layer, the best map with ≤ ${FEW} nonzero weights per unit must have ` +
    `a held-out error ≤ that of the one-to-one (Hungarian) match scored as a one-weight map. Control in the same run: the ` +
    `same lasso from net A's probe rows shuffled; its error at the same λ must stay ≥ ${CONTROL_FLOOR} and exceed the sparse ` +
    `map's by more than ${SPREADS}× the larger seed SD of the two. Falsified if any part fails. The λ grid was chosen on ` +
    `seed 1 only.`,
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: { experiment: 'convergent-learning', params: CONVERGENT },
  measure: (run) => {
    const layers = sparseLayersOf(run);
    return layers.length >= CONVERGENT.depth ? [{ seed: run.spec.seed, m: { layers } }] : null;
  },
  judge(ms) {
    const depth = Math.min(...ms.map((m) => m.layers.length));
    const col = (l: number, f: (x: SparseLayer) => number) => ms.map((m) => f(m.layers[l]));
    const few = ms.every((m) => m.layers.every((x) => x.nonzeros <= FEW));
    const beats = ms.every((m) => m.layers.every((x) => x.error <= x.oneToOne));
    const control = Array.from({ length: depth }, (_, l) => {
      const margin = SPREADS * Math.max(std(col(l, (x) => x.error)), std(col(l, (x) => x.shuffled)));
      return ms.every(
        (m) => m.layers[l].shuffled >= CONTROL_FLOOR && m.layers[l].shuffled - m.layers[l].error > margin,
      );
    }).every(Boolean);
    const lines = Array.from(
      { length: depth },
      (_, l) =>
        `layer ${l + 1}: λ ${fixed(
          col(l, (x) => x.lambda),
          2,
        )}, ${fixed(
          col(l, (x) => x.nonzeros),
          2,
        )} weights per unit, error ${fixed(
          col(l, (x) => x.error),
          3,
        )} vs one-to-one ${fixed(
          col(l, (x) => x.oneToOne),
          3,
        )}, shuffled ${fixed(
          col(l, (x) => x.shuffled),
          3,
        )}, all units ${fixed(
          col(l, (x) => x.dense),
          3,
        )}`,
    );
    return {
      pass: few && beats && control,
      measured:
        `${lines.join('; ')}. ≤ ${FEW} weights per unit ${ok(few)}; sparse error ≤ one-to-one ${ok(beats)}; ` +
        `control ≥ ${CONTROL_FLOOR} and above the sparse map by > ${SPREADS} SD ${ok(control)} ` +
        `(mean sparse error ${mean(ms.flatMap((m) => m.layers.map((x) => x.error))).toFixed(3)} over layers and seeds)`,
    };
  },
};
