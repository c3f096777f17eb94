/**
 * Rules of the pruning family's checks (catalogue F1), at a size that runs on SwiftShader: 1k–3k-
 * image subsets, 3 seeds. Every threshold is compared with the measured seed spread, and the lines
 * say exactly what ran. Accuracies are read at the early-stop step chosen on a validation split
 * carved from train (the lottery and random-pruning checks), never on test.
 *
 * The pruning experiments draw their training images per seed and report final test accuracy,
 * where these checks draw once and (lottery, random pruning) read the validation early stop: a
 * run of the experiment is judged by the same rule, "at these settings", not as the check.
 */
import type { ParamValues } from '../../experiment.ts';
import type { ImpSpec, SparseTrainSpec } from '../../experiments/pruning/core.ts';
import { mean, ms, ok, pt, std } from '../format.ts';
import type { CheckSeeds, Measured, Rule, RunData } from '../rule.ts';

/** Each seed a run repeats (series `<name>/s<seed>`), in the order the run met them. */
function runSeeds(run: RunData, name: string): number[] {
  const re = new RegExp(`^${name.replace(/[/.]/g, '\\$&')}/s(\\d+)$`);
  return Object.keys(run.metrics).flatMap((k) => {
    const s = re.exec(k)?.[1];
    return s === undefined ? [] : [Number(s)];
  });
}

const last = (run: RunData, name: string): number | undefined => run.metrics[name]?.values.at(-1);

// ——— Lottery tickets ———

/*
 * Frankle & Carbin train LeNet-300-100 far past convergence (50k iterations of batch 60, Adam
 * 1.2e-3), prune 20% per round (the output layer 10%) and read test accuracy at the early-stop
 * iteration (minimum validation loss). Here 36%/round (output 18%) ×5 → 10.8% of weights, one round
 * here ≈ two of the paper's (0.64 = 0.8²), and 1,000 steps so that every run's validation-loss
 * minimum lies inside the run (shorter runs left it at the last evaluation). The check demands it
 * (dense, ticket and reinit early-stop step < steps) and reports "not converged" instead of a
 * verdict otherwise. The runs that set this: docs/check-settings.md#lottery-ticket-10pct.
 */
export const LTT_TRAIN = 3000;
export const LTT_VAL = 1000;
export const LTT_TEST = 2000;
export const lttSpec: ImpSpec = {
  model: 'lenet300',
  hidden: [300, 100],
  optimizer: 'adam',
  lr: 1.2e-3,
  momentum: 0,
  schedule: 'constant',
  batch: 60,
  steps: 1000,
  evals: 20,
  rounds: 5,
  rate: 0.36,
  outputRate: 0.18,
  scope: 'layer',
  rewind: 0,
  controls: 'last',
  randomControl: false,
};

/** One seed: test accuracy and early-stop step of the dense net (round 0), the last ticket and its random reinit. */
export interface LotteryMeasure {
  dense: number;
  ticket: number;
  reinit: number;
  esDense: number;
  esTicket: number;
  esReinit: number;
  /** Weights remaining in the last round, and the steps of each training. */
  remaining: number;
  steps: number;
}

