/**
 * Pruning-family checks (catalogue F1), at a size that runs on SwiftShader: a 5k/3k-image MNIST
 * subset, 2 epochs per round, 3 seeds. Every threshold is compared with the measured seed spread,
 * and the lines say exactly what ran.
 */
import { seededSubset } from '../datasets.ts';
import { GpuSplit } from '../loader.ts';
import { disposeModel } from '../../gpu/nn.ts';
import { imp, instability, type ImpSpec, type RoundResult } from '../experiments/pruning/core.ts';
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

async function splits(env: CheckEnv, trainSize: number, testSize: number): Promise<{ train: GpuSplit; test: GpuSplit }> {
  const data = await env.dataset('mnist');
  return {
    train: new GpuSplit(env.gpu, data, data.train, seededSubset(data.train, trainSize, 1)),
    test: new GpuSplit(env.gpu, data, data.test, Uint32Array.from({ length: testSize }, (_, i) => i)),
  };
}

/** Runs IMP to the end and returns every round (and disposes the model). */
async function runImp(env: CheckEnv, train: GpuSplit, test: GpuSplit, spec: ImpSpec, seed: number, instabilityPoints = 0) {
  const rounds: RoundResult[] = [];
  const it = imp(env.gpu, train, test, spec, seed, { inputs: 784, classes: 10 });
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

const lttSpec: ImpSpec = {
  model: 'lenet300',
  hidden: [300, 100],
  optimizer: 'adam',
  lr: 1.2e-3,
  momentum: 0,
  schedule: 'constant',
  batch: 60,
  steps: 167,
  evals: 6,
  rounds: 3,
  rate: 0.54,
  outputRate: 0.27,
  scope: 'layer',
  rewind: 0,
  controls: 'last',
};

const lotteryTicket: Check = {
  id: 'lottery-ticket-10pct',
  claim:
    'LeNet-300-100, MNIST 5k-train/2k-test subset, Adam 1.2e-3, batch 60, 167 steps (2 epochs) per round, layer-wise IMP 54%/round (output 27%) ×3 → ≈10% of weights, 3 seeds: ' +
    'the ticket is ≥ dense − 0.3 pt, and random reinit at the same mask is worse by > max(0.5 pt, seed std). Falsified if reinit stays within seed std of the ticket.',
  async run(env) {
    const { train, test } = await splits(env, 5000, 2000);
    try {
      const dense: number[] = [];
      const ticket: number[] = [];
      const reinit: number[] = [];
      const random: number[] = [];
      const esDense: number[] = [];
      const esTicket: number[] = [];
      let remaining = 0;
      for (const seed of SEEDS) {
        const { rounds } = await runImp(env, train, test, lttSpec, seed);
        const first = rounds[0];
        const last = rounds[rounds.length - 1];
        remaining = last.remaining;
        dense.push(first.ticket.accuracy);
        ticket.push(last.ticket.accuracy);
        reinit.push(last.reinit!.accuracy);
        random.push(last.random!.accuracy);
        esDense.push(first.ticket.earlyStopStep);
        esTicket.push(last.ticket.earlyStopStep);
        env.log(`seed ${seed}: ${rounds.map((r) => `${(100 * r.remaining).toFixed(1)}%→${pt(r.ticket.accuracy)}`).join(', ')}; reinit ${pt(last.reinit!.accuracy)}, random mask ${pt(last.random!.accuracy)}`);
      }
      const spread = Math.max(std(ticket), std(reinit));
      const gap = mean(ticket) - mean(reinit);
      const matches = mean(ticket) >= mean(dense) - 0.003;
      const beatsReinit = gap > Math.max(0.005, spread);
      return {
        pass: matches && beatsReinit,
        measured:
          `at ${(100 * remaining).toFixed(1)}% remaining: ticket ${ms(ticket)}%, dense ${ms(dense)}% (ticket − dense ${pt(mean(ticket) - mean(dense))} pt, need ≥ −0.30: ${matches ? 'ok' : 'NO'}); ` +
          `reinit ${ms(reinit)}%, random mask ${ms(random)}%; ticket − reinit ${pt(gap)} pt (need > ${pt(Math.max(0.005, spread))}: ${beatsReinit ? 'ok' : 'NO'}); ` +
          `early-stop step dense ${mean(esDense).toFixed(0)}, ticket ${mean(esTicket).toFixed(0)}`,
      };
    } finally {
      train.dispose();
      test.dispose();
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

export const checks = [lotteryTicket, rewinding];
