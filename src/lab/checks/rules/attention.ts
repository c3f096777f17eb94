/**
 * Rules of the attention family's checks: a small ViT reaches the engine issue's MNIST accuracy, a
 * one-layer transformer learns to sort, a pointer network sorts and finds convex hulls beyond its
 * training lengths, ReLU nets grow lazier, a PFN approaches the GP posterior, and random-feature
 * attention beats a random-feature MLP. Each check runs its experiment at `setting` and reads the
 * run's summary or metrics with `measure`, as the experiment page does.
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed as fmtFixed, mean, pct, pcts, std } from '../format.ts';
import type { Measured, Rule, RunData } from '../rule.ts';

const num = (s: Readonly<Record<string, number | string>>, k: string): number => Number(s[k]);

/** One measurement from the summary of a run of one seed; null before the run has ended. */
function fromSummary<M>(read: (s: Readonly<Record<string, number | string>>) => M) {
  return (run: RunData): Measured<M>[] | null => (run.summary ? [{ seed: run.spec.seed, m: read(run.summary) }] : null);
}

/**
 * `low` is below `high` by more than the seed spread: on every seed (paired), and the gap of the
 * seed means is more than twice the larger of the two seed SDs.
 */
const clearlyBelow = (low: readonly number[], high: readonly number[]): boolean =>
  low.every((v, k) => v < high[k]) && mean(high) - mean(low) > 2 * Math.max(std(low), std(high));

const fmt = (v: readonly number[]) => fmtFixed(v, 3);
const col = <M, K extends keyof M>(ms: readonly M[], k: K): M[K][] => ms.map((m) => m[k]);

// Three epochs of 50,000 digits (about 10 min per seed on a lightly loaded SwiftShader): shorter
// runs were still rising below 95%. Seed 1 (tuned) cleared 95% by a quarter of a point, so other
// seeds may fall below. The shorter runs: docs/check-settings.md#vit-mnist.
const VIT = {
  trainSize: 50000,
  testSize: 2000,
  patch: '7',
  layers: 2,
  features: 32,
  heads: 4,
  lr: 0.003,
  batch: 64,
  epochs: 3,
  examples: 1,
} satisfies ParamValues;

interface VitMeasure {
  accuracy: number;
  steps: number;
  seconds: number;
}

export const vitMnist: Rule<VitMeasure> = {
  id: 'vit-mnist',
  paper:
    "An acceptance bar for the attention maps, not a paper's effect: a small vision transformer (Dosovitskiy et al. 2021) learns MNIST to 95%, so the maps shown are those of a working model.",
  claim:
    `A ViT (7×7 patches, ${VIT.layers} layers, d = ${VIT.features}, ${VIT.heads} heads) trained with Adam for ${VIT.epochs} epoch${VIT.epochs === 1 ? '' : 's'} on ` +
    `${VIT.trainSize} MNIST digits reaches ≥ 95% accuracy (the engine issue's bar) on the first ${VIT.testSize} test digits on every seed (falsified if any seed is below).`,
  perSeed: true,
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: { experiment: 'vit-attention', params: VIT },
  measure: fromSummary((s) => ({
    accuracy: num(s, 'testAccuracy'),
    steps: num(s, 'steps'),
    seconds: num(s, 'seconds'),
  })),
  judge(ms) {
    const accs = col(ms, 'accuracy');
    return {
      pass: accs.every((a) => a >= 0.95),
      measured: `test accuracy ${pcts(accs)} (threshold 95% on every seed; seed SD ${pct(std(accs))}), ${ms[0].steps} steps, ${ms.map((m) => m.seconds.toFixed(0)).join('/')} s`,
    };
  },
};

const SORT = {
  length: 8,
  vocab: 10,
  model: 'transformer',
  layers: 1,
  features: 32,
  heads: 2,
  lr: 0.005,
  batch: 64,
  steps: 300,
  evalSize: 1024,
} satisfies ParamValues;

interface SortMeasure {
  token: number;
  blind: number;
  sequence: number;
}