export const lotteryTicket: Rule<LotteryMeasure> = {
  id: 'lottery-ticket-10pct',
  paper:
    "Frankle & Carbin (2019): iterative magnitude pruning finds subnetworks (winning tickets) that, reset to their original initialization, train to the dense network's accuracy with about a tenth of its weights, while the same mask with a fresh random initialization does worse.",
  claim:
    `LeNet-300-100, MNIST ${LTT_TRAIN / 1000}k train / ${LTT_VAL / 1000}k validation (disjoint, from train) / ${LTT_TEST / 1000}k test, Adam 1.2e-3, batch ${lttSpec.batch}, ${lttSpec.steps} steps (${(lttSpec.steps * lttSpec.batch) / LTT_TRAIN} epochs) per round, ` +
    `layer-wise IMP ${100 * lttSpec.rate}%/round (output ${100 * lttSpec.outputRate}%) ×${lttSpec.rounds} → ≈11% of weights, 3 seeds, test accuracy at the validation early-stop step: ` +
    'the ticket is ≥ dense − 0.3 pt, and random reinit at the same mask is worse by > max(0.5 pt, seed std). Falsified if the ticket falls below dense by more than that, or reinit stays within seed std of the ticket.',
  // The protocol (steps, rates, data sizes) was chosen on seeds 1–3: docs/check-settings.md#lottery-ticket-10pct.
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  setting: {
    experiment: 'lottery-ticket',
    params: {
      dataset: 'mnist',
      trainSize: LTT_TRAIN,
      testSize: LTT_TEST,
      hidden: [300, 100],
      batch: 60,
      epochs: 20,
      optimizer: 'adam',
      lr: 1.2e-3,
      // The paper's Kaiming init: the experiment's default is smaller (to show the mask forming in a minute).
      initScale: 1,
      rounds: 5,
      rate: 0.36,
      outputRate: 0.18,
      scope: 'layer',
      controls: false,
      seeds: 3,
    },
    seedsParam: 'seeds',
    beyond:
      "The check draws one 3k training and 1k validation split (seed 1's draw) for every seed, evaluates 20 times a training and reads test accuracy at the validation-loss minimum; the experiment draws its images per seed and reports each training's final test accuracy.",
  },
  measure(run) {
    const remaining = last(run, 'remaining');
    const steps = Number(run.summary?.steps);
    const out: Measured<LotteryMeasure>[] = [];
    for (const seed of runSeeds(run, 'acc/ticket')) {
      const [acc, es] = ['acc', 'es'].map((k) => run.metrics[`${k}/ticket/s${seed}`]);
      const rounds = Number(run.summary?.rounds);
      const reinit = last(run, `acc/reinit/s${seed}`);
      const esReinit = last(run, `es/reinit/s${seed}`);
      if (!(es?.values.length > rounds) || reinit === undefined || esReinit === undefined || remaining === undefined)
        continue;
      out.push({
        seed,
        m: {
          dense: acc.values[0],
          ticket: acc.values[rounds],
          reinit,
          esDense: es.values[0],
          esTicket: es.values[rounds],
          esReinit,
          remaining,
          steps,
        },
      });
    }
    return run.summary && out.length ? out : null;
  },
  judge(ms_) {
    const col = (k: keyof LotteryMeasure) => ms_.map((m) => m[k]);
    const [dense, ticket, reinit] = [col('dense'), col('ticket'), col('reinit')];
    const [esDense, esTicket, esReinit] = [col('esDense'), col('esTicket'), col('esReinit')];
    const steps = ms_[0].steps;
    const converged = Math.max(...esDense, ...esTicket, ...esReinit) < steps;
    const spread = Math.max(std(ticket), std(reinit));
    const gap = mean(ticket) - mean(reinit);
    const matches = mean(ticket) >= mean(dense) - 0.003;
    const beatsReinit = gap > Math.max(0.005, spread);
    return {
      pass: converged && matches && beatsReinit,
      measured:
        `early-stop steps of ${steps}: dense ${esDense.join('/')}, ticket ${esTicket.join('/')}, reinit ${esReinit.join('/')} (all inside the run: ${converged ? 'yes' : 'NO — training too short, no verdict'}); ` +
        `at ${(100 * ms_[0].remaining).toFixed(1)}% remaining: ticket ${ms(ticket)}%, dense ${ms(dense)}% (ticket − dense ${pt(mean(ticket) - mean(dense))} pt, need ≥ −0.30: ${matches ? 'ok' : 'NO'}); ` +
        `reinit ${ms(reinit)}%; ticket − reinit ${pt(gap)} pt (need > ${pt(Math.max(0.005, spread))}: ${beatsReinit ? 'ok' : 'NO'})`,
    };
  },
};

// ——— Rewinding ———

