/**
 * Rules of the loss-landscape checks (`npm run verify -- landscape`), sized for a CPU WebGPU
 * adapter: small MNIST MLPs on 2,000-example subsets. Every check prints its per-seed numbers; a
 * seed's measurement is those numbers.
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed } from '../format.ts';
import type { Measured, Rule } from '../rule.ts';

/** Seeds 1–3 chose the settings of most checks here; they are judged on 4–6. */
const TUNED = [1, 2, 3];
const JUDGED = [4, 5, 6];
export const SIZES = { train: 2000, eval: 300, test: 1000 };

// ——— The plane around the trained point ———

/**
 * The control plane's centre, in units of the filter-normalized directions: 3.5 grid cells off the
 * trained point, so the trained point stays inside the control's grid and a working test finds it
 * there rather than at the control's centre.
 */
export const SLICE_SHIFT = 0.5;
/**
 * Training steps before the slice. At 300 (7.5 epochs) held-out seed 4 was still descending and a
 * random direction found a lower loss 2 cells away; at 1,000 seeds 1–3 reach a training loss of
 * ~0.001. docs/check-settings.md#slice-min-at-trained.
 */
export const SLICE_STEPS = 1000;

export interface SliceMeasure {
  /** The plane's lowest loss, its cell offset from the trained point, the loss there and the larger corner. */
  min: number;
  offset: [number, number];
  trained: number;
  cornerMax: number;
  /** The control plane's lowest loss, as a cell offset from its own centre (null where it was not drawn). */
  controlOffset: [number, number] | null;
  points: number;
  seconds: number;
}

/** The (column, row) offset of a res×res grid's lowest value from the grid's centre. */
export function minimumOffset(loss: ArrayLike<number>, res: number): [number, number] {
  let m = 0;
  for (let i = 1; i < res * res; i++) if (loss[i] < loss[m]) m = i;
  return [(m % res) - (res - 1) / 2, Math.floor(m / res) - (res - 1) / 2];
}

/** What the rule reads of a res×res loss plane centred on the trained point (row-major, rows along the second direction). */
export function planeMeasure(
  plane: ArrayLike<number>,
  res: number,
): Pick<SliceMeasure, 'min' | 'offset' | 'trained' | 'cornerMax'> {
  const values = Array.from(plane);
  return {
    min: Math.min(...values),
    offset: minimumOffset(values, res),
    trained: values[(res * res - 1) / 2],
    cornerMax: Math.max(values[0], values[res * res - 1]),
  };
}

export const sliceMinimum: Rule<SliceMeasure> = {
  id: 'slice-min-at-trained',
  paper:
    'Li et al. (2018): on a filter-normalized random 2-D slice of the loss around trained weights, the trained point sits at the minimum.',
  claim:
    `On a 15×15 filter-normalized random plane over [−1, 1]² around trained weights (784-32-10 MLP, ${SLICE_STEPS} SGD steps, loss on 300 training examples), ` +
    'the grid’s lowest loss lies within one grid cell of the trained point, for each seed. Control in the same run: the same test on the same plane centred ' +
    `${SLICE_SHIFT} off the trained point along the first direction (not a minimum) must find its lowest loss more than one cell from that centre. ` +
    'Falsified if any seed’s minimum is farther than one cell from the trained point, or the test also calls the shifted point a minimum.',
  // Seed 4's failure at 300 steps led to the longer training, so it counts as tuned; 5 and 6 were
  // judged on 300 steps too, hence new seeds.
  seeds: { tuned: [...TUNED, 4], judged: [7, 8, 9] },
  setting: {
    experiment: 'landscape-slice',
    params: {
      dataset: 'mnist',
      trainSize: SIZES.train,
      hidden: [32],
      steps: SLICE_STEPS,
      batch: 50,
      lr: 0.05,
      directions: 'random',
      resolution: 15,
      span: 1,
      evalSize: SIZES.eval,
      checkpoints: 20,
    },
    beyond: `The check also evaluates its control, the same plane centred ${SLICE_SHIFT} off the trained point along the first direction; the experiment draws the plane alone, so a run is judged on the trained point's part of the rule.`,
  },
  perSeed: true,
  // The plane/loss heatmap: the check's plane when the directions are random (the same filter-normalized draw).
  measure(run) {
    const plane = run.snapshots?.['plane/loss'];
    if (!run.summary || !plane || run.spec.params.directions !== 'random') return null;
    const res = plane.shape[0];
    const m = { ...planeMeasure(plane.data, res), controlOffset: null, points: res * res };
    return [{ seed: run.spec.seed, m: { ...m, seconds: Number(run.summary.planeSeconds) } }];
  },
  judge(ms, seeds) {
    let pass = true;
    const rows = ms.map((m, k) => {
      const [di, dj] = m.offset;
      const c = m.controlOffset;
      pass &&= Math.abs(di) <= 1 && Math.abs(dj) <= 1 && (c === null || Math.abs(c[0]) > 1 || Math.abs(c[1]) > 1);
      return (
        `seed ${seeds[k]}: min ${m.min.toFixed(4)} at cell offset (${di}, ${dj}), trained ${m.trained.toFixed(4)}, corner max ${m.cornerMax.toFixed(2)}; ` +
        `shifted control: ${c ? `min at (${c[0]}, ${c[1]}) from its centre` : 'not drawn'}; ${m.points} points in ${m.seconds.toFixed(1)} s`
      );
    });
    return { pass, measured: rows.join('; ') };
  },
};

