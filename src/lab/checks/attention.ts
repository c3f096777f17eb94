/**
 * Checks of the attention family: a small ViT reaches the engine issue's MNIST accuracy, and a
 * one-layer transformer learns to sort (the pointer task) on held-out sequences; a pointer network
 * sorts and finds convex hulls at lengths beyond its training lengths.
 */
import type { Check, CheckEnv } from './check.ts';
import type { RunContext, RunEvent } from '../experiment.ts';
import { defaultSeqSpec } from '../seq-task.ts';
import { vitAttentionRun, type VitRun } from '../experiments/attention/vit.ts';
import { sortAttentionRun } from '../experiments/attention/sort.ts';
import { CONDITIONS, lazyNeuronRun, type LazyRun } from '../experiments/attention/lazy-neuron.ts';
import { pointerRun, type PointerRun } from '../experiments/attention/pointer.ts';
import { pfnRun, type PfnRun } from '../experiments/attention/pfn.ts';
import {
  randomFeatureRun,
  seedMeans,
  type RfaResult,
  type RfaRun,
  type RfaTarget,
} from '../experiments/attention/random-features.ts';

function runContext(env: CheckEnv): RunContext {
  const t0 = performance.now();
  return {
    gpu: env.gpu,
    dataset: (n) => env.dataset(n),
    checkpoint: async () => {},
    elapsed: () => (performance.now() - t0) / 1000,
  };
}