/** One rewinding experiment: the net and its training, the rewind point and the data. */
export interface RewindSetting {
  id: string;
  /** The paper's claim this setting tests, in one or two sentences. */
  paper: string;
  /** The net, its data and its training, in words, for the claim. */
  setting: string;
  spec: ImpSpec;
  /** Rewind point k in steps (compared with k = 0). */
  rewind: number;
  gpuOnly?: string;
  /**
   * 'repair' (default): the paper's claim, gated on the k = 0 ticket failing; 'steady': only its
   * stability half, that rewinding steadies a pair that is unstable at k = 0 (accuracies reported,
   * not judged).
   */
  claim?: 'repair' | 'steady';
  seeds: CheckSeeds;
  /** The lottery-rewind parameters nearest the setting, and what they cannot say. */
  params: ParamValues;
  beyond: string;
}

/** One seed: the dense net's accuracy, and at k = 0 and at k the ticket's accuracy and the error barrier between its two copies. */
export interface RewindMeasure {
  dense: number;
  /** The rewind point in steps. */
  k: number;
  acc: [number, number];
  barrier: [number, number];
}

/** A lottery-rewind run of rewind points [0, k, …]: k = 0 and its first other point. */
function rewindMeasure(run: RunData): Measured<RewindMeasure>[] | null {
  const [barrier, acc] = [run.metrics.barrier, run.metrics['ticket/acc-by-k']];
  const dense = run.metrics[`acc/k=0%/s${run.spec.seed}`]?.values[0];
  if (!run.summary || !barrier || !acc || barrier.steps.length < 2 || barrier.steps[0] !== 0 || dense === undefined)
    return null;
  const pct = barrier.steps[1];
  return [
    {
      seed: run.spec.seed,
      m: {
        dense,
        k: Math.round((pct / 100) * Number(run.summary.steps)),
        acc: [acc.values[0], acc.values[1]],
        barrier: [barrier.values[0], barrier.values[1]],
      },
    },
  ];
}

export function rewindRule(s: RewindSetting): Rule<RewindMeasure> {
  const k = s.rewind;
  const { spec } = s;
  const steady = s.claim === 'steady';
  const rule = steady
    ? `where the k = 0 pair is unstable (error barrier on the 11-point line between two data orders ≥ 1 pt), the rewound pair's barrier is ≤ ½ of it and below it by > seed std; accuracies are reported, not judged (the accuracy half of the paper's claim is rewind-stability's). ` +
      'Falsified if rewinding does not steady the pair.'
    : `where the k = 0 ticket is ≥ 1 pt below dense, the rewound ticket beats it by > seed std and its error barrier (11-point line between two data orders) is ≤ ½ that of k = 0 and below it by > seed std. ` +
      'Falsified if rewinding gives no gain, or barrier and accuracy do not co-vary.';
  return {
    id: s.id,
    paper: s.paper,
    gpuOnly: s.gpuOnly,
    seeds: s.seeds,
    claim:
      `${s.setting}, SGD ${spec.lr} momentum ${spec.momentum} ${spec.schedule} (no warmup), batch ${spec.batch}, ${spec.steps} steps, ` +
      `one-shot global magnitude pruning ${(100 * spec.rate).toFixed(1)}% (output layer ${(100 * spec.outputRate).toFixed(1)}%); ` +
      `rewind k = 0 vs k = ${k} steps (${((100 * k) / spec.steps).toFixed(0)}%): ${rule}`,
    setting: { experiment: 'lottery-rewind', params: s.params, beyond: s.beyond },
    measure: rewindMeasure,
    judge(ms_) {
      const kk = ms_[0].k;
      const dense = ms_.map((m) => m.dense);
      const acc = [0, 1].map((j) => ms_.map((m) => m.acc[j]));
      const barrier = [0, 1].map((j) => ms_.map((m) => m.barrier[j]));
      const fails0 = mean(dense) - mean(acc[0]) >= 0.01;
      const spread = Math.max(std(acc[0]), std(acc[1]));
      const gain = mean(acc[1]) - mean(acc[0]);
      const better = gain > spread;
      const drop = mean(barrier[0]) - mean(barrier[1]);
      const noise = Math.max(std(barrier[0]), std(barrier[1]));
      const stabler = mean(barrier[1]) <= mean(barrier[0]) / 2 && drop > noise;
      const barriers = `barrier k=0 ${ms(barrier[0])} pt, k=${kk} ${ms(barrier[1])} pt (need ≤ ½ and a drop > ${pt(noise)}: ${stabler ? 'ok' : 'NO'})`;
      if (steady) {
        const unstable0 = mean(barrier[0]) >= 0.01;
        return {
          pass: unstable0 && stabler,
          measured:
            `${barriers}; k=0 pair unstable (≥ 1 pt): ${unstable0 ? 'yes' : 'NO — precondition unmet, no verdict'}; ` +
            `accuracy (not judged): dense ${ms(dense)}%, k=0 ticket ${ms(acc[0])}%, k=${kk} ticket ${ms(acc[1])}% (gain ${pt(gain)} pt vs seed std ${pt(spread)})`,
        };
      }
      return {
        pass: fails0 && better && stabler,
        measured:
          `dense ${ms(dense)}%; k=0 ticket ${ms(acc[0])}% (${pt(mean(acc[0]) - mean(dense))} pt vs dense; k=0 fails (≤ −1 pt): ${fails0 ? 'yes' : 'NO — precondition unmet, no verdict'}); ` +
          `k=${kk} ticket ${ms(acc[1])}% (gain ${pt(gain)} pt, need > ${pt(spread)}: ${better ? 'ok' : 'NO'}); ${barriers}`,
      };
    },
  };
}