// ——— Linear mode connectivity ———

const LMC = {
  dataset: 'mnist',
  trainSize: SIZES.train,
  hidden: [32],
  steps: 200,
  rewind: 20,
  runs: 2,
  batch: 50,
  lr: 0.05,
  evalSize: SIZES.eval,
  points: 11,
} satisfies ParamValues;

/** The error (and loss) barrier on the line between the two rewound copies, and between two different inits. */
export interface LmcMeasure {
  rewind: number;
  init: number;
  /** Loss barriers, where the run keeps them (a browser run keeps the error barriers only). */
  rewindLoss: number | null;
  initLoss: number | null;
}

const loss = (v: number | null) => (v === null ? '–' : v.toFixed(3));

export const lmcRewind: Rule<LmcMeasure> = {
  id: 'lmc-rewind-below-init',
  paper:
    'Frankle et al. (2020): networks trained from a shared early point with different data orders are linearly connected (no error barrier on the line between them), unlike networks trained from different initializations.',
  claim:
    'Two 784-32-10 MLPs trained (200 SGD steps) from a shared rewind point k = 20 with different data orders have a lower error barrier (on 300 training examples) on the line between them ' +
    'than two trained from different initializations (the control, same run), for each seed (falsified if any seed’s rewind barrier is ≥ its different-init barrier).',
  perSeed: true,
  seeds: { tuned: TUNED, judged: JUDGED },
  setting: { experiment: 'landscape-lmc', params: LMC },
  // With two runs a group, the summary's mean barrier of each group is its one pair's.
  measure: (run) =>
    run.summary && typeof run.summary.rewindBarrier === 'number'
      ? [
          {
            seed: run.spec.seed,
            m: {
              rewind: run.summary.rewindBarrier,
              init: Number(run.summary.initBarrier),
              rewindLoss: null,
              initLoss: null,
            },
          },
        ]
      : null,
  judge(ms, seeds) {
    const rows = ms.map(
      (m, k) =>
        `seed ${seeds[k]}: rewind pair ${(100 * m.rewind).toFixed(2)} pt (loss ${loss(m.rewindLoss)}), different inits ${(100 * m.init).toFixed(2)} pt (loss ${loss(m.initLoss)})`,
    );
    return {
      pass: ms.every((m) => m.rewind < m.init),
      measured: `error barriers on 300 training examples — ${rows.join('; ')}`,
    };
  },
};

// ——— Intrinsic dimension ———

/**
 * Adam moves every z coordinate by about lr per step, so θ moves by about lr·√d: the rate is
 * scaled as 1/√d, so that θ's step is the same at every d, from 0.2 at d = 200, the best of four
 * rates there for 784-16-10. The rates tried: docs/check-settings.md#intrinsic-dim-mnist-fc.
 */
export const idLr = (d: number): number => 0.2 * Math.sqrt(200 / d);