export const sortLength8: Rule<SortMeasure> = {
  id: 'sort-length-8',
  paper: 'Attention can point (Vinyals et al. 2015): a one-layer transformer learns to sort short sequences of tokens.',
  claim:
    `A one-layer transformer (d = 32, 2 heads) learns to sort length-8 sequences over 10 tokens: after ${SORT.steps} Adam steps of 64 fresh sequences, ` +
    `held-out token accuracy ≥ 99% on every seed, above the best input-blind guess on the same sequences (each position's most frequent sorted token) ` +
    `by more than twice the seed SD (falsified if any seed is below 99% or the margin is not clear).`,
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  setting: { experiment: 'sort-attention', params: SORT },
  measure: fromSummary((s) => ({
    token: num(s, 'testTokenAccuracy'),
    blind: num(s, 'inputBlindTokenAccuracy'),
    sequence: num(s, 'testSequenceAccuracy'),
  })),
  judge(ms) {
    const accs = col(ms, 'token');
    return {
      pass: accs.every((a) => a >= 0.99) && clearlyBelow(col(ms, 'blind'), accs),
      measured: `held-out token accuracy ${pcts(accs)} (threshold 99%); input-blind guess ${pcts(col(ms, 'blind'))}; whole-sequence ${pcts(col(ms, 'sequence'))}`,
    };
  },
};

const LAZY = {
  condition: 'all',
  hidden: [256, 256],
  trainSize: 2000,
  lr: 0.05,
  batch: 64,
  epochs: 5,
  probe: 512,
} satisfies ParamValues;

/** Each `active/<condition>/<layer>` series' first and last value, in the order the run emitted them. */
type ActiveShares = Array<{ key: string; first: number; last: number }>;

const ACTIVE = 'active/';

export const lazyNeuron: Rule<ActiveShares> = {
  id: 'lazy-neuron',
  paper:
    'Li et al. (2023): trained ReLU networks leave most neurons inactive on each input, and the active share falls during training whatever the labels or inputs.',
  claim:
    `The share of nonzero ReLU activations of an MLP 784-256-256-10 on a probe batch of its training inputs falls from init to the end of ` +
    `${LAZY.epochs} epochs of SGD on ${LAZY.trainSize} MNIST digits, in every hidden layer, under true labels, random labels and random inputs: ` +
    `on every seed by ≥ 2 points, and by more than twice the seed SD of the drop (falsified if any layer's share does not).`,
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  setting: { experiment: 'lazy-neuron', params: LAZY },
  measure: (run) =>
    run.summary
      ? [
          {
            seed: run.spec.seed,
            m: Object.entries(run.metrics)
              .filter(([name, s]) => name.startsWith(ACTIVE) && s.values.length > 0)
              .map(([name, s]) => ({ key: name.slice(ACTIVE.length), first: s.values[0], last: s.values.at(-1)! })),
          },
        ]
      : null,
  judge(ms) {
    const rows: string[] = [];
    let pass = true;
    let worstDrop = Infinity;
    for (const { key } of ms[0]) {
      const v = ms.map((m) => m.find((s) => s.key === key)!);
      const drops = v.map((s) => s.first - s.last);
      worstDrop = Math.min(worstDrop, ...drops);
      pass &&= drops.every((d) => d >= 0.02) && mean(drops) > 2 * std(drops);
      rows.push(`${key} ${pcts(col(v, 'first'))} → ${pcts(col(v, 'last'))}`);
    }
    return {
      pass,
      measured: `active share init → end: ${rows.join('; ')}; smallest drop ${pct(worstDrop)} (threshold 2 points and 2 seed SDs)`,
    };
  },
};

// 2400 steps of 16 tasks (the paper trains for 20k+), about 10 min per seed on a loaded
// SwiftShader: after 600 steps the PFN was behind the ½ℓ GP on tuned seeds 1–3, after 2400 it was
// ahead on tuned seed 2. Every seed's numbers: docs/check-settings.md#pfn-matches-gp.
const PFN = {
  lengthScale: 0.3,
  noise: 0.1,
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
} satisfies ParamValues;