const rewindParams = (p: ParamValues): ParamValues => ({
  dataset: 'cifar10',
  trainSize: 2000,
  testSize: 1000,
  hidden: [300, 100],
  batch: 50,
  epochs: 1,
  optimizer: 'sgd',
  lr: 0.1,
  rounds: 1,
  rate: 0.9,
  outputRate: 0.5,
  scope: 'global',
  rewinds: [0, 5],
  model: 'mlp',
  width: 0.25,
  initScale: 1,
  ...p,
});

/*
 * Frankle et al. find rewinding to k = 0 failing where training is unstable early (deep convnets,
 * large learning rates, no warmup), while LeNet-300-100 at small rates is stable from k = 0. Every
 * setting tried here (docs/rewinding.md has each one's numbers) either keeps the k = 0 ticket at or
 * above dense, or fails at k = 0 in a way rewinding does not repair; where the pair is unstable at
 * k = 0, rewinding lowers the barrier without the accuracy gain the paper ties to it. So this check
 * keeps the setting where the dense net trains best and keeps the precondition as a gate: it
 * reports "precondition unmet" (a FAIL, no verdict) instead of passing by accident.
 */
export const CONV2_REWIND: RewindSetting = {
  id: 'rewind-stability',
  paper:
    'Frankle et al. (2019): where training is unstable early, a ticket reset to the initialization fails, but one rewound to an early iteration k matches the dense net, and rewinding works exactly where it makes the ticket stable to SGD noise.',
  setting: 'Conv-2 at ⅛ width (8 channels, FC 32-32-10), CIFAR-10 2k train / 1k test, 7.5 epochs',
  spec: {
    model: 'conv2',
    hidden: [],
    width: 0.125,
    optimizer: 'sgd',
    lr: 0.05,
    momentum: 0.9,
    schedule: 'cosine',
    batch: 50,
    steps: 300,
    evals: 1,
    rounds: 1,
    rate: 0.9,
    outputRate: 0.5,
    scope: 'global',
    rewind: 0,
    controls: 'none',
  },
  rewind: 15,
  // Every setting in docs/rewinding.md was tried on seeds 1–3.
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  params: rewindParams({ model: 'conv2', width: 0.125, lr: 0.05, epochs: 8 }),
  beyond:
    "The check trains 300 steps (7.5 epochs; the experiment trains whole epochs, 8 = 320 steps) and draws one 2k training set (seed 1's draw) for every seed.",
};