export interface IntrinsicSetting {
  sizes: typeof SIZES;
  hidden: number[];
  /** Ascending; the crossing must lie inside it: the first point misses and the last is never the first hit. */
  grid: number[];
  refine: number;
  steps: number;
  batch: number;
}

/** One seed's sweep: the dense net's test accuracy, each subspace run, and the crossing of 90% of dense. */
export interface IntrinsicMeasure {
  dense: number;
  runs: Array<{ d: number; accuracy: number; seconds: number }>;
  dInt90: number | null;
}

const INTRINSIC_UNMEASURED =
  "The check searches d on its grid up to the first d that reaches 90% of the dense net, then bisects; the experiment trains at a fixed list of d, so a run has neither the check's grid nor its crossing.";

/**
 * One intrinsic-dimension sweep per seed. The grid's first point is the control: a subspace that
 * small must miss 90% of the dense net (else the sweep only shows that any d works), and the first
 * hit must come before the grid's last point, so the crossing is bracketed inside the grid.
 */
function intrinsicJudge(o: IntrinsicSetting): Rule<IntrinsicMeasure>['judge'] {
  return (ms, seeds) => {
    let pass = true;
    const rows = ms.map((r, k) => {
      const firstHit = r.runs.find((x) => x.accuracy >= 0.9 * r.dense)?.d;
      const bracketed = r.runs[0].accuracy < 0.9 * r.dense && firstHit !== undefined && firstHit < o.grid.at(-1)!;
      pass &&= bracketed;
      const runs = r.runs
        .map((x) => `d=${x.d}: ${(100 * x.accuracy).toFixed(1)}% (${x.seconds.toFixed(0)} s)`)
        .join(', ');
      return `seed ${seeds[k]}: dense ${(100 * r.dense).toFixed(1)}%, 90% target ${(90 * r.dense).toFixed(1)}%; ${runs} → d_int90 = ${r.dInt90 ?? 'not reached'}${bracketed ? '' : ' (not bracketed inside the grid)'}`;
    });
    return {
      pass,
      measured: `d_int90 ${ms.map((r) => r.dInt90 ?? '∞').join('/')} (paper: 750 for 784-200-200-10; grid stops at its first hit, then ${o.refine} bisection round(s)) — ${rows.join('; ')}`,
    };
  };
}

export const ID_FC: IntrinsicSetting = {
  sizes: SIZES,
  hidden: [16],
  grid: [100, 300, 900, 2700, 8100],
  refine: 1,
  steps: 300,
  batch: 50,
};

export const intrinsicDim: Rule<IntrinsicMeasure> = {
  id: 'intrinsic-dim-mnist-fc',
  paper:
    'Li et al. (2018): training in a random d-dimensional subspace of the weights reaches 90% of full performance at a d far below the number of weights (750 for an MNIST MLP).',
  claim:
    `MNIST fully connected 784-${ID_FC.hidden.join('-')}-10 (D = 12,730; the paper's 784-200-200-10, D = 199,210, is too slow on a CPU adapter), ${ID_FC.sizes.train} training / ${ID_FC.sizes.test} test examples, ` +
    `dense baseline and every subspace run ${ID_FC.steps} Adam steps of batch ${ID_FC.batch} (dense lr 0.003; z: lr 0.2·√(200/d), calibrated at d = 200 on seed 1), ±1 projection, ` +
    `d on the grid {${ID_FC.grid.join(', ')}} then ${ID_FC.refine} bisection round: on each seed the crossing of 90% of that seed's dense test accuracy lies inside the grid — ` +
    `d = ${ID_FC.grid[0]} misses (the control: a small subspace does not suffice) and a d ≤ ${ID_FC.grid.at(-2)} reaches it — and d_int90 is reported (paper: 750 for 784-200-200-10, ` +
    `about the same across widths). Falsified if d = ${ID_FC.grid[0]} already reaches 90%, or no d ≤ ${ID_FC.grid.at(-2)} (${((100 * ID_FC.grid.at(-2)!) / 12730).toFixed(0)}% of D) does.`,
  perSeed: true,
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: null,
  experiment: 'landscape-intrinsic-dim',
  unmeasured: INTRINSIC_UNMEASURED,
  judge: intrinsicJudge(ID_FC),
};