/** The summary's scores: the PFN's, the exact GP's and the three baselines'. */
const PFN_SCORES = [
  'nll',
  'gpNll',
  'meanMse',
  'priorNll',
  'priorMeanMse',
  'longGpNll',
  'longGpMeanMse',
  'shortGpNll',
  'shortGpMeanMse',
  'steps',
] as const;
type PfnMeasure = Record<(typeof PFN_SCORES)[number], number>;

export const pfnMatchesGp: Rule<PfnMeasure> = {
  id: 'pfn-matches-gp',
  paper:
    "Müller et al. (2022): a transformer trained on tasks drawn from a prior (a prior-fitted network) approximates the posterior predictive, here a Gaussian process's, in one forward pass.",
  claim:
    `A PFN (${PFN.layers} pre-LN layers, d = ${PFN.features}, Gaussian output) trained for ${PFN.steps} Adam steps of ${PFN.batch} fresh ` +
    `GP tasks (RBF ℓ = ${PFN.lengthScale}, σ = ${PFN.noise}, x ∈ [−1, 1], ${PFN.points} points, context 1–${PFN.maxContext}) ` +
    `is closer to the exact GP posterior on ${PFN.evalTasks} held-out tasks than three baselines on the same tasks: the prior, and GPs whose length ` +
    `scale is 2× and ½× the true one. Falsified if, against any baseline, its held-out NLL per query point or its mean error (μ − μ_GP)² is not lower ` +
    `on every seed by more than twice the seed SD. How far it is from the exact GP (the paper's 0.1 nats) is reported.`,
  seeds: { tuned: [1, 2, 3, 4], judged: [5, 6, 7] },
  setting: { experiment: 'pfn-gp', params: PFN },
  measure: fromSummary((s) => Object.fromEntries(PFN_SCORES.map((k) => [k, num(s, k)])) as PfnMeasure),
  judge(ms) {
    const [nll, gp, mse] = [col(ms, 'nll'), col(ms, 'gpNll'), col(ms, 'meanMse')];
    const baselines = [
      { name: 'prior', nll: col(ms, 'priorNll'), mse: col(ms, 'priorMeanMse') },
      { name: 'GP 2ℓ', nll: col(ms, 'longGpNll'), mse: col(ms, 'longGpMeanMse') },
      { name: 'GP ℓ/2', nll: col(ms, 'shortGpNll'), mse: col(ms, 'shortGpMeanMse') },
    ];
    const beaten = baselines.map((b) => ({ ...b, ok: clearlyBelow(nll, b.nll) && clearlyBelow(mse, b.mse) }));
    const gaps = nll.map((v, k) => v - gp[k]);
    return {
      pass: beaten.every((b) => b.ok),
      measured:
        `NLL/point PFN ${fmt(nll)}, mean error ${fmt(mse)}; ` +
        beaten.map((b) => `${b.name} ${fmt(b.nll)}, ${fmt(b.mse)}${b.ok ? '' : ' NOT BEATEN'}`).join('; ') +
        `; exact GP ${fmt(gp)}: gap ${fmt(gaps)} nats (paper-scale 0.1 ${gaps.every((g) => g <= 0.1) ? 'met' : 'not met'}); ${ms[0].steps} steps`,
    };
  },
};

// Pointer networks: one size for both tasks, small enough that each check runs in minutes on an
// idle SwiftShader (timings under load: docs/check-settings.md#pointer-sort-length-10).
const POINTER_SORT = {
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
} satisfies ParamValues;
const POINTER_HULL = { ...POINTER_SORT, task: 'hull', steps: 300 } satisfies ParamValues;
/** The catalogue's paper-scale bar (exact and coverage at n = 10, coverage at n = 20): reported, not required. */
const HULL_PAPER = { exact10: 0.7, coverage10: 0.99, coverage20: 0.95 };

/** The summary's scores by name (exact10, coverage20, starExact10, …) and its step count. */
type Scores = Record<string, number>;
const scores = fromSummary((s) =>
  Object.fromEntries(Object.entries(s).filter((e): e is [string, number] => typeof e[1] === 'number')),
);

