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
import { buildMlp, imp, instability, layersOf, randomMasks, setMasks, trainFrom, type ImpSpec, type RoundResult, type SparseTrainSpec } from '../experiments/pruning/core.ts';
import type { Check, CheckEnv } from './check.ts';

const SEEDS = [1, 2, 3];
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
async function splits(env: CheckEnv, trainSize: number, testSize: number, valSize = 0, dataset = 'mnist'): Promise<{ train: GpuSplit; test: GpuSplit; val?: GpuSplit }> {
  const data = await env.dataset(dataset);
  const drawn = seededSubset(data.train, trainSize + valSize, 1);
  return {
    train: new GpuSplit(env.gpu, data, data.train, drawn.subarray(0, trainSize)),
    test: new GpuSplit(env.gpu, data, data.test, Uint32Array.from({ length: testSize }, (_, i) => i)),
    val: valSize > 0 ? new GpuSplit(env.gpu, data, data.train, drawn.subarray(trainSize)) : undefined,
  };
}

/** Runs IMP to the end and returns every round (and disposes the model). */
async function runImp(env: CheckEnv, train: GpuSplit, test: GpuSplit, spec: ImpSpec, seed: number, instabilityPoints = 0, val?: GpuSplit) {
  const rounds: RoundResult[] = [];
  const it = imp(env.gpu, train, test, spec, seed, { inputs: 784, classes: 10 }, { val });
  for (;;) {
    const r = await it.next();
    if (!r.done) {
      rounds.push(r.value);
      continue;
    }
    try {
      const inst = instabilityPoints > 0 ? await instability(r.value.model, r.value.rewindState, spec.rewind, train, test, spec, seed, seed + 1000, instabilityPoints) : null;
      return { rounds, inst };
    } finally {
      disposeModel(r.value.model);
    }
  }
}

/*
 * Training length, fixed once before any ticket ran: Frankle & Carbin train LeNet-300-100 far past
 * convergence (50k iterations) and read test accuracy at the early-stop iteration (minimum
 * validation loss). Here the budget (~1/10 of a loaded 2-core CPU) allows 1k train images; Adam at
 * 1.2e-3 with batch 50 fits them in a few epochs, so 10 epochs (200 steps) puts the dense net's
 * validation-loss minimum well inside the run. The check tests that assumption (dense early-stop
 * step < 200) and reports "not converged" instead of a verdict if it fails.
 */
const LTT_TRAIN = 1000;
const LTT_VAL = 500;
const LTT_TEST = 2000;
const lttSpec: ImpSpec = {
  model: 'lenet300',
  hidden: [300, 100],
  optimizer: 'adam',
  lr: 1.2e-3,
  momentum: 0,
  schedule: 'constant',
  batch: 50,
  steps: 200,
  evals: 10,
  rounds: 2,
  rate: 0.68,
  outputRate: 0.46,
  scope: 'layer',
  rewind: 0,
  controls: 'last',
  randomControl: false,
};

const lotteryTicket: Check = {
  id: 'lottery-ticket-10pct',
  claim:
    `LeNet-300-100, MNIST ${LTT_TRAIN / 1000}k train / ${LTT_VAL} validation (disjoint, from train) / ${LTT_TEST / 1000}k test, Adam 1.2e-3, batch 50, 200 steps (10 epochs) per round, ` +
    'layer-wise IMP 68%/round (output 46%) ×2 → ≈10% of weights, 3 seeds, test accuracy at the validation early-stop step: ' +
    'the ticket is ≥ dense − 0.3 pt, and random reinit at the same mask is worse by > max(0.5 pt, seed std). Falsified if the ticket falls below dense by more than that, or reinit stays within seed std of the ticket.',
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
      for (const seed of SEEDS) {
        const { rounds } = await runImp(env, train, test, lttSpec, seed, 0, val);
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
      const converged = Math.max(...esDense) < lttSpec.steps;
      const spread = Math.max(std(ticket), std(reinit));
      const gap = mean(ticket) - mean(reinit);
      const matches = mean(ticket) >= mean(dense) - 0.003;
      const beatsReinit = gap > Math.max(0.005, spread);
      return {
        pass: converged && matches && beatsReinit,
        measured:
          `dense early-stop steps ${esDense.join('/')} of ${lttSpec.steps} (converged inside the run: ${converged ? 'yes' : 'NO — training too short, no verdict'}); ` +
          `at ${(100 * remaining).toFixed(1)}% remaining: ticket ${ms(ticket)}%, dense ${ms(dense)}% (ticket − dense ${pt(mean(ticket) - mean(dense))} pt, need ≥ −0.30: ${matches ? 'ok' : 'NO'}); ` +
          `reinit ${ms(reinit)}%; ticket − reinit ${pt(gap)} pt (need > ${pt(Math.max(0.005, spread))}: ${beatsReinit ? 'ok' : 'NO'}); ` +
          `early-stop step ticket ${esTicket.join('/')}, reinit ${esReinit.join('/')}`,
      };
    } finally {
      train.dispose();
      test.dispose();
      val?.dispose();
    }
  },
};

const rewindSpec: ImpSpec = {
  model: 'lenet300',
  hidden: [300, 100],
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  schedule: 'cosine',
  batch: 60,
  steps: 100,
  evals: 2,
  rounds: 3,
  rate: 0.6,
  outputRate: 0.6,
  scope: 'global',
  rewind: 0,
  controls: 'none',
};
const REWIND = 5;

