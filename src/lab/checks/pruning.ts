/**
 * Pruning-family checks (catalogue F1), at a size that runs on SwiftShader: 1k–3k-image subsets,
 * 3 seeds. Every threshold is compared with the measured seed spread, and the lines say exactly
 * what ran. Accuracies are read at the early-stop step chosen on a validation split carved from
 * train (the lottery and random-pruning checks), never on test.
 */
import { seededSubset } from '../datasets.ts';
import { GpuSplit } from '../loader.ts';
import { disposeModel } from '../../gpu/nn.ts';
import { erkDensities } from '../../gpu/pruning.ts';
import {
  buildNet,
  imp,
  layersOf,
  randomMasks,
  rewindSweep,
  setMasks,
  trainFrom,
  type Dims,
  type ImpSpec,
  type Instability,
  type RoundResult,
  type SparseTrainSpec,
} from '../experiments/pruning/core.ts';
import type { Check, CheckEnv, CheckSeeds } from './check.ts';
import { atInitChecks } from './pruning-at-init.ts';

const MNIST: Dims = { inputs: 784, classes: 10 };
const pt = (v: number): string => (100 * v).toFixed(2);

export function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n − 1). */
export function std(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
}

const ms = (xs: number[]): string => `${pt(mean(xs))}±${pt(std(xs))}`;

/**
 * `trainSize` train images and, when `valSize` > 0, a disjoint validation split from the same seeded
 * draw of the train set (never from test), and the first `testSize` test images.
 */
async function splits(
  env: CheckEnv,
  trainSize: number,
  testSize: number,
  valSize = 0,
  dataset = 'mnist',
): Promise<{ train: GpuSplit; test: GpuSplit; val?: GpuSplit }> {
  const data = await env.dataset(dataset);
  const drawn = seededSubset(data.train, trainSize + valSize, 1);
  return {
    train: new GpuSplit(env.gpu, data, data.train, drawn.subarray(0, trainSize)),
    test: new GpuSplit(
      env.gpu,
      data,
      data.test,
      Uint32Array.from({ length: testSize }, (_, i) => i),
    ),
    val: valSize > 0 ? new GpuSplit(env.gpu, data, data.train, drawn.subarray(trainSize)) : undefined,
  };
}

/** Runs IMP on MNIST to the end and returns every round (and disposes the model). */
async function runImp(
  env: CheckEnv,
  train: GpuSplit,
  test: GpuSplit,
  spec: ImpSpec,
  seed: number,
  val?: GpuSplit,
): Promise<RoundResult[]> {
  const rounds: RoundResult[] = [];
  const it = imp(env.gpu, train, test, spec, seed, MNIST, { val });
  for (;;) {
    const r = await it.next();
    if (r.done) {
      disposeModel(r.value.model);
      return rounds;
    }
    rounds.push(r.value);
  }
}

/*
 * Frankle & Carbin train LeNet-300-100 far past convergence (50k iterations of batch 60, Adam
 * 1.2e-3), prune 20% per round (the output layer 10%) and read test accuracy at the early-stop
 * iteration (minimum validation loss). Here 36%/round (output 18%) ×5 → 10.8% of weights, one round
 * here ≈ two of the paper's (0.64 = 0.8²), and 1,000 steps so that every run's validation-loss
 * minimum lies inside the run (shorter runs left it at the last evaluation). The check demands it
 * (dense, ticket and reinit early-stop step < steps) and reports "not converged" instead of a
 * verdict otherwise. The runs that set this: docs/check-settings.md#lottery-ticket-10pct.
 */
