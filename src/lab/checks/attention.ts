/**
 * Checks of the attention family: a small ViT reaches the engine issue's MNIST accuracy, and a
 * one-layer transformer learns to sort (the pointer task) on held-out sequences; a pointer network
 * sorts and finds convex hulls at lengths beyond its training lengths.
 */
import type { Check, CheckEnv } from './check.ts';
import type { RunContext, RunEvent } from '../experiment.ts';
import { WorkClock } from '../progress.ts';
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
    work: new WorkClock(),
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

// Three epochs of 50,000 digits (about 10 min per seed on a lightly loaded SwiftShader): shorter
// runs were still rising below 95%. Seed 1 (tuned) cleared 95% by a quarter of a point, so other
// seeds may fall below. The shorter runs: docs/check-settings.md#vit-mnist.
export const VIT_CHECK: Omit<VitRun, 'seed'> = {
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
};
const SORT_STEPS = 300;
const LAZY: Omit<LazyRun, 'seed'> = {
  conditions: CONDITIONS,
  hidden: [256, 256],
  trainSize: 2000,
  lr: 0.05,
  batch: 64,
  epochs: 5,
  probe: 512,
};

// 2400 steps of 16 tasks (the paper trains for 20k+), about 10 min per seed on a loaded
// SwiftShader: after 600 steps the PFN was behind the ½ℓ GP on tuned seeds 1–3, after 2400 it was
// ahead on tuned seed 2. Every seed's numbers: docs/check-settings.md#pfn-matches-gp.
export const PFN_CHECK: Omit<PfnRun, 'seed'> = {
  prior: { lengthScale: 0.3, noise: 0.1 },
  points: 24,
  maxContext: 16,
  layers: 2,
  features: 32,
  heads: 4,
  lr: 0.003,
  batch: 16,
  steps: 2400,
  evalTasks: 256,
  examples: 3,
};

// Pointer networks: one size for both tasks, small enough that each check runs in minutes on an
// idle SwiftShader (timings under load: docs/check-settings.md#pointer-sort-length-10).
const POINTER_SORT: Omit<PointerRun, 'seed'> = {
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
};
const POINTER_HULL: Omit<PointerRun, 'seed'> = { ...POINTER_SORT, task: 'hull', steps: 300 };
/** The catalogue's paper-scale bar (exact and coverage at n = 10, coverage at n = 20): reported, not required. */
const HULL_PAPER = { exact10: 0.7, coverage10: 0.99, coverage20: 0.95 };

// Random-feature attention vs RF MLP: both targets, 288 features each, n = 64…1024 nested, 3 seeds.
// The claim starts at n = 128: at n = 64 neither model learns the keys-only target once the MLP's
// ridge may reach "predict the mean". n = 64 is still measured and printed; its numbers:
// docs/check-settings.md#random-features-beat-mlp.
const RFA_CHECK: Omit<RfaRun, 'target' | 'seed' | 'seeds'> = {
  keys: 16,
  dim: 8,
  heads: 32,
  qkStd: 0.25,
  qkMean: 0,
  sizes: [64, 128, 256, 512, 1024],
  testSize: 1024,
  valSize: 512,
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

const meanOf = (v: readonly number[]): number => v.reduce((a, x) => a + x, 0) / v.length;
/** Sample standard deviation over seeds (0 for one seed). */
const sdOf = (v: readonly number[]): number => {
  const m = meanOf(v);
  return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, v.length - 1));
};
const seedSd = (rows: number[][], j: number): number => sdOf(rows.map((r) => r[j]));

/**
 * `low` is below `high` by more than the seed spread: on every seed (paired), and the gap of the
 * seed means is more than twice the larger of the two seed SDs.
 */
const clearlyBelow = (low: readonly number[], high: readonly number[]): boolean =>
  low.every((v, k) => v < high[k]) && meanOf(high) - meanOf(low) > 2 * Math.max(sdOf(low), sdOf(high));

const fmt = (v: readonly number[], digits = 3) => v.map((x) => x.toFixed(digits)).join('/');
const pcts = (v: readonly number[]) => v.map(pct).join('/');

/** Runs `one` for each judged seed in turn, logging when each ends. */
async function perSeed<T>(env: CheckEnv, one: (seed: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const seed of env.seeds) {
    out.push(await one(seed));
    env.log(`seed ${seed} done`);
  }
  return out;
}

