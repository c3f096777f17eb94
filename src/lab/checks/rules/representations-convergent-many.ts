/**
 * The convergent-learning many-to-many check (Li et al. 2015, section 5, catalogue #45): the units
 * of both nets in a layer clustered together by spectral clustering on |correlation|; the paper
 * finds many small groups of units from both nets that span similar subspaces. Control in the same
 * run: the same clustering with one net's probe rows shuffled, where A–B correlations are chance's.
 */
import { fixed, ok, std } from '../format.ts';
import type { Rule, RunData } from '../rule.ts';
import { clusterLayers, type ClusterLayer } from '../../representations/cluster-layers.ts';
import { CONVERGENT } from './representations-convergent.ts';

/** "Many groups of units from both nets": at least this share of the clusters holds units of both. */
const MIXED = 0.5;
/** "Far above" the control: the trained gap (within − across) beats the control's by more than this many seed SDs. */
const SPREADS = 3;

export interface ManyMeasure {
  layers: ClusterLayer[];
}

const gap = (x: { within: number; across: number }) => x.within - x.across;

export const convergentManyRule: Rule<ManyMeasure> = {
  id: 'convergent-many-to-many',
  paper:
    'Li, Yosinski, Clune, Lipson & Hopcroft (1511.07543), section 5: clustering the units of two nets together by their ' +
    'correlations finds many small groups of units from both nets that span similar subspaces (many-to-many alignment).',
  claim:
    `The setting of convergent-learning (two MLPs 784-${CONVERGENT.hidden}×${CONVERGENT.depth}-10 from different seeds, ` +
    `${CONVERGENT.epochs} Adam epochs on the same ${CONVERGENT.trainSize} MNIST images, ${CONVERGENT.probeSize} probe images). ` +
    `Per hidden layer the units of both nets are clustered together into ${CONVERGENT.clusters} clusters (spectral clustering ` +
    `on |correlation| within and across the nets: top eigenvectors of D^-1/2·W·D^-1/2, k-means on their rows). On every judged ` +
    `seed and layer, ≥ ${100 * MIXED}% of the clusters hold units of both nets, more than with the control, and A–B unit ` +
    `pairs in the same cluster correlate more (mean |r|) than pairs in different clusters. Control in the same run: the same ` +
    `clustering with net B's probe rows shuffled; in every layer the trained gap (within − across) must exceed the control's ` +
    `by more than ${SPREADS}× the larger seed SD of the two. Falsified if any part fails. The cluster count was chosen on ` +
    `seed 1 only.`,
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: { experiment: 'convergent-learning', params: CONVERGENT },
  measure: (run: RunData) => {
    const layers = clusterLayers(run.metrics);
    return layers.length >= CONVERGENT.depth ? [{ seed: run.spec.seed, m: { layers } }] : null;
  },
  judge(ms) {
    const depth = Math.min(...ms.map((m) => m.layers.length));
    const col = (l: number, f: (x: ClusterLayer) => number) => ms.map((m) => f(m.layers[l]));
    const mixed = ms.every((m) =>
      m.layers.every((x) => x.trained.mixed >= MIXED && x.trained.mixed > x.shuffled.mixed),
    );
    const within = ms.every((m) => m.layers.every((x) => gap(x.trained) > 0));
    const control = Array.from({ length: depth }, (_, l) => {
      const [t, c] = [col(l, (x) => gap(x.trained)), col(l, (x) => gap(x.shuffled))];
      const margin = SPREADS * Math.max(std(t), std(c));
      return t.every((v, i) => v - c[i] > margin);
    }).every(Boolean);
    const lines = Array.from(
      { length: depth },
      (_, l) =>
        `layer ${l + 1}: within ${fixed(
          col(l, (x) => x.trained.within),
          3,
        )} vs across ${fixed(
          col(l, (x) => x.trained.across),
          3,
        )}, mixed ${fixed(
          col(l, (x) => x.trained.mixed),
          3,
        )}; shuffled within ${fixed(
          col(l, (x) => x.shuffled.within),
          3,
        )} vs across ${fixed(
          col(l, (x) => x.shuffled.across),
          3,
        )}, mixed ${fixed(
          col(l, (x) => x.shuffled.mixed),
          3,
        )}`,
    );
    return {
      pass: mixed && within && control,
      measured:
        `${lines.join('; ')}. ≥ ${100 * MIXED}% mixed clusters and more than the control ${ok(mixed)}; within > across ` +
        `${ok(within)}; trained gap above the control's by > ${SPREADS} SD ${ok(control)}`,
    };
  },
};