const LTT_TRAIN = 3000;
const LTT_VAL = 1000;
const LTT_TEST = 2000;
const lttSpec: ImpSpec = {
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

const lotteryTicket: Check = {
  id: 'lottery-ticket-10pct',
  claim:
    `LeNet-300-100, MNIST ${LTT_TRAIN / 1000}k train / ${LTT_VAL / 1000}k validation (disjoint, from train) / ${LTT_TEST / 1000}k test, Adam 1.2e-3, batch ${lttSpec.batch}, ${lttSpec.steps} steps (${(lttSpec.steps * lttSpec.batch) / LTT_TRAIN} epochs) per round, ` +
    `layer-wise IMP ${100 * lttSpec.rate}%/round (output ${100 * lttSpec.outputRate}%) ×${lttSpec.rounds} → ≈11% of weights, 3 seeds, test accuracy at the validation early-stop step: ` +
    'the ticket is ≥ dense − 0.3 pt, and random reinit at the same mask is worse by > max(0.5 pt, seed std). Falsified if the ticket falls below dense by more than that, or reinit stays within seed std of the ticket.',
  // The protocol (steps, rates, data sizes) was chosen on seeds 1–3: docs/check-settings.md#lottery-ticket-10pct.
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  async run(env) {
    const { train, test, val } = await splits(env, LTT_TRAIN, LTT_TEST, LTT_VAL);
    try {
      const dense: number[] = [];
      const ticket: number[] = [];
      const reinit: number[] = [];
      const esDense: number[] = [];
      const esTicket: number[] = [];
      const esReinit: number[] = [];
      let remaining = 0;
      for (const seed of env.seeds) {
        const rounds = await runImp(env, train, test, lttSpec, seed, val);
        const first = rounds[0];
        const last = rounds[rounds.length - 1];
        remaining = last.remaining;
        dense.push(first.ticket.earlyStopAccuracy);
        ticket.push(last.ticket.earlyStopAccuracy);
        reinit.push(last.reinit!.earlyStopAccuracy);
        esDense.push(first.ticket.earlyStopStep);
        esTicket.push(last.ticket.earlyStopStep);
        esReinit.push(last.reinit!.earlyStopStep);
        env.log(
          `seed ${seed}: ${rounds.map((r) => `${(100 * r.remaining).toFixed(1)}%→${pt(r.ticket.earlyStopAccuracy)} (es ${r.ticket.earlyStopStep}, final ${pt(r.ticket.accuracy)})`).join(', ')}; ` +
            `reinit ${pt(last.reinit!.earlyStopAccuracy)} (es ${last.reinit!.earlyStopStep}, final ${pt(last.reinit!.accuracy)})`,
        );
      }
      const converged = Math.max(...esDense, ...esTicket, ...esReinit) < lttSpec.steps;
      const spread = Math.max(std(ticket), std(reinit));
      const gap = mean(ticket) - mean(reinit);
      const matches = mean(ticket) >= mean(dense) - 0.003;
      const beatsReinit = gap > Math.max(0.005, spread);
      return {
        pass: converged && matches && beatsReinit,
        measured:
          `early-stop steps of ${lttSpec.steps}: dense ${esDense.join('/')}, ticket ${esTicket.join('/')}, reinit ${esReinit.join('/')} (all inside the run: ${converged ? 'yes' : 'NO — training too short, no verdict'}); ` +
          `at ${(100 * remaining).toFixed(1)}% remaining: ticket ${ms(ticket)}%, dense ${ms(dense)}% (ticket − dense ${pt(mean(ticket) - mean(dense))} pt, need ≥ −0.30: ${matches ? 'ok' : 'NO'}); ` +
          `reinit ${ms(reinit)}%; ticket − reinit ${pt(gap)} pt (need > ${pt(Math.max(0.005, spread))}: ${beatsReinit ? 'ok' : 'NO'})`,
      };
    } finally {
      train.dispose();
      test.dispose();
      val?.dispose();
    }
  },
};

const CIFAR: Dims = { inputs: 32 * 32 * 3, classes: 10, shape: [32, 32, 3] };

/** One rewinding experiment: the net and its training, the rewind point and the data. */
interface RewindSetting {
  id: string;
  /** The net, its data and its training, in words, for the claim. */
  setting: string;
  spec: ImpSpec;
  /** Rewind point k in steps (compared with k = 0). */
  rewind: number;
  splits(env: CheckEnv): Promise<{ train: GpuSplit; test: GpuSplit }>;
  /** The input (default CIFAR-10 images). */
  dims?: Dims;
  gpuOnly?: string;
  /**
   * 'repair' (default): the paper's claim, gated on the k = 0 ticket failing; 'steady': only its
   * stability half, that rewinding steadies a pair that is unstable at k = 0 (accuracies reported,
   * not judged).
   */
  claim?: 'repair' | 'steady';
  seeds: CheckSeeds;
}

/**
 * One seed, both rewind points from one dense run (rewindSweep with one round: one-shot global
 * magnitude pruning): for each rewind point the survivors are rewound there and trained twice,
 * with the dense run's data order (copy A: the ticket itself) and another (copy B), for the error
 * barrier on the line between the copies.
 */
async function rewindSeed(
  env: CheckEnv,
  s: RewindSetting,
  train: GpuSplit,
  test: GpuSplit,
  seed: number,
): Promise<{ dense: number; remaining: number; inst: Record<number, Instability> }> {
  let dense = NaN;
  let remaining = NaN;
  const inst: Record<number, Instability> = {};
  for await (const item of rewindSweep(env.gpu, train, test, s.spec, [0, s.rewind], seed, s.dims ?? CIFAR, 11)) {
    if ('round' in item) {
      if (item.round.round === 0 && item.index === 0) {
        dense = item.round.ticket.accuracy;
        env.log(`seed ${seed}: dense ${pt(dense)}`);
      }
    } else {
      inst[item.k] = item.instability;
      remaining = item.last.remaining;
    }
  }
  return { dense, remaining, inst };
}

function rewindCheck(s: RewindSetting): Check {
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
    gpuOnly: s.gpuOnly,
    seeds: s.seeds,
    claim:
      `${s.setting}, SGD ${spec.lr} momentum ${spec.momentum} ${spec.schedule} (no warmup), batch ${spec.batch}, ${spec.steps} steps, ` +
      `one-shot global magnitude pruning ${(100 * spec.rate).toFixed(1)}% (output layer ${(100 * spec.outputRate).toFixed(1)}%); ` +
      `rewind k = 0 vs k = ${k} steps (${((100 * k) / spec.steps).toFixed(0)}%): ${rule}`,
    async run(env) {
      const { train, test } = await s.splits(env);
      try {
        const dense: number[] = [];
        const acc: Record<number, number[]> = { 0: [], [k]: [] };
        const barrier: Record<number, number[]> = { 0: [], [k]: [] };
        for (const seed of env.seeds) {
          const r = await rewindSeed(env, s, train, test, seed);
          dense.push(r.dense);
          for (const j of [0, k]) {
            acc[j].push(r.inst[j].accuracyA);
            barrier[j].push(r.inst[j].barrier);
            env.log(
              `seed ${seed} k=${j}: dense ${pt(r.dense)}, ticket at ${(100 * r.remaining).toFixed(1)}% ${pt(r.inst[j].accuracyA)} (copy B ${pt(r.inst[j].accuracyB)}), barrier ${pt(r.inst[j].barrier)} pt (errors ${r.inst[j].errors.map(pt).join(' ')})`,
            );
          }
        }
        const fails0 = mean(dense) - mean(acc[0]) >= 0.01;
        const spread = Math.max(std(acc[0]), std(acc[k]));
        const gain = mean(acc[k]) - mean(acc[0]);
        const better = gain > spread;
        const drop = mean(barrier[0]) - mean(barrier[k]);
        const noise = Math.max(std(barrier[0]), std(barrier[k]));
        const stabler = mean(barrier[k]) <= mean(barrier[0]) / 2 && drop > noise;
        const barriers = `barrier k=0 ${ms(barrier[0])} pt, k=${k} ${ms(barrier[k])} pt (need ≤ ½ and a drop > ${pt(noise)}: ${stabler ? 'ok' : 'NO'})`;
        if (steady) {
          const unstable0 = mean(barrier[0]) >= 0.01;
          return {
            pass: unstable0 && stabler,
            measured:
              `${barriers}; k=0 pair unstable (≥ 1 pt): ${unstable0 ? 'yes' : 'NO — precondition unmet, no verdict'}; ` +
              `accuracy (not judged): dense ${ms(dense)}%, k=0 ticket ${ms(acc[0])}%, k=${k} ticket ${ms(acc[k])}% (gain ${pt(gain)} pt vs seed std ${pt(spread)})`,
          };
        }
        return {
          pass: fails0 && better && stabler,
          measured:
            `dense ${ms(dense)}%; k=0 ticket ${ms(acc[0])}% (${pt(mean(acc[0]) - mean(dense))} pt vs dense; k=0 fails (≤ −1 pt): ${fails0 ? 'yes' : 'NO — precondition unmet, no verdict'}); ` +
            `k=${k} ticket ${ms(acc[k])}% (gain ${pt(gain)} pt, need > ${pt(spread)}: ${better ? 'ok' : 'NO'}); ${barriers}`,
        };
      } finally {
        train.dispose();
        test.dispose();
      }
    },
  };
}