export const pointerSort: Rule<Scores> = {
  id: 'pointer-sort-length-10',
  paper:
    'Vinyals et al. (2015): a pointer network, attention pointing into its input, learns to sort numbers and keeps sorting at lengths it was not trained on.',
  claim:
    `A pointer network (transformer encoder with no positions, causal decoder, d = ${POINTER_SORT.features}, ${POINTER_SORT.layers} + ${POINTER_SORT.layers} layers) ` +
    `trained with teacher forcing for ${POINTER_SORT.steps} Adam steps of ${POINTER_SORT.batch} fresh inputs of lengths ${POINTER_SORT.minLength}–${POINTER_SORT.maxLength} ` +
    `sorts ${POINTER_SORT.evalSize} held-out length-10 inputs of reals in [0, 1] by greedy pointing with ≥ 90% whole-sequence exact match on every seed (falsified if any is below; ` +
    `a random order is right with probability 1/10!); exact match at lengths 15 and 20 (never trained on) is reported, not required.`,
  perSeed: true,
  seeds: { tuned: [1], judged: [2, 3, 4] },
  setting: { experiment: 'pointer-network', params: POINTER_SORT },
  measure: scores,
  judge(ms) {
    const e = (n: number) => col(ms, `exact${n}`);
    return {
      pass: e(10).every((v) => v >= 0.9),
      measured: `exact match n=10 ${pcts(e(10))} (threshold 90%); n=15 ${pcts(e(15))}, n=20 ${pcts(e(20))} (reported); ${ms[0].steps} steps`,
    };
  },
};

export const pointerHull: Rule<Scores> = {
  id: 'pointer-hull',
  paper: 'Vinyals et al. (2015): a pointer network learns planar convex hulls, beyond the lengths it was trained on.',
  claim:
    `The same pointer network trained for ${POINTER_HULL.steps} steps on convex hulls of ${POINTER_HULL.minLength}–${POINTER_HULL.maxLength} uniform points ` +
    `(vertices counter-clockwise from the leftmost, then an end pointer), decoded greedily on ${POINTER_HULL.evalSize} held-out inputs, beats a baseline ` +
    `that needs no learning (every point, in angular order around the centroid) on the same inputs in exact vertex sequences and area coverage at n = 10 ` +
    `and in area coverage at n = 20 (never trained on), on every seed by more than twice the seed SD (falsified if not; coverage is 0 for a self-crossing output). ` +
    `The catalogue's paper-scale bar (${pct(HULL_PAPER.exact10)} / ${pct(HULL_PAPER.coverage10)} / ${pct(HULL_PAPER.coverage20)}) is reported as met or not.`,
  seeds: { tuned: [1, 2, 3, 4], judged: [5, 6, 7] },
  setting: { experiment: 'pointer-network', params: POINTER_HULL },
  measure: scores,
  judge(ms) {
    const c = (k: string) => col(ms, k);
    const judged = (['exact10', 'coverage10', 'coverage20'] as const).map((k) => {
      const star = c(`star${k[0].toUpperCase()}${k.slice(1)}`);
      return { k, net: c(k), star, ok: clearlyBelow(star, c(k)), paper: c(k).every((v) => v >= HULL_PAPER[k]) };
    });
    return {
      pass: judged.every((j) => j.ok),
      measured:
        judged.map((j) => `${j.k} ${pcts(j.net)} vs baseline ${pcts(j.star)}${j.ok ? '' : ' NOT BEATEN'}`).join('; ') +
        `; n=15 exact ${pcts(c('exact15'))}, coverage ${pcts(c('coverage15'))}, n=20 exact ${pcts(c('exact20'))} (reported); ` +
        `catalogue bar ${judged.every((j) => j.paper) ? 'met' : 'not met'}; ${ms[0].steps} steps`,
    };
  },
};

// Random-feature attention vs RF MLP: both targets, 288 features each, n = 64…1024 nested, 3 seeds.
// The claim starts at n = 128: at n = 64 neither model learns the keys-only target once the MLP's
// ridge may reach "predict the mean". n = 64 is still measured and printed; its numbers:
// docs/check-settings.md#random-features-beat-mlp.
export const RFA_TARGETS = ['keys-quadratic', 'query-key'] as const;
const RFA = {
  target: RFA_TARGETS[0],
  keys: 16,
  dim: 8,
  heads: 32,
  qkStd: 0.25,
  qkMean: 0,
  sizes: [64, 128, 256, 512, 1024],
  testSize: 1024,
  valSize: 512,
  seeds: 3,
} satisfies ParamValues;
const RFA_CLAIMED_FROM = 128;