/*
 * The paper's own unstable-at-init setting, scaled to a few minutes of a GPU: ResNet-20 at full
 * width with BatchNorm, SGD 0.1 with momentum and no warmup, the step schedule (÷10 at 50% and
 * 75%), random crop and flip, one-shot pruning to the paper's 16.8% of weights. The data are the
 * first 10k CIFAR-10 training images (so a device run can carry just those). Interpolated nets get
 * their BatchNorm statistics recomputed (recalibrateNorms). 600 steps (7.7 epochs) and k = 60
 * (0.8 epochs; the paper's tickets match from ~1.3) make 3 seeds 8,640 steps, sized for a
 * 15-minute GPU lease (~50 ms of conv work a step on an H100). On SwiftShader a step takes ~34 s, i.e. days for
 * this check, so `verify` runs it only when it is named. Timings:
 * docs/check-settings.md#rewind-stability-resnet20.
 */
export const RESNET_TRAIN = 10_000;
export const RESNET_REWIND: RewindSetting = {
  id: 'rewind-stability-resnet20',
  paper:
    'Frankle et al. (2019), in their own setting: a ResNet-20 ticket reset to initialization falls below the dense net, one rewound to an early iteration matches it, and the rewound pair is stable to SGD noise.',
  setting: `ResNet-20 (16/32/64 channels, BatchNorm), CIFAR-10 first ${RESNET_TRAIN / 1000}k train images with random crop and flip / 1k test, weight decay 1e-4`,
  spec: {
    model: 'resnet20',
    hidden: [],
    width: 1,
    optimizer: 'sgd',
    lr: 0.1,
    momentum: 0.9,
    weightDecay: 1e-4,
    augment: true,
    schedule: 'step',
    batch: 128,
    steps: 600,
    evals: 1,
    rounds: 1,
    rate: 0.832,
    outputRate: 0.416,
    scope: 'global',
    rewind: 0,
    controls: 'none',
  },
  rewind: 60,
  // Sized from the paper and from timings only: no run of it has finished a seed.
  seeds: { tuned: [], judged: [1, 2, 3] },
  params: rewindParams({
    model: 'resnet20',
    width: 1,
    trainSize: RESNET_TRAIN,
    batch: 128,
    epochs: 8,
    rate: 0.832,
    outputRate: 0.416,
    rewinds: [0, 10],
  }),
  beyond:
    'The check trains 600 steps with weight decay 1e-4, random crop and flip and the step schedule on the first 10k images; the experiment trains whole epochs (8 = 632 steps) with the cosine schedule, no weight decay and no augmentation, on images drawn per seed.',
  gpuOnly: 'ResNet-20 at full width: 8,640 steps of batch 128 at ~34 s each on SwiftShader',
};

/*
 * The stability half of the claim where a pair is unstable at k = 0 for a cheap reason: a small
 * init (Kaiming × 0.2), whose first steps decide which features form. Seed 1 chose the setting, so
 * it is judged on seeds 2–4. Seed 1's numbers: docs/check-settings.md#rewind-steadies-small-init;
 * the neighbouring settings (sparser, smaller init, more data): docs/rewinding.md.
 */
export const SMALL_INIT_REWIND: RewindSetting = {
  id: 'rewind-steadies-small-init',
  paper:
    'Frankle et al. (2019): rewinding a sparse network to an early iteration k instead of its initialization makes it stable to SGD noise: two copies trained from k with different data orders end without an error barrier on the line between them.',
  setting: 'LeNet-300-100 with its Kaiming init scaled by 0.2, Fashion-MNIST 5k train / 2k test, 10 epochs',
  spec: {
    model: 'mlp',
    hidden: [300, 100],
    initScale: 0.2,
    optimizer: 'sgd',
    lr: 0.1,
    momentum: 0.9,
    schedule: 'cosine',
    batch: 50,
    steps: 1000,
    evals: 1,
    rounds: 1,
    rate: 0.9,
    outputRate: 0.45,
    scope: 'global',
    rewind: 0,
    controls: 'none',
  },
  rewind: 100,
  claim: 'steady',
  seeds: { tuned: [1], judged: [2, 3, 4] },
  params: rewindParams({
    dataset: 'fashion-mnist',
    trainSize: 5000,
    testSize: 2000,
    epochs: 10,
    outputRate: 0.45,
    rewinds: [0, 10],
    initScale: 0.2,
  }),
  beyond: "The check draws one 5k training set (seed 1's draw) for every seed; the experiment draws it per seed.",
};