/*
 * Frankle et al. find rewinding to k = 0 failing where training is unstable early (deep convnets,
 * large learning rates, no warmup), while LeNet-300-100 at small rates is stable from k = 0. Every
 * setting tried here (docs/rewinding.md has each one's numbers) either keeps the k = 0 ticket at or
 * above dense, or fails at k = 0 in a way rewinding does not repair; where the pair is unstable at
 * k = 0, rewinding lowers the barrier without the accuracy gain the paper ties to it. So this check
 * keeps the setting where the dense net trains best and keeps the precondition as a gate: it
 * reports "precondition unmet" (a FAIL, no verdict) instead of passing by accident.
 */
const conv2Rewind = rewindCheck({
  id: 'rewind-stability',
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
  splits: (env) => splits(env, 2000, 1000, 0, 'cifar10'),
});

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
const RESNET_TRAIN = 10_000;
const resnetRewind = rewindCheck({
  id: 'rewind-stability-resnet20',
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
  async splits(env) {
    const data = await env.dataset('cifar10');
    const first = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
    return {
      train: new GpuSplit(env.gpu, data, data.train, first(RESNET_TRAIN)),
      test: new GpuSplit(env.gpu, data, data.test, first(1000)),
    };
  },
  gpuOnly: 'ResNet-20 at full width: 8,640 steps of batch 128 at ~34 s each on SwiftShader',
});