/** One seed's relative test MSE of each model at each n (in `sizes` order), for each target run. */
interface RfaMeasure {
  sizes: number[];
  targets: Partial<Record<(typeof RFA_TARGETS)[number], { attention: number[]; mlp: number[] }>>;
}

export const randomFeatures: Rule<RfaMeasure> = {
  id: 'random-features-beat-mlp',
  paper:
    'Fu et al. (2023): random-feature attention (frozen random query-key weights, trained readout) learns permutation-invariant targets from fewer samples than a random-feature MLP of as many features.',
  claim:
    `On permutation-invariant targets (meanᵢ⟨β, xᵢ⟩² and meanᵢ⟨x₀, xᵢ⟩², ${RFA.keys} keys, d = ${RFA.dim}), random-feature attention ` +
    `(${RFA.heads} frozen exp-attention heads, ${RFA.heads * (RFA.dim + 1)} features, ridge readout) has lower test MSE than a ReLU random-feature MLP ` +
    `with as many features at every n in ${RFA.sizes.filter((n) => n >= RFA_CLAIMED_FROM).join(', ')} (falsified if at any such n of either target the seed-mean gap is ` +
    `not more than twice the larger seed SD, or any seed has the MLP at or below attention).`,
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  setting: {
    experiment: 'random-feature-attention',
    params: RFA,
    seedsParam: 'seeds',
    eachOf: { target: RFA_TARGETS },
  },
  // Series rfa/<model>/s<seed>, one point per n; a seed counts once both models have every n.
  measure(run) {
    const target = run.spec.params.target as (typeof RFA_TARGETS)[number];
    const sizes = [...new Set(run.spec.params.sizes as number[])].sort((a, b) => a - b);
    const out: Measured<RfaMeasure>[] = [];
    for (const name of Object.keys(run.metrics)) {
      const seed = /^rfa\/attention\/s(\d+)$/.exec(name)?.[1];
      const [attention, mlp] = ['attention', 'mlp'].map((m) => run.metrics[`rfa/${m}/s${seed}`]?.values ?? []);
      if (seed !== undefined && attention.length === sizes.length && mlp.length === sizes.length)
        out.push({
          seed: Number(seed),
          m: { sizes, targets: { [target]: { attention: [...attention], mlp: [...mlp] } } },
        });
    }
    return out.length ? out : null;
  },
  judge(ms, seeds) {
    const rows: string[] = [];
    let pass = true;
    for (const target of RFA_TARGETS.filter((t) => ms.every((m) => m.targets[t]))) {
      const attRows = ms.map((m) => m.targets[target]!.attention);
      const mlpRows = ms.map((m) => m.targets[target]!.mlp);
      const cells = ms[0].sizes.map((n, j) => {
        const [att, mlp] = [attRows.map((r) => r[j]), mlpRows.map((r) => r[j])];
        const margin = 2 * Math.max(std(att), std(mlp));
        const ok = clearlyBelow(att, mlp);
        if (n >= RFA_CLAIMED_FROM) pass &&= ok;
        return `n=${n} ${mean(att).toFixed(3)} vs ${mean(mlp).toFixed(3)} (2·SD ${margin.toFixed(3)})${n < RFA_CLAIMED_FROM ? ' not claimed' : ok ? '' : ' FAIL'}`;
      });
      rows.push(`${target}: ${cells.join(', ')}`);
    }
    return {
      pass,
      measured: `relative test MSE, attention vs MLP (mean of ${seeds.length} seeds): ${rows.join('; ')}`,
    };
  },
};

export const attentionRules: readonly Rule[] = [
  vitMnist,
  sortLength8,
  lazyNeuron,
  pfnMatchesGp,
  pointerSort,
  pointerHull,
  randomFeatures,
];