export const ID_LENET: IntrinsicSetting = {
  sizes: { train: 1000, eval: 1, test: 500 },
  hidden: [],
  grid: [100, 300, 1000, 3000],
  refine: 1,
  steps: 100,
  batch: 32,
};

export const intrinsicLenet: Rule<IntrinsicMeasure> = {
  id: 'intrinsic-dim-lenet',
  paper:
    'Li et al. (2018): training in a random d-dimensional subspace of the weights reaches 90% of full performance at a d far below the number of weights (290 for LeNet on MNIST).',
  claim:
    `MNIST LeNet (conv 6@5×5, conv 16@5×5, FC 120-84-10, D = 44,426 as in the paper), reduced budget for a CPU adapter: ${ID_LENET.sizes.train} training / ${ID_LENET.sizes.test} test examples, ` +
    `dense baseline and every subspace run ${ID_LENET.steps} Adam steps of batch ${ID_LENET.batch} (dense lr 0.003; z: lr 0.2·√(200/d)), ±1 projection, d on the grid {${ID_LENET.grid.join(', ')}} ` +
    `then ${ID_LENET.refine} bisection round: on each seed d = ${ID_LENET.grid[0]} misses 90% of the dense LeNet's test accuracy (control) and a d ≤ ${ID_LENET.grid.at(-2)} reaches it; ` +
    `d_int90 is reported (paper: 290). Falsified if d = ${ID_LENET.grid[0]} already reaches 90%, or no d ≤ ${ID_LENET.grid.at(-2)} does.`,
  // Never run on seeds yet; its subspace learning rate was chosen on intrinsic-dim-mnist-fc's seed 1.
  perSeed: true,
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: null,
  experiment: 'landscape-intrinsic-dim',
  unmeasured: INTRINSIC_UNMEASURED,
  judge: intrinsicJudge(ID_LENET),
  gpuOnly: `LeNet's subspace steps took ~15 s each on SwiftShader: ${ID_LENET.steps} steps × ${ID_LENET.grid.length + ID_LENET.refine} subspace runs is over 1.5 h`,
};

// ——— Edge of stability ———

/**
 * Fashion-MNIST, tanh 32-32, MSE, Glorot init ×0.25: the cheapest setting found whose sharpness
 * starts below 2/η and rises to it (ReLU + cross-entropy and MNIST start above the edge or never
 * sharpen; CIFAR-10 sharpens but costs 4× more per step). Sharpening is ∝ η, and η ∈ {0.6, 0.8}
 * reach the edge well within 400 steps. The settings measured:
 * docs/check-settings.md#sharpness-edge-of-stability.
 */
const EOS_LRS = [0.6, 0.8];
const EOS = {
  dataset: 'fashion-mnist',
  trainSize: 500,
  hidden: [32, 32],
  activation: 'tanh',
  initScale: 0.25,
  steps: 400,
  lr: EOS_LRS[0],
  every: 25,
  iterations: 8,
  loss: 'mse',
} satisfies ParamValues;
/**
 * The control is the ratio of the late sharpness at the two rates. Were the sharpness set by the
 * landscape rather than by the edge, it would not depend on η (ratio 1), or, sharpening at a rate
 * ∝ η without a cap, be higher at the larger η (ratio < 1). At the edge of stability it tracks 2/η,
 * so the smaller η's late sharpness is larger by the ratio of the rates: the claim needs the ratio
 * nearer that than 1.
 */
const EOS_RATE_RATIO = Math.max(...EOS_LRS) / Math.min(...EOS_LRS);
const EOS_MIN_RATIO = (1 + EOS_RATE_RATIO) / 2;

/** Median of a non-empty list. */
const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One learning rate's full-batch GD run: the sharpness at each measured step, and the loss at the last. */
export interface SharpnessRun {
  lr: number;
  steps: number;
  points: Array<{ step: number; sharpness: number }>;
  finalLoss: number;
}

/** One seed's runs, one per learning rate. */
export type SharpnessMeasure = SharpnessRun[];