const rewinding: Check = {
  id: 'rewind-stability',
  claim:
    `LeNet-300-100, MNIST 3k-train/2k-test, SGD 0.1 momentum 0.9 cosine, batch 60, 100 steps (2 epochs), global IMP 60%/round ×3 → 6.4% remaining, 3 seeds; rewind k = 0 vs k = ${REWIND} steps (5%): ` +
    'where the k = 0 ticket is ≥ 1 pt below dense, the rewound ticket beats it by > seed std and its error barrier (11-point line between two data orders) is ≤ ½ that of k = 0. Falsified if rewinding gives no gain, or barrier and accuracy do not co-vary.',
  async run(env) {
    const { train, test } = await splits(env, 3000, 2000);
    try {
      const dense: number[] = [];
      const acc: Record<number, number[]> = { 0: [], [REWIND]: [] };
      const barrier: Record<number, number[]> = { 0: [], [REWIND]: [] };
      for (const seed of SEEDS) {
        for (const k of [0, REWIND]) {
          const { rounds, inst } = await runImp(env, train, test, { ...rewindSpec, rewind: k }, seed, 11);
          if (k === 0) dense.push(rounds[0].ticket.accuracy);
          acc[k].push(rounds[rounds.length - 1].ticket.accuracy);
          barrier[k].push(inst!.barrier);
          env.log(`seed ${seed} k=${k}: dense ${pt(rounds[0].ticket.accuracy)}, ticket at ${(100 * rounds[rounds.length - 1].remaining).toFixed(1)}% ${pt(rounds[rounds.length - 1].ticket.accuracy)}, barrier ${pt(inst!.barrier)} pt (errors ${inst!.errors.map(pt).join(' ')})`);
        }
      }
      const fails0 = mean(dense) - mean(acc[0]) >= 0.01;
      const spread = Math.max(std(acc[0]), std(acc[REWIND]));
      const gain = mean(acc[REWIND]) - mean(acc[0]);
      const better = gain > spread;
      const stabler = mean(barrier[REWIND]) <= mean(barrier[0]) / 2;
      return {
        pass: fails0 && better && stabler,
        measured:
          `dense ${ms(dense)}%; k=0 ticket ${ms(acc[0])}% (${pt(mean(acc[0]) - mean(dense))} pt vs dense; k=0 fails (≤ −1 pt): ${fails0 ? 'yes' : 'NO'}); ` +
          `k=${REWIND} ticket ${ms(acc[REWIND])}% (gain ${pt(gain)} pt, need > ${pt(spread)}: ${better ? 'ok' : 'NO'}); ` +
          `barrier k=0 ${ms(barrier[0])} pt, k=${REWIND} ${ms(barrier[REWIND])} pt (need ≤ ½: ${stabler ? 'ok' : 'NO'})`,
      };
    } finally {
      train.dispose();
      test.dispose();
    }
  },
};

const RP_WIDTHS = [16, 32, 64, 128];
const RP_DENSITY = 0.1;
const rpSpec: SparseTrainSpec = { model: 'mlp', hidden: [], optimizer: 'adam', lr: 1.2e-3, momentum: 0, schedule: 'constant', batch: 50, steps: 200, evals: 10 };

/** Liu et al. 2022: the dense − random-sparse gap closes as the net widens (same protocol as the lottery check). */
const randomPruning: Check = {
  id: 'random-pruning-width',
  claim:
    `MLP 784-w-w-10, w ∈ {${RP_WIDTHS.join(', ')}}, Fashion-MNIST 1k train / 500 validation (from train) / 2k test, Adam 1.2e-3, batch 50, 200 steps (10 epochs), ` +
    `random ERK masks at ${100 * RP_DENSITY}% density fixed from init vs the dense net of the same width, test accuracy at the validation early-stop step, 3 seeds: ` +
    'the gap (dense − sparse) at the narrowest width exceeds its seed std, never grows with width by more than the seed std of the gaps, and at the widest width is ≤ ⅓ of the narrowest. Falsified if the gap does not shrink with width.',
  async run(env) {
    const { train, test, val } = await splits(env, 1000, 2000, 500, 'fashion-mnist');
    try {
      const gaps: number[][] = RP_WIDTHS.map(() => []);
      const acc: Record<string, number[][]> = { dense: RP_WIDTHS.map(() => []), sparse: RP_WIDTHS.map(() => []) };
      for (const seed of SEEDS) {
        for (const [wi, w] of RP_WIDTHS.entries()) {
          const spec = { ...rpSpec, hidden: [w, w] };
          for (const method of ['dense', 'sparse']) {
            const model = buildMlp(env.gpu, spec, seed, 784, 10);
            try {
              if (method === 'sparse') setMasks(model, randomMasks(model, erkDensities(layersOf(model).map((l) => [...l.weight.shape]), RP_DENSITY), seed));
              acc[method][wi].push((await trainFrom(model, train, test, spec, seed, 0, { val })).earlyStopAccuracy);
            } finally {
              disposeModel(model);
            }
          }
          gaps[wi].push(acc.dense[wi][acc.dense[wi].length - 1] - acc.sparse[wi][acc.sparse[wi].length - 1]);
        }
        env.log(`seed ${seed}: ${RP_WIDTHS.map((w, wi) => `w=${w} dense ${pt(acc.dense[wi][acc.dense[wi].length - 1])} sparse ${pt(acc.sparse[wi][acc.sparse[wi].length - 1])}`).join('; ')}`);
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

export const checks = [lotteryTicket, rewinding, randomPruning];