/** Runs an experiment generator to its end; the done summary, or a throw with the error. */
async function finish(events: AsyncGenerator<RunEvent>, env: CheckEnv): Promise<Record<string, number | string>> {
  for await (const ev of events) {
    if (ev.type === 'log') env.log(ev.message);
    if (ev.type === 'metric' && ev.name.endsWith('accuracy'))
      env.log(`${ev.name} at step ${ev.step}: ${pct(ev.value)}`);
    if (ev.type === 'error') throw new Error(ev.message);
    if (ev.type === 'done') return ev.summary;
  }
  throw new Error('the run ended without a summary');
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

/** First and last value of every `active/…` series of a lazy-neuron run. */
async function activeShares(env: CheckEnv, r: LazyRun): Promise<Map<string, { first: number; last: number }>> {
  const out = new Map<string, { first: number; last: number }>();
  for await (const ev of lazyNeuronRun(runContext(env), r)) {
    if (ev.type === 'error') throw new Error(ev.message);
    if (ev.type !== 'metric' || !ev.name.startsWith('active/')) continue;
    const key = ev.name.slice('active/'.length);
    out.set(key, { first: out.get(key)?.first ?? ev.value, last: ev.value });
  }
  return out;
}

// Three epochs of 50,000 digits (about 10 min on a lightly loaded SwiftShader): shorter runs were
// still rising below 95%. Seed 1 clears 95% by a quarter of a point, so other seeds may fall
// below. The shorter runs: docs/check-settings.md#vit-mnist.
export const VIT_CHECK: VitRun = {
  trainSize: 50000,
  testSize: 2000,
  patch: 7,
  layers: 2,
  features: 32,
  heads: 4,
  lr: 0.003,
  batch: 64,
  epochs: 3,
  examples: 1,
  seed: 1,
};
const SORT_SEEDS = [1, 2, 3];
const SORT_STEPS = 300;
const LAZY_SEEDS = [1, 2, 3];
const LAZY: Omit<LazyRun, 'seed'> = {
  conditions: CONDITIONS,
  hidden: [256, 256],
  trainSize: 2000,
  lr: 0.05,
  batch: 64,
  epochs: 5,
  probe: 512,
};

// Seeds 1–3 calibrated the thresholds (see PFN_CAL); the check trains a fresh seed. 600 steps of
// 16 tasks (the paper trains for 20k+) keep it to minutes on SwiftShader; timings in
// docs/check-settings.md#pfn-matches-gp.
export const PFN_CHECK: PfnRun = {
  prior: { lengthScale: 0.3, noise: 0.1 },
  points: 24,
  maxContext: 16,
  layers: 2,
  features: 32,
  heads: 4,
  lr: 0.003,
  batch: 16,
  steps: 600,
  evalTasks: 256,
  examples: 3,
  seed: 4,
};
/**
 * What seeds 1–3 of PFN_CHECK measured on their own held-out tasks (meanMse, gap); each threshold
 * is the seeds' mean + 3 sd, rounded up.
 */
const PFN_CAL = { meanMse: [0.128, 0.151, 0.09], gap: [0.676, 0.737, 0.635], maxMeanMse: 0.22, maxGap: 0.84 };

// Pointer networks: one size for both tasks, small enough that each check runs in minutes on an
// idle SwiftShader (timings under load: docs/check-settings.md#pointer-sort-length-10).
const POINTER_SORT: PointerRun = {
  task: 'sort',
  minLength: 5,
  maxLength: 10,
  testLengths: [10, 15, 20],
  layers: 2,
  features: 32,
  heads: 4,
  lr: 0.003,
  batch: 64,
  steps: 400,
  evalSize: 256,
  seed: 1,
};
// Seeds 1–3 calibrate the hull thresholds (HULL_CAL); the check trains a fresh seed.
const POINTER_HULL: PointerRun = { ...POINTER_SORT, task: 'hull', steps: 300, seed: 4 };
/**
 * Each threshold is the mean − 3 sd of seeds 1–3 of POINTER_HULL, rounded down (their numbers:
 * docs/check-settings.md#pointer-hull). The catalogue's paper-scale bar is reported as met or not.
 */
const HULL_CAL = { exact10: 0.377, coverage10: 0.956, coverage20: 0.911 };

// Random-feature attention vs RF MLP: both targets, 288 features each, n = 64…1024 nested, 3 seeds.
// The claim starts at n = 128: at n = 64 neither model learns the keys-only target once the MLP's
// ridge may reach "predict the mean". n = 64 is still measured and printed; its numbers:
// docs/check-settings.md#random-features-beat-mlp.
const RFA_CHECK: Omit<RfaRun, 'target'> = {
  keys: 16,
  dim: 8,
  heads: 32,
  qkStd: 0.25,
  qkMean: 0,
  sizes: [64, 128, 256, 512, 1024],
  testSize: 1024,
  valSize: 512,
  seeds: 3,
  seed: 1,
};
const RFA_CLAIMED_FROM = 128;
const RFA_TARGETS: RfaTarget[] = ['keys-quadratic', 'query-key'];

/** Runs the sweep to its end, logging each point; its result. */
async function rfaSweep(env: CheckEnv, r: RfaRun): Promise<RfaResult> {
  const gen = randomFeatureRun(runContext(env), r);
  for (let it = await gen.next(); ; it = await gen.next()) {
    if (it.done) return it.value;
    const ev = it.value;
    if (ev.type === 'metric' && !ev.name.includes('lambda'))
      env.log(`${r.target} ${ev.name} n=${ev.step}: ${ev.value.toFixed(3)}`);
  }
}

const seedSd = (rows: number[][], j: number): number => {
  const m = rows.reduce((a, r) => a + r[j], 0) / rows.length;
  return Math.sqrt(rows.reduce((a, r) => a + (r[j] - m) ** 2, 0) / Math.max(1, rows.length - 1));
};

export const checks: Check[] = [
  {
    id: 'vit-mnist',
    claim:
      `A ViT (7×7 patches, ${VIT_CHECK.layers} layers, d = ${VIT_CHECK.features}, ${VIT_CHECK.heads} heads) trained with Adam for ${VIT_CHECK.epochs} epoch${VIT_CHECK.epochs === 1 ? '' : 's'} on ` +
      `${VIT_CHECK.trainSize} MNIST digits reaches ≥ 95% accuracy on the first ${VIT_CHECK.testSize} test digits (falsified if < 95%).`,
    async run(env) {
      const s = await finish(vitAttentionRun(runContext(env), VIT_CHECK), env);
      const acc = Number(s.testAccuracy);
      return {
        pass: acc >= 0.95,
        measured: `test accuracy ${pct(acc)} (threshold 95%), ${s.steps} steps in ${Number(s.seconds).toFixed(0)} s, seed ${VIT_CHECK.seed}`,
      };
    },
  },
  {
    id: 'sort-length-8',
    claim:
      `A one-layer transformer (d = 32, 2 heads) learns to sort length-8 sequences over 10 tokens: after ${SORT_STEPS} Adam steps of 64 fresh sequences, ` +
      `held-out token accuracy ≥ 99% for every one of seeds ${SORT_SEEDS.join(', ')} (falsified if any seed is below).`,
    async run(env) {
      const accs: number[] = [];
      const seqs: number[] = [];
      for (const seed of SORT_SEEDS) {
        const s = await finish(
          sortAttentionRun(runContext(env), {
            ...defaultSeqSpec,
            task: 'sort',
            features: 32,
            heads: 2,
            lr: 0.005,
            steps: SORT_STEPS,
            warmupSteps: 30,
            evalSize: 1024,
            seed,
            logEvery: 50,
          }),
          env,
        );
        accs.push(Number(s.testTokenAccuracy));
        seqs.push(Number(s.testSequenceAccuracy));
        env.log(`seed ${seed}: token ${pct(accs.at(-1)!)}, sequence ${pct(seqs.at(-1)!)}`);
      }
      const worst = Math.min(...accs);
      return {
        pass: worst >= 0.99,
        measured: `held-out token accuracy ${accs.map(pct).join(', ')} (min ${pct(worst)}, threshold 99%); whole-sequence ${seqs.map(pct).join(', ')}`,
      };
    },
  },
  {
    id: 'lazy-neuron',
    claim:
      `The share of nonzero ReLU activations of an MLP 784-256-256-10 on a probe batch of its training inputs falls from init to the end of ` +
      `${LAZY.epochs} epochs of SGD on ${LAZY.trainSize} MNIST digits, in every hidden layer, under true labels, random labels and random inputs, ` +
      `for seeds ${LAZY_SEEDS.join(', ')} (falsified if any layer's share does not fall by at least 2 points).`,
    async run(env) {
      const rows: string[] = [];
      let worstDrop = Infinity;
      const byKey = new Map<string, { first: number[]; last: number[] }>();
      for (const seed of LAZY_SEEDS) {
        for (const [key, v] of await activeShares(env, { ...LAZY, seed })) {
          env.log(`seed ${seed} ${key}: ${pct(v.first)} → ${pct(v.last)}`);
          const acc = byKey.get(key) ?? { first: [], last: [] };
          acc.first.push(v.first);
          acc.last.push(v.last);
          byKey.set(key, acc);
          worstDrop = Math.min(worstDrop, v.first - v.last);
        }
        env.log(`seed ${seed} done`);
      }
      for (const [key, v] of byKey) rows.push(`${key} ${v.first.map(pct).join('/')} → ${v.last.map(pct).join('/')}`);
      return {
        pass: worstDrop >= 0.02,
        measured: `active share init → end (seeds ${LAZY_SEEDS.join('/')}): ${rows.join('; ')}; smallest drop ${pct(worstDrop)} (threshold 2 points)`,
      };
    },
  },
  {
    id: 'pfn-matches-gp',
    claim:
      `A PFN (${PFN_CHECK.layers} pre-LN layers, d = ${PFN_CHECK.features}, Gaussian output) trained for ${PFN_CHECK.steps} Adam steps of ${PFN_CHECK.batch} fresh ` +
      `GP tasks (RBF ℓ = ${PFN_CHECK.prior.lengthScale}, σ = ${PFN_CHECK.prior.noise}, x ∈ [−1, 1], ${PFN_CHECK.points} points, context 1–${PFN_CHECK.maxContext}) ` +
      `approximates the exact GP posterior on ${PFN_CHECK.evalTasks} held-out tasks: mean over queries of (μ_PFN − μ_GP)² ≤ ${PFN_CAL.maxMeanMse} of the prior ` +
      `variance and held-out NLL ≤ exact-GP NLL + ${PFN_CAL.maxGap} nats per query point (thresholds: seeds 1–3 measured ` +
      `${PFN_CAL.meanMse.join('/')} and ${PFN_CAL.gap.join('/')}; mean + 3 sd; an untrained PFN is at 1.3–4.8 and ~1.4). Falsified if either is exceeded ` +
      `on a fresh seed (${PFN_CHECK.seed}). The paper-scale criterion (NLL within 0.1 nats) is reported, not required.`,
    async run(env) {
      let s: Record<string, number | string> | null = null;
      for await (const ev of pfnRun(runContext(env), PFN_CHECK)) {
        if (ev.type === 'log') env.log(ev.message);
        if (ev.type === 'metric' && ev.name.startsWith('eval/'))
          env.log(`${ev.name} at step ${ev.step}: ${ev.value.toFixed(4)}`);
        if (ev.type === 'error') throw new Error(ev.message);
        if (ev.type === 'done') s = ev.summary;
      }
      if (!s) throw new Error('the run ended without a summary');
      const [nll, gp, prior, mse, corr] = [s.nll, s.gpNll, s.priorNll, s.meanMse, s.meanCorr].map(Number);
      const gap = nll - gp;
      const f = (v: number) => v.toFixed(3);
      return {
        pass: mse <= PFN_CAL.maxMeanMse && gap <= PFN_CAL.maxGap,
        measured:
          `seed ${PFN_CHECK.seed}, ${s.steps} steps in ${Number(s.seconds).toFixed(0)} s: mean error ${f(mse)} of prior variance (threshold ${PFN_CAL.maxMeanMse}), ` +
          `corr(μ_PFN, μ_GP) ${f(corr)}; NLL/point PFN ${f(nll)}, exact GP ${f(gp)}, prior ${f(prior)}: gap ${f(gap)} nats (threshold ${PFN_CAL.maxGap}; ` +
          `paper-scale 0.1 ${gap <= 0.1 ? 'met' : 'not met'}), ${((100 * (prior - nll)) / (prior - gp)).toFixed(0)}% of the prior→GP gap closed`,
      };
    },
  },
  {
    id: 'pointer-sort-length-10',
    claim:
      `A pointer network (transformer encoder with no positions, causal decoder, d = ${POINTER_SORT.features}, ${POINTER_SORT.layers} + ${POINTER_SORT.layers} layers) ` +
      `trained with teacher forcing for ${POINTER_SORT.steps} Adam steps of ${POINTER_SORT.batch} fresh inputs of lengths ${POINTER_SORT.minLength}–${POINTER_SORT.maxLength} ` +
      `sorts ${POINTER_SORT.evalSize} held-out length-10 inputs of reals in [0, 1] by greedy pointing with ≥ 90% whole-sequence exact match (falsified if below); ` +
      `exact match at lengths 15 and 20 (never trained on) is reported, not required.`,
    async run(env) {
      const s = await finish(pointerRun(runContext(env), POINTER_SORT), env);
      const e = (n: number) => Number(s[`exact${n}`]);
      return {
        pass: e(10) >= 0.9,
        measured: `exact match n=10 ${pct(e(10))} (threshold 90%); n=15 ${pct(e(15))}, n=20 ${pct(e(20))} (reported); ${s.steps} steps in ${Number(s.seconds).toFixed(0)} s, seed ${POINTER_SORT.seed}`,
      };
    },
  },
  {
    id: 'pointer-hull',
    claim:
      `The same pointer network trained for ${POINTER_HULL.steps} steps on convex hulls of ${POINTER_HULL.minLength}–${POINTER_HULL.maxLength} uniform points ` +
      `(vertices counter-clockwise from the leftmost, then an end pointer), decoded greedily on ${POINTER_HULL.evalSize} held-out inputs, reaches ` +
      `exact vertex sequences ≥ ${pct(HULL_CAL.exact10)} and area coverage ≥ ${pct(HULL_CAL.coverage10)} at n = 10, and area coverage ≥ ${pct(HULL_CAL.coverage20)} at n = 20 ` +
      `(lab thresholds from seeds 1–3; falsified if any is below; coverage is 0 for a self-crossing output). The catalogue's bar (70% / 99% / 95%) is reported as met or not.`,
    async run(env) {
      const s = await finish(pointerRun(runContext(env), POINTER_HULL), env);
      const v = (k: string) => Number(s[k]);
      const paper = v('exact10') >= 0.7 && v('coverage10') >= 0.99 && v('coverage20') >= 0.95;
      return {
        pass:
          v('exact10') >= HULL_CAL.exact10 &&
          v('coverage10') >= HULL_CAL.coverage10 &&
          v('coverage20') >= HULL_CAL.coverage20,
        measured:
          `n=10 exact ${pct(v('exact10'))}, coverage ${pct(v('coverage10'))}; n=15 exact ${pct(v('exact15'))}, coverage ${pct(v('coverage15'))}; ` +
          `n=20 exact ${pct(v('exact20'))}, coverage ${pct(v('coverage20'))} (thresholds ${pct(HULL_CAL.exact10)} / ${pct(HULL_CAL.coverage10)} / ${pct(HULL_CAL.coverage20)}; catalogue bar 70% / 99% / 95% ${paper ? 'met' : 'not met'}); ${s.steps} steps in ${Number(s.seconds).toFixed(0)} s, seed ${POINTER_HULL.seed}`,
      };
    },
  },
  {
    id: 'random-features-beat-mlp',
    claim:
      `On permutation-invariant targets (meanᵢ⟨β, xᵢ⟩² and meanᵢ⟨x₀, xᵢ⟩², ${RFA_CHECK.keys} keys, d = ${RFA_CHECK.dim}), random-feature attention ` +
      `(${RFA_CHECK.heads} frozen exp-attention heads, ${RFA_CHECK.heads * (RFA_CHECK.dim + 1)} features, ridge readout) has lower test MSE than a ReLU random-feature MLP ` +
      `with as many features at every n in ${RFA_CHECK.sizes.filter((n) => n >= RFA_CLAIMED_FROM).join(', ')}, seeds 1–${RFA_CHECK.seeds} (falsified if at any such n of either target the seed-mean gap is ` +
      `not more than twice the larger seed SD, or any seed has the MLP at or below attention).`,
    async run(env) {
      const rows: string[] = [];
      let pass = true;
      for (const target of RFA_TARGETS) {
        const res = await rfaSweep(env, { ...RFA_CHECK, target });
        const att = seedMeans(res.relMse.attention);
        const mlp = seedMeans(res.relMse.mlp);
        const cells = res.sizes.map((n, j) => {
          const margin = 2 * Math.max(seedSd(res.relMse.attention, j), seedSd(res.relMse.mlp, j));
          const everySeed = res.relMse.attention.every((row, k) => row[j] < res.relMse.mlp[k][j]);
          const ok = mlp[j] - att[j] > margin && everySeed;
          if (n >= RFA_CLAIMED_FROM) pass &&= ok;
          return `n=${n} ${att[j].toFixed(3)} vs ${mlp[j].toFixed(3)} (2·SD ${margin.toFixed(3)})${n < RFA_CLAIMED_FROM ? ' not claimed' : ok ? '' : ' FAIL'}`;
        });
        rows.push(`${target}: ${cells.join(', ')}`);
      }
      return {
        pass,
        measured: `relative test MSE, attention vs MLP (mean of ${RFA_CHECK.seeds} seeds): ${rows.join('; ')}`,
      };
    },
  },
];