export const edgeOfStability: Rule<SharpnessMeasure> = {
  id: 'sharpness-edge-of-stability',
  paper:
    'Cohen et al. (2021): under full-batch gradient descent the sharpness (the top Hessian eigenvalue) rises until it reaches 2/η and then hovers there, at the edge of stability.',
  claim:
    `Full-batch GD (no momentum, MSE against one-hot labels) on ${EOS.trainSize} Fashion-MNIST examples, 784-${EOS.hidden.join('-')}-10 ${EOS.activation} MLP with a small init ` +
    `(Glorot normal ×${EOS.initScale}), ${EOS.steps} steps, η ∈ {${EOS_LRS.join(', ')}}; sharpness = top Hessian eigenvalue by ${EOS.iterations} Lanczos steps on finite-difference ` +
    `HVPs every ${EOS.every} steps. For each η and each seed (data subset and init) the sharpness starts below 2/η and rises to 2/η (progressive sharpening), ` +
    `and then hovers at the edge of stability (Cohen et al. 2021, whose setting is a tanh MLP on 5k CIFAR-10 with MSE): the median over the second half of training ` +
    `tracks 2/η, so the η = ${Math.min(...EOS_LRS)} median exceeds the η = ${Math.max(...EOS_LRS)} one by more than ${EOS_MIN_RATIO.toFixed(2)}×, nearer the ratio of the edges ` +
    `(${EOS_RATE_RATIO.toFixed(2)}) than the ratio 1 of an η-independent sharpness (the control). Falsified if the sharpness starts at or above the edge, never reaches it, ` +
    'or does not settle at a level set by η.',
  perSeed: true,
  seeds: { tuned: TUNED, judged: JUDGED },
  setting: { experiment: 'landscape-sharpness', params: EOS, eachOf: { lr: EOS_LRS } },
  measure: (run) => {
    const s = run.metrics.sharpness;
    return run.summary && s
      ? [
          {
            seed: run.spec.seed,
            m: [
              {
                lr: Number(run.spec.params.lr),
                steps: Number(run.spec.params.steps),
                points: s.steps.map((step, i) => ({ step, sharpness: s.values[i] })),
                finalLoss: Number(run.summary.finalLoss),
              },
            ],
          },
        ]
      : null;
  },
  judge(ms, seeds) {
    const rows: string[] = [];
    const ratios: number[] = [];
    const starts: number[] = [];
    const lateRatios: number[] = [];
    let pass = true;
    ms.forEach((runs, k) => {
      const lateByRate = new Map<number, number>();
      for (const { lr, steps, points: pts, finalLoss } of runs) {
        const edge = 2 / lr;
        const late = pts.filter((p) => p.step >= steps / 2).map((p) => p.sharpness);
        lateByRate.set(lr, median(late));
        const ratio = median(late) / edge;
        const start = pts[0].sharpness / edge;
        const reached = pts.find((p) => p.sharpness >= edge)?.step;
        ratios.push(ratio);
        starts.push(start);
        pass &&= start < 1 && reached !== undefined;
        rows.push(
          `seed ${seeds[k]} η=${lr} (2/η=${edge.toFixed(2)}): sharpness ${pts.map((p) => `${p.step}:${p.sharpness.toFixed(2)}`).join(' ')}; ` +
            `start ${start.toFixed(2)}×2/η, first ≥ 2/η at step ${reached ?? 'never'}, late median ${ratio.toFixed(2)}×2/η, final loss ${finalLoss.toFixed(4)}`,
        );
      }
      const [lo, hi] = [Math.min(...lateByRate.keys()), Math.max(...lateByRate.keys())];
      if (lo !== hi) {
        const lateRatio = lateByRate.get(lo)! / lateByRate.get(hi)!;
        lateRatios.push(lateRatio);
        pass &&= lateRatio > EOS_MIN_RATIO;
      }
    });
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)} … ${Math.max(...xs).toFixed(2)}`;
    return {
      pass,
      measured:
        `late median sharpness η=${Math.min(...EOS_LRS)} / η=${Math.max(...EOS_LRS)}: ${lateRatios.length ? fixed(lateRatios, 2) : 'one η only, not compared'} (edge ratio ${EOS_RATE_RATIO.toFixed(2)}, ` +
        `threshold ${EOS_MIN_RATIO.toFixed(2)}); sharpness / (2/η) over seeds and η: at step 0 ${range(starts)}, late median ${range(ratios)} — ${rows.join('; ')}`,
    };
  },
};

// ——— Opposing signals ———

export const OS = { train: 500, hidden: [32], steps: 150, lr: 0.5, k: 8, spikes: 3, window: 10, draws: 200 };

/** One seed: each spike's step, rise and groups' correlation, their mean, the random-group null's mean and p, and the final loss. */
export interface OpposingMeasure {
  spikes: Array<{ step: number; rise: number; correlation: number }>;
  mean: number;
  nullMean: number;
  p: number;
  finalLoss: number;
}

export const opposingSignals: Rule<OpposingMeasure> = {
  id: 'opposing-signals-anticorrelated',
  paper:
    'Rosenfeld & Risteski (2023): spikes of the training loss come from groups of examples with opposing signals, whose losses move in opposite directions.',
  claim:
    `Full-batch GD (η = ${OS.lr}, no momentum) on ${OS.train} MNIST examples, 784-32-10 MLP, ${OS.steps} steps, every example's loss recorded each step. At each of the ${OS.spikes} largest ` +
    `one-step rises of the mean loss (after step ${OS.window}), take the k = ${OS.k} examples whose loss rose most and the k that fell most over that step; the Pearson correlation of the two ` +
    `groups' mean-loss changes over the ${OS.window} steps AFTER the spike (not used to pick them) averages below 0 for each seed (Rosenfeld & Risteski 2023: opposing groups), ` +
    `and below that of random pairs of k-groups over the same windows (the control: ${OS.draws} random sets per seed, one-sided p < 0.05). ` +
    'Falsified if any seed’s mean correlation is ≥ 0, or ≥ 5% of the random sets correlate as negatively.',
  perSeed: true,
  seeds: { tuned: TUNED, judged: JUDGED },
  setting: null,
  experiment: 'landscape-outliers',
  unmeasured:
    "The check records every example's loss at every step and correlates the groups that oppose each other at loss spikes against random groups; the outliers experiment shows the groups' traces but computes neither correlation.",
  judge(ms, seeds) {
    const rows = ms.map(
      (m, k) =>
        `seed ${seeds[k]}: spikes ${m.spikes.map((g) => `@${g.step} (+${g.rise.toFixed(2)}) r=${g.correlation.toFixed(2)}`).join(', ')}; mean r = ${m.mean.toFixed(2)} ` +
        `(random groups: mean ${m.nullMean.toFixed(2)}, p = ${m.p.toFixed(3)}), final loss ${m.finalLoss.toFixed(3)}`,
    );
    // NaN, so failing, when no spike was found.
    return { pass: ms.every((m) => m.mean < 0 && m.p < 0.05), measured: rows.join('; ') };
  },
};