export const checks: Check[] = [
  {
    id: 'vit-mnist',
    claim:
      `A ViT (7×7 patches, ${VIT_CHECK.layers} layers, d = ${VIT_CHECK.features}, ${VIT_CHECK.heads} heads) trained with Adam for ${VIT_CHECK.epochs} epoch${VIT_CHECK.epochs === 1 ? '' : 's'} on ` +
      `${VIT_CHECK.trainSize} MNIST digits reaches ≥ 95% accuracy (the engine issue's bar) on the first ${VIT_CHECK.testSize} test digits on every seed (falsified if any seed is below).`,
    seeds: { tuned: [1], judged: [2, 3, 4] },
    async run(env) {
      const runs = await perSeed(env, (seed) => finish(vitAttentionRun(runContext(env), { ...VIT_CHECK, seed }), env));
      const accs = runs.map((s) => Number(s.testAccuracy));
      return {
        pass: accs.every((a) => a >= 0.95),
        measured: `test accuracy ${pcts(accs)} (threshold 95% on every seed; seed SD ${pct(sdOf(accs))}), ${runs[0].steps} steps, ${runs.map((s) => Number(s.seconds).toFixed(0)).join('/')} s`,
      };
    },
  },
  {
    id: 'sort-length-8',
    claim:
      `A one-layer transformer (d = 32, 2 heads) learns to sort length-8 sequences over 10 tokens: after ${SORT_STEPS} Adam steps of 64 fresh sequences, ` +
      `held-out token accuracy ≥ 99% on every seed, above the best input-blind guess on the same sequences (each position's most frequent sorted token) ` +
      `by more than twice the seed SD (falsified if any seed is below 99% or the margin is not clear).`,
    seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
    async run(env) {
      const runs = await perSeed(env, (seed) =>
        finish(
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
        ),
      );
      const accs = runs.map((s) => Number(s.testTokenAccuracy));
      const blind = runs.map((s) => Number(s.inputBlindTokenAccuracy));
      const seqs = runs.map((s) => Number(s.testSequenceAccuracy));
      return {
        pass: accs.every((a) => a >= 0.99) && clearlyBelow(blind, accs),
        measured: `held-out token accuracy ${pcts(accs)} (threshold 99%); input-blind guess ${pcts(blind)}; whole-sequence ${pcts(seqs)}`,
      };
    },
  },
  {
    id: 'lazy-neuron',
    claim:
      `The share of nonzero ReLU activations of an MLP 784-256-256-10 on a probe batch of its training inputs falls from init to the end of ` +
      `${LAZY.epochs} epochs of SGD on ${LAZY.trainSize} MNIST digits, in every hidden layer, under true labels, random labels and random inputs: ` +
      `on every seed by ≥ 2 points, and by more than twice the seed SD of the drop (falsified if any layer's share does not).`,
    seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
    async run(env) {
      const byKey = new Map<string, { first: number[]; last: number[] }>();
      await perSeed(env, async (seed) => {
        for (const [key, v] of await activeShares(env, { ...LAZY, seed })) {
          env.log(`seed ${seed} ${key}: ${pct(v.first)} → ${pct(v.last)}`);
          const acc = byKey.get(key) ?? { first: [], last: [] };
          acc.first.push(v.first);
          acc.last.push(v.last);
          byKey.set(key, acc);
        }
      });
      const rows: string[] = [];
      let pass = true;
      let worstDrop = Infinity;
      for (const [key, v] of byKey) {
        const drops = v.first.map((f, k) => f - v.last[k]);
        worstDrop = Math.min(worstDrop, ...drops);
        pass &&= drops.every((d) => d >= 0.02) && meanOf(drops) > 2 * sdOf(drops);
        rows.push(`${key} ${pcts(v.first)} → ${pcts(v.last)}`);
      }
      return {
        pass,
        measured: `active share init → end: ${rows.join('; ')}; smallest drop ${pct(worstDrop)} (threshold 2 points and 2 seed SDs)`,
      };
    },
  },
  {
    id: 'pfn-matches-gp',
    claim:
      `A PFN (${PFN_CHECK.layers} pre-LN layers, d = ${PFN_CHECK.features}, Gaussian output) trained for ${PFN_CHECK.steps} Adam steps of ${PFN_CHECK.batch} fresh ` +
      `GP tasks (RBF ℓ = ${PFN_CHECK.prior.lengthScale}, σ = ${PFN_CHECK.prior.noise}, x ∈ [−1, 1], ${PFN_CHECK.points} points, context 1–${PFN_CHECK.maxContext}) ` +
      `is closer to the exact GP posterior on ${PFN_CHECK.evalTasks} held-out tasks than three baselines on the same tasks: the prior, and GPs whose length ` +
      `scale is 2× and ½× the true one. Falsified if, against any baseline, its held-out NLL per query point or its mean error (μ − μ_GP)² is not lower ` +
      `on every seed by more than twice the seed SD. How far it is from the exact GP (the paper's 0.1 nats) is reported.`,
    seeds: { tuned: [1, 2, 3, 4], judged: [5, 6, 7] },
    async run(env) {
      const runs = await perSeed(env, async (seed) => {
        let s: Record<string, number | string> | null = null;
        for await (const ev of pfnRun(runContext(env), { ...PFN_CHECK, seed })) {
          if (ev.type === 'log') env.log(ev.message);
          if (ev.type === 'metric' && ev.name.startsWith('eval/'))
            env.log(`${ev.name} at step ${ev.step}: ${ev.value.toFixed(4)}`);
          if (ev.type === 'error') throw new Error(ev.message);
          if (ev.type === 'done') s = ev.summary;
        }
        if (!s) throw new Error('the run ended without a summary');
        return s;
      });
      const col = (k: string) => runs.map((s) => Number(s[k]));
      const [nll, gp, mse] = [col('nll'), col('gpNll'), col('meanMse')];
      const baselines = [
        { name: 'prior', nll: col('priorNll'), mse: col('priorMeanMse') },
        { name: 'GP 2ℓ', nll: col('longGpNll'), mse: col('longGpMeanMse') },
        { name: 'GP ℓ/2', nll: col('shortGpNll'), mse: col('shortGpMeanMse') },
      ];
      const beaten = baselines.map((b) => ({ ...b, ok: clearlyBelow(nll, b.nll) && clearlyBelow(mse, b.mse) }));
      const gaps = nll.map((v, k) => v - gp[k]);
      return {
        pass: beaten.every((b) => b.ok),
        measured:
          `NLL/point PFN ${fmt(nll)}, mean error ${fmt(mse)}; ` +
          beaten.map((b) => `${b.name} ${fmt(b.nll)}, ${fmt(b.mse)}${b.ok ? '' : ' NOT BEATEN'}`).join('; ') +
          `; exact GP ${fmt(gp)}: gap ${fmt(gaps)} nats (paper-scale 0.1 ${gaps.every((g) => g <= 0.1) ? 'met' : 'not met'}); ${runs[0].steps} steps`,
      };
    },
  },
  {
    id: 'pointer-sort-length-10',
    claim:
      `A pointer network (transformer encoder with no positions, causal decoder, d = ${POINTER_SORT.features}, ${POINTER_SORT.layers} + ${POINTER_SORT.layers} layers) ` +
      `trained with teacher forcing for ${POINTER_SORT.steps} Adam steps of ${POINTER_SORT.batch} fresh inputs of lengths ${POINTER_SORT.minLength}–${POINTER_SORT.maxLength} ` +
      `sorts ${POINTER_SORT.evalSize} held-out length-10 inputs of reals in [0, 1] by greedy pointing with ≥ 90% whole-sequence exact match on every seed (falsified if any is below; ` +
      `a random order is right with probability 1/10!); exact match at lengths 15 and 20 (never trained on) is reported, not required.`,
    seeds: { tuned: [1], judged: [2, 3, 4] },
    async run(env) {
      const runs = await perSeed(env, (seed) => finish(pointerRun(runContext(env), { ...POINTER_SORT, seed }), env));
      const e = (n: number) => runs.map((s) => Number(s[`exact${n}`]));
      return {
        pass: e(10).every((v) => v >= 0.9),
        measured: `exact match n=10 ${pcts(e(10))} (threshold 90%); n=15 ${pcts(e(15))}, n=20 ${pcts(e(20))} (reported); ${runs[0].steps} steps`,
      };
    },
  },
  {
    id: 'pointer-hull',
    claim:
      `The same pointer network trained for ${POINTER_HULL.steps} steps on convex hulls of ${POINTER_HULL.minLength}–${POINTER_HULL.maxLength} uniform points ` +
      `(vertices counter-clockwise from the leftmost, then an end pointer), decoded greedily on ${POINTER_HULL.evalSize} held-out inputs, beats a baseline ` +
      `that needs no learning (every point, in angular order around the centroid) on the same inputs in exact vertex sequences and area coverage at n = 10 ` +
      `and in area coverage at n = 20 (never trained on), on every seed by more than twice the seed SD (falsified if not; coverage is 0 for a self-crossing output). ` +
      `The catalogue's paper-scale bar (${pct(HULL_PAPER.exact10)} / ${pct(HULL_PAPER.coverage10)} / ${pct(HULL_PAPER.coverage20)}) is reported as met or not.`,
    seeds: { tuned: [1, 2, 3, 4], judged: [5, 6, 7] },
    async run(env) {
      const runs = await perSeed(env, (seed) => finish(pointerRun(runContext(env), { ...POINTER_HULL, seed }), env));
      const col = (k: string) => runs.map((s) => Number(s[k]));
      const judged = (['exact10', 'coverage10', 'coverage20'] as const).map((k) => {
        const star = col(`star${k[0].toUpperCase()}${k.slice(1)}`);
        return { k, net: col(k), star, ok: clearlyBelow(star, col(k)), paper: col(k).every((v) => v >= HULL_PAPER[k]) };
      });
      return {
        pass: judged.every((j) => j.ok),
        measured:
          judged
            .map((j) => `${j.k} ${pcts(j.net)} vs baseline ${pcts(j.star)}${j.ok ? '' : ' NOT BEATEN'}`)
            .join('; ') +
          `; n=15 exact ${pcts(col('exact15'))}, coverage ${pcts(col('coverage15'))}, n=20 exact ${pcts(col('exact20'))} (reported); ` +
          `catalogue bar ${judged.every((j) => j.paper) ? 'met' : 'not met'}; ${runs[0].steps} steps`,
      };
    },
  },
  {
    id: 'random-features-beat-mlp',
    claim:
      `On permutation-invariant targets (meanᵢ⟨β, xᵢ⟩² and meanᵢ⟨x₀, xᵢ⟩², ${RFA_CHECK.keys} keys, d = ${RFA_CHECK.dim}), random-feature attention ` +
      `(${RFA_CHECK.heads} frozen exp-attention heads, ${RFA_CHECK.heads * (RFA_CHECK.dim + 1)} features, ridge readout) has lower test MSE than a ReLU random-feature MLP ` +
      `with as many features at every n in ${RFA_CHECK.sizes.filter((n) => n >= RFA_CLAIMED_FROM).join(', ')} (falsified if at any such n of either target the seed-mean gap is ` +
      `not more than twice the larger seed SD, or any seed has the MLP at or below attention).`,
    seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
    async run(env) {
      const rows: string[] = [];
      let pass = true;
      for (const target of RFA_TARGETS) {
        // One sweep per seed, so any list of seeds runs; a sweep of one seed draws exactly what that seed draws in a longer sweep.
        const sweeps = await perSeed(env, (seed) => rfaSweep(env, { ...RFA_CHECK, target, seed, seeds: 1 }));
        const sizes = sweeps[0].sizes;
        const attRows = sweeps.map((r) => r.relMse.attention[0]);
        const mlpRows = sweeps.map((r) => r.relMse.mlp[0]);
        const att = seedMeans(attRows);
        const mlp = seedMeans(mlpRows);
        const cells = sizes.map((n, j) => {
          const margin = 2 * Math.max(seedSd(attRows, j), seedSd(mlpRows, j));
          const ok = clearlyBelow(
            attRows.map((r) => r[j]),
            mlpRows.map((r) => r[j]),
          );
          if (n >= RFA_CLAIMED_FROM) pass &&= ok;
          return `n=${n} ${att[j].toFixed(3)} vs ${mlp[j].toFixed(3)} (2·SD ${margin.toFixed(3)})${n < RFA_CLAIMED_FROM ? ' not claimed' : ok ? '' : ' FAIL'}`;
        });
        rows.push(`${target}: ${cells.join(', ')}`);
      }
      return {
        pass,
        measured: `relative test MSE, attention vs MLP (mean of ${env.seeds.length} seeds): ${rows.join('; ')}`,
      };
    },
  },
];