/*
 * The stability half of the claim where a pair is unstable at k = 0 for a cheap reason: a small
 * init (Kaiming × 0.2), whose first steps decide which features form. Seed 1 chose the setting, so
 * it is judged on seeds 2–4. Seed 1's numbers: docs/check-settings.md#rewind-steadies-small-init;
 * the neighbouring settings (sparser, smaller init, more data): docs/rewinding.md.
 */
const smallInitRewind = rewindCheck({
  id: 'rewind-steadies-small-init',
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
  dims: MNIST,
  splits: (env) => splits(env, 5000, 2000, 0, 'fashion-mnist'),
});

const RP_WIDTHS = [16, 32, 64, 128];
const RP_DENSITY = 0.1;
const rpSpec: SparseTrainSpec = {
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

/** Liu et al. 2022: the dense − random-sparse gap closes as the net widens (same protocol as the lottery check). */
const randomPruning: Check = {
  id: 'random-pruning-width',
  claim:
    `MLP 784-w-w-10, w ∈ {${RP_WIDTHS.join(', ')}}, Fashion-MNIST 1k train / 500 validation (from train) / 2k test, Adam 1.2e-3, batch 50, 200 steps (10 epochs), ` +
    `random ERK masks at ${100 * RP_DENSITY}% density fixed from init vs the dense net of the same width, test accuracy at the validation early-stop step, 3 seeds: ` +
    'the gap (dense − sparse) at the narrowest width exceeds its seed std, never grows with width by more than the seed std of the gaps, and at the widest width is ≤ ⅓ of the narrowest. Falsified if the gap does not shrink with width.',
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  async run(env) {
    const { train, test, val } = await splits(env, 1000, 2000, 500, 'fashion-mnist');
    try {
      const gaps: number[][] = RP_WIDTHS.map(() => []);
      const acc: Record<string, number[][]> = { dense: RP_WIDTHS.map(() => []), sparse: RP_WIDTHS.map(() => []) };
      for (const seed of env.seeds) {
        for (const [wi, w] of RP_WIDTHS.entries()) {
          const spec = { ...rpSpec, hidden: [w, w] };
          for (const method of ['dense', 'sparse']) {
            const model = buildNet(env.gpu, spec, seed, MNIST);
            try {
              if (method === 'sparse')
                setMasks(
                  model,
                  randomMasks(
                    model,
                    erkDensities(
                      layersOf(model).map((l) => [...l.weight.shape]),
                      RP_DENSITY,
                    ),
                    seed,
                  ),
                );
              acc[method][wi].push((await trainFrom(model, train, test, spec, seed, 0, { val })).earlyStopAccuracy);
            } finally {
              disposeModel(model);
            }
          }
          gaps[wi].push(acc.dense[wi][acc.dense[wi].length - 1] - acc.sparse[wi][acc.sparse[wi].length - 1]);
        }
        env.log(
          `seed ${seed}: ${RP_WIDTHS.map((w, wi) => `w=${w} dense ${pt(acc.dense[wi][acc.dense[wi].length - 1])} sparse ${pt(acc.sparse[wi][acc.sparse[wi].length - 1])}`).join('; ')}`,
        );
      }
      const g = gaps.map(mean);
      const noise = Math.max(...gaps.map(std));
      const real = g[0] > std(gaps[0]);
      const monotone = g.every((x, i) => i === 0 || x <= g[i - 1] + noise);
      const closes = g[g.length - 1] <= g[0] / 3;
      return {
        pass: real && monotone && closes,
        measured:
          `gap dense − sparse by width: ${RP_WIDTHS.map((w, wi) => `w=${w} ${ms(gaps[wi])} pt (dense ${ms(acc.dense[wi])}%, sparse ${ms(acc.sparse[wi])}%)`).join('; ')}; ` +
          `narrowest gap > its std: ${real ? 'ok' : 'NO'}; no rise > ${pt(noise)} pt: ${monotone ? 'ok' : 'NO'}; widest ≤ ⅓ narrowest (${pt(g[g.length - 1])} vs ${pt(g[0] / 3)}): ${closes ? 'ok' : 'NO'}`,
      };
    } finally {
      train.dispose();
      test.dispose();
      val?.dispose();
    }
  },
};

export const checks = [lotteryTicket, conv2Rewind, smallInitRewind, resnetRewind, randomPruning, ...atInitChecks];