// ——— Random teachers ———

/**
 * A small convnet on CIFAR-10, where the paper makes its claim (ResNet18/VGG11 without BN on
 * CIFAR-10): on MNIST an MLP's random features already probe ~85–90%, leaving the student little
 * to gain. The near-teacher start gains more than an independent one, as the paper says, but the
 * catalogue's +5 pt is out of reach at a budget a CPU adapter affords. Single seeds gain by a few
 * of the 1,000 test images, and two random nets of one architecture already probe ±3 pt apart, so
 * a win on every seed is no evidence: the mean gain over seeds must exceed their spread. The
 * settings tried and their numbers: docs/check-settings.md#random-teacher-student-beats-teacher.
 */
const RT = {
  dataset: 'cifar10',
  trainSize: 2000,
  probeSize: 1000,
  testSize: 1000,
  channels: [8, 16],
  hidden: [128],
  out: 256,
  steps: 200,
  batch: 64,
  lr: 0.001,
  every: 200,
  loss: 'kl',
  nearTeacher: 0.1,
} satisfies ParamValues;

/** One seed: the teacher's probe accuracy, the student's at each probe step, and the final distillation loss. */
export interface TeacherMeasure {
  teacher: number;
  student: Array<{ step: number; accuracy: number }>;
  finalLoss: number;
}

