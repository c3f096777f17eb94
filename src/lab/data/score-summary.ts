/**
 * What a run shows of its example scores: a histogram per class (and of its flipped labels, under
 * label noise), galleries of the examples at either end of the ranking and of the flagged noisy
 * ones, and the shown examples' EL2N over the scoring epochs, as snapshots.
 */
import type { Dataset } from '../datasets.ts';
import type { Snapshot } from '../experiment.ts';

export const HISTOGRAM_BINS = 24;

/**
 * Counts of scores per class in HISTOGRAM_BINS equal bins over [0, top], as a heatmap of
 * [classes + 1, bins]: one row per class, then one row of the bins' upper edges (the range has no
 * other place in a snapshot). `top` is √2 for EL2N (its largest value) and the largest score for
 * GraNd, which is unbounded. NaN scores are not counted. `only` (pool positions) counts just those
 * examples, in the bins of the whole pool: the flipped labels' histogram under label noise.
 */
export function scoreHistogram<N extends string = 'scores/histogram'>(
  scores: Float32Array,
  labels: Uint32Array,
  classNames: readonly string[],
  rule: 'el2n' | 'grand',
  only?: { name: N; positions: Uint32Array },
): Snapshot<N> {
  const classes = classNames.length;
  const top = rule === 'el2n' ? Math.SQRT2 : scores.reduce((m, v) => (v > m ? v : m), 0) || 1;
  const data = new Float32Array((classes + 1) * HISTOGRAM_BINS);
  const count = (i: number) => {
    const v = scores[i];
    if (Number.isNaN(v)) return;
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.floor((v / top) * HISTOGRAM_BINS));
    data[labels[i] * HISTOGRAM_BINS + bin]++;
  };
  if (only) only.positions.forEach(count);
  else scores.forEach((_, i) => count(i));
  for (let b = 0; b < HISTOGRAM_BINS; b++) data[classes * HISTOGRAM_BINS + b] = ((b + 1) * top) / HISTOGRAM_BINS;
  return {
    kind: 'heatmap',
    name: only?.name ?? ('scores/histogram' as N),
    step: 0,
    shape: [classes + 1, HISTOGRAM_BINS],
    data,
    labels: [...classNames, 'bin upper edge'],
  };
}

/**
 * The pool examples at positions `at` (of the pool's dataset indices `pool`) as a gallery with
 * their true labels (and, under label noise, the labels they were given as `predicted`), their
 * scores as a [1, n] heatmap beside it, and their mean EL2N after each scoring epoch 0 … E as an
 * [n, E + 1] heatmap: the score history a click on an example shows.
 */
export function galleryOf<E extends string>(
  data: Dataset,
  pool: Uint32Array,
  at: Uint32Array,
  scores: Float32Array,
  end: E,
  history: readonly Float32Array[],
  given?: Uint32Array,
): [Snapshot<`gallery/${E}`>, Snapshot<`gallery/${E}-scores`>, Snapshot<`gallery/${E}-history`>] {
  const [h, w, c] = data.manifest.shape;
  const size = h * w * c;
  const images = new Uint8Array(at.length * size);
  at.forEach((pos, k) => images.set(data.train.images.subarray(pool[pos] * size, (pool[pos] + 1) * size), k * size));
  const truth = Uint32Array.from(at, (pos) => data.train.labels[pool[pos]]);
  return [
    {
      kind: 'gallery',
      name: `gallery/${end}`,
      step: 0,
      shape: [at.length, h, w, c],
      data: images,
      truth,
      ...(given ? { predicted: Uint32Array.from(at, (pos) => given[pos]) } : {}),
      labels: [...data.manifest.classes],
    },
    {
      kind: 'heatmap',
      name: `gallery/${end}-scores`,
      step: 0,
      shape: [1, at.length],
      data: Float32Array.from(at, (pos) => scores[pos]),
    },
    {
      kind: 'heatmap',
      name: `gallery/${end}-history`,
      step: 0,
      shape: [at.length, history.length],
      data: Float32Array.from({ length: at.length * history.length }, (_, j) => {
        const e = j % history.length;
        return history[e][at[(j - e) / history.length]];
      }),
    },
  ];
}