// ——— Random pruning at init ———

export const RP_WIDTHS = [16, 32, 64, 128];
export const RP_DENSITY = 0.1;
export const rpSpec: SparseTrainSpec = {
  model: 'mlp',
  hidden: [],
  optimizer: 'adam',
  lr: 1.2e-3,
  momentum: 0,
  schedule: 'constant',
  batch: 50,
  steps: 200,
  evals: 10,
};

/** One seed: the dense and the random-sparse (ERK) net's test accuracy at each width. */
export interface WidthMeasure {
  widths: number[];
  dense: number[];
  sparse: number[];
}

/** Liu et al. 2022: the dense − random-sparse gap closes as the net widens (same protocol as the lottery check). */
export const randomPruning: Rule<WidthMeasure> = {
  id: 'random-pruning-width',
  paper:
    'Liu et al. (2022): a network pruned at random at initialization (with ERK layer densities) closes the gap to the dense network as the network gets wider.',
  claim:
    `MLP 784-w-w-10, w ∈ {${RP_WIDTHS.join(', ')}}, Fashion-MNIST 1k train / 500 validation (from train) / 2k test, Adam 1.2e-3, batch 50, 200 steps (10 epochs), ` +
    `random ERK masks at ${100 * RP_DENSITY}% density fixed from init vs the dense net of the same width, test accuracy at the validation early-stop step, 3 seeds: ` +
    'the gap (dense − sparse) at the narrowest width exceeds its seed std, never grows with width by more than the seed std of the gaps, and at the widest width is ≤ ⅓ of the narrowest. Falsified if the gap does not shrink with width.',
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  setting: {
    experiment: 'random-pruning',
    params: {
      dataset: 'fashion-mnist',
      trainSize: 1000,
      testSize: 2000,
      hidden: RP_WIDTHS,
      batch: 50,
      epochs: 10,
      optimizer: 'adam',
      lr: 1.2e-3,
      density: RP_DENSITY,
    },
    beyond:
      "The check draws one 1k training and 500-image validation split (seed 1's draw) for every seed and reads test accuracy at the validation early stop; the experiment draws its images per seed and reports final test accuracy.",
  },
  measure(run) {
    const [dense, sparse] = [run.metrics['acc/dense'], run.metrics['acc/ERK']];
    return run.summary && dense && sparse
      ? [{ seed: run.spec.seed, m: { widths: [...dense.steps], dense: [...dense.values], sparse: [...sparse.values] } }]
      : null;
  },
  judge(ms_) {
    const widths = ms_[0].widths;
    const at = (k: 'dense' | 'sparse', wi: number) => ms_.map((m) => m[k][wi]);
    const gaps = widths.map((_, wi) => ms_.map((m) => m.dense[wi] - m.sparse[wi]));
    const g = gaps.map(mean);
    const noise = Math.max(...gaps.map(std));
    const real = g[0] > std(gaps[0]);
    const monotone = g.every((x, i) => i === 0 || x <= g[i - 1] + noise);
    const closes = g[g.length - 1] <= g[0] / 3;
    return {
      pass: real && monotone && closes,
      measured:
        `gap dense − sparse by width: ${widths.map((w, wi) => `w=${w} ${ms(gaps[wi])} pt (dense ${ms(at('dense', wi))}%, sparse ${ms(at('sparse', wi))}%)`).join('; ')}; ` +
        `narrowest gap > its std: ${ok(real)}; no rise > ${pt(noise)} pt: ${ok(monotone)}; widest ≤ ⅓ narrowest (${pt(g[g.length - 1])} vs ${pt(g[0] / 3)}): ${ok(closes)}`,
    };
  },
};

export const pruningRules: readonly Rule[] = [
  lotteryTicket,
  rewindRule(CONV2_REWIND),
  rewindRule(SMALL_INIT_REWIND),
  rewindRule(RESNET_REWIND),
  randomPruning,
];