export const randomTeacher: Rule<TeacherMeasure> = {
  id: 'random-teacher-student-beats-teacher',
  paper:
    "Sarnthein et al. (2023): a student distilled from a frozen random teacher, without labels, learns features that a linear probe reads better than the teacher's own.",
  claim:
    `A student convnet (3×3 ReLU convs of ${RT.channels.join(' and ')} channels, each followed by 2×2 max-pooling, no batch norm, then a ${RT.hidden.join('-')}-wide ReLU layer and a ` +
    `linear ${RT.out}-wide embedding) started near a frozen random teacher of the same architecture (θS = θT + ${RT.nearTeacher}·θ', θ' a fresh init; the paper's near-teacher start) and ` +
    `distilled without labels by the DINO-style softmax cross-entropy (teacher τ = 0.04, student τ = 0.1; Adam lr ${RT.lr}, ${RT.steps} steps of batch ${RT.batch} on ${RT.trainSize} ` +
    `unaugmented CIFAR-10 images) has a higher ridge linear-probe test accuracy on its ${RT.hidden.at(-1)}-wide penultimate features (probe fit on ${RT.probeSize} labelled training images, ` +
    `scored on ${RT.testSize} test images) than the teacher, its baseline in the same run (Sarnthein et al. 2023, shown there for ResNet18/VGG11 on CIFAR-10 over 150 epochs; the ` +
    'catalogue’s +5 pt margin was not reached in exploration at this budget, so only the direction is tested): the mean gain over seeds exceeds the standard deviation of ' +
    'the gains. Falsified if the mean gain is ≤ the seed spread (no gain distinguishable from the differences between random nets).',
  seeds: { tuned: TUNED, judged: JUDGED },
  setting: { experiment: 'landscape-random-teacher', params: RT },
  measure: (run): Measured<TeacherMeasure>[] | null => {
    const [student, teacher] = [run.metrics['probe/student'], run.metrics['probe/teacher']];
    return run.summary && student && teacher
      ? [
          {
            seed: run.spec.seed,
            m: {
              teacher: teacher.values.at(-1)!,
              student: student.steps.map((step, i) => ({ step, accuracy: student.values[i] })),
              finalLoss: Number(run.summary.finalLoss),
            },
          },
        ]
      : null;
  },
  // One seed's gain is no evidence (two random nets probe ±3 pt apart): alone it is shown, not judged.
  one: (m, seed) => {
    const gain = 100 * (m.student.at(-1)!.accuracy - m.teacher);
    return { pass: null, measured: `gain ${gain >= 0 ? '+' : ''}${gain.toFixed(1)} pt — ${teacherRow(m, seed)}` };
  },
  judge(ms, seeds) {
    const gains = ms.map((m) => 100 * (m.student.at(-1)!.accuracy - m.teacher));
    const wins = ms.filter((m) => m.student.at(-1)!.accuracy > m.teacher).length;
    const mean = gains.reduce((a, b) => a + b, 0) / gains.length;
    const sd = Math.sqrt(gains.reduce((a, g) => a + (g - mean) ** 2, 0) / (gains.length - 1));
    return {
      pass: gains.length >= 3 && mean > sd,
      measured: `gains ${gains.map((g) => `${g >= 0 ? '+' : ''}${g.toFixed(1)}`).join('/')} pt, mean ${mean.toFixed(1)} ± ${sd.toFixed(1)} (sd; threshold: mean > sd); student beats teacher on ${wins}/${gains.length} seeds — ${ms.map((m, k) => teacherRow(m, seeds[k])).join('; ')}`,
    };
  },
};

function teacherRow(m: TeacherMeasure, seed: number): string {
  return `seed ${seed}: teacher ${(100 * m.teacher).toFixed(1)}%, student ${m.student.map((p) => `${p.step}:${(100 * p.accuracy).toFixed(1)}%`).join(' ')} (loss ${m.finalLoss.toFixed(3)})`;
}

export const landscapeRules: readonly Rule[] = [
  sliceMinimum,
  lmcRewind,
  intrinsicDim,
  intrinsicLenet,
  edgeOfStability,
  opposingSignals,
  randomTeacher,
];
