/**
 * Loss-landscape checks (`npm run verify -- landscape`), sized for a CPU WebGPU adapter: small
 * MNIST MLPs on 2,000-example subsets. Every check prints its per-seed numbers.
 */
import { disposeModel } from '../../gpu/nn.ts';
import { landscapeData } from '../landscape/data.ts';
import { filterNormalizedDirections } from '../landscape/directions.ts';
import { evaluatePoints } from '../landscape/evaluate-points.ts';
import { barrier, interpolate } from '../landscape/interpolation.ts';
import { buildMlp, buildNet } from '../landscape/nets.ts';
import { disposeAll, paramsOf, uploadLike } from '../landscape/params-io.ts';
import { gradientDescentSharpness } from '../landscape/sharpness.ts';
import { LANDSCAPE_STREAM } from '../landscape/streams.ts';
import { trainModel } from '../landscape/train-loop.ts';
import { linspace } from '../numerics/grid.ts';
import { lmcRuns } from '../experiments/landscape/lmc.ts';
import {
  groupTrace,
  opposingGroups,
  perExampleTrace,
  type LossTrace,
  type OpposingGroups,
} from '../landscape/opposing-signals.ts';
import { pearson } from '../numerics/stats.ts';
import { randomTeacherRun } from '../landscape/random-teacher.ts';
import { uniformArray } from '../../gpu/rng.ts';
import type { Check } from './check.ts';
import { intrinsicSweep } from '../landscape/intrinsic-sweep.ts';

/** Seeds 1–3 chose the settings of most checks here; they are judged on 4–6. */
const TUNED = [1, 2, 3];
const JUDGED = [4, 5, 6];
const SIZES = { train: 2000, eval: 300, test: 1000 };

/**
 * The control plane's centre, in units of the filter-normalized directions: 3.5 grid cells off the
 * trained point, so the trained point stays inside the control's grid and a working test finds it
 * there rather than at the control's centre.
 */
const SLICE_SHIFT = 0.5;
/**
 * Training steps before the slice. At 300 (7.5 epochs) held-out seed 4 was still descending and a
 * random direction found a lower loss 2 cells away; at 1,000 seeds 1–3 reach a training loss of
 * ~0.001. docs/check-settings.md#slice-min-at-trained.
 */
const SLICE_STEPS = 1000;

/** The (column, row) offset of a res×res grid's lowest value from the grid's centre. */
function minimumOffset(loss: ArrayLike<number>, res: number): [number, number] {
  let m = 0;
  for (let i = 1; i < res * res; i++) if (loss[i] < loss[m]) m = i;
  return [(m % res) - (res - 1) / 2, Math.floor(m / res) - (res - 1) / 2];
}

const sliceMinimum: Check = {
  id: 'slice-min-at-trained',
  claim:
    `On a 15×15 filter-normalized random plane over [−1, 1]² around trained weights (784-32-10 MLP, ${SLICE_STEPS} SGD steps, loss on 300 training examples), ` +
    'the grid’s lowest loss lies within one grid cell of the trained point, for each seed. Control in the same run: the same test on the same plane centred ' +
    `${SLICE_SHIFT} off the trained point along the first direction (not a minimum) must find its lowest loss more than one cell from that centre. ` +
    'Falsified if any seed’s minimum is farther than one cell from the trained point, or the test also calls the shifted point a minimum.',
  // Seed 4's failure at 300 steps led to the longer training, so it counts as tuned; 5 and 6 were
  // judged on 300 steps too, hence new seeds.
  seeds: { tuned: [...TUNED, 4], judged: [7, 8, 9] },
  async run(env) {
    const data = await env.dataset('mnist');
    const res = 15;
    const axis = linspace(-1, 1, res);
    const coords = axis.flatMap((b) => axis.map((a) => [a, b] as const));
    const shifted = coords.map(([a, b]) => [a + SLICE_SHIFT, b] as const);
    const rows: string[] = [];
    let pass = true;
    for (const seed of env.seeds) {
      const ld = landscapeData(env.gpu, data, SIZES, seed);
      const model = buildMlp(env.gpu, ld.inputs, [32], ld.classes, seed);
      try {
        const cks = await trainModel(model, ld.train, {
          steps: SLICE_STEPS,
          batch: 50,
          lr: 0.05,
          optimizer: 'sgd',
          momentum: 0.9,
          orderSeed: seed,
          every: SLICE_STEPS,
        });
        const base = uploadLike(paramsOf(model), cks.at(-1)!.theta);
        const dirs = filterNormalizedDirections(base, seed);
        const t0 = performance.now();
        const r = await evaluatePoints(model, ld.evalSet, { base, u: dirs.u, v: dirs.v }, [...coords, ...shifted]);
        const seconds = (performance.now() - t0) / 1000;
        [base, dirs.u, dirs.v].forEach(disposeAll);
        const plane = r.loss.slice(0, coords.length);
        const control = r.loss.slice(coords.length);
        const [di, dj] = minimumOffset(plane, res);
        const [ci, cj] = minimumOffset(control, res);
        const ok = Math.abs(di) <= 1 && Math.abs(dj) <= 1;
        const controlOk = Math.abs(ci) > 1 || Math.abs(cj) > 1;
        pass &&= ok && controlOk;
        const centre = plane[(res * res - 1) / 2];
        rows.push(
          `seed ${seed}: min ${Math.min(...plane).toFixed(4)} at cell offset (${di}, ${dj}), trained ${centre.toFixed(4)}, corner max ${Math.max(plane[0], plane[res * res - 1]).toFixed(2)}; ` +
            `shifted control: min at (${ci}, ${cj}) from its centre; ${2 * res * res} points in ${seconds.toFixed(1)} s`,
        );
        env.log(rows.at(-1)!);
      } finally {
        disposeModel(model);
        ld.dispose();
      }
    }
    return { pass, measured: rows.join('; ') };
  },
};

const lmcRewind: Check = {
  id: 'lmc-rewind-below-init',
  claim:
    'Two 784-32-10 MLPs trained (200 SGD steps) from a shared rewind point k = 20 with different data orders have a lower error barrier (on 300 training examples) on the line between them ' +
    'than two trained from different initializations (the control, same run), for each seed (falsified if any seed’s rewind barrier is ≥ its different-init barrier).',
  seeds: { tuned: TUNED, judged: JUDGED },
  async run(env) {
    const data = await env.dataset('mnist');
    const rows: string[] = [];
    let pass = true;
    const alphas = linspace(0, 1, 11);
    for (const seed of env.seeds) {
      const ld = landscapeData(env.gpu, data, SIZES, seed);
      const runs = await lmcRuns(ld, { hidden: [32], steps: 200, rewind: 20, runs: 2, batch: 50, lr: 0.05, seed });
      try {
        const line = (i: number, j: number) =>
          interpolate(runs[0].model, ld.evalSet, runs[i].theta, runs[j].theta, alphas);
        const same = await line(0, 1);
        const diff = await line(2, 3);
        const b1 = barrier(same.error);
        const b2 = barrier(diff.error);
        pass &&= b1 < b2;
        rows.push(
          `seed ${seed}: rewind pair ${(100 * b1).toFixed(2)} pt (loss ${barrier(same.loss).toFixed(3)}), different inits ${(100 * b2).toFixed(2)} pt (loss ${barrier(diff.loss).toFixed(3)})`,
        );
        env.log(rows.at(-1)!);
      } finally {
        runs.forEach((r) => disposeModel(r.model));
        ld.dispose();
      }
    }
    return { pass, measured: `error barriers on 300 training examples — ${rows.join('; ')}` };
  },
};

/**
 * Adam moves every z coordinate by about lr per step, so θ moves by about lr·√d: the rate is
 * scaled as 1/√d, so that θ's step is the same at every d, from 0.2 at d = 200, the best of four
 * rates there for 784-16-10. The rates tried: docs/check-settings.md#intrinsic-dim-mnist-fc.
 */
const idLr = (d: number): number => 0.2 * Math.sqrt(200 / d);

interface IntrinsicSetting {
  sizes: typeof SIZES;
  hidden: number[];
  /** Ascending; the crossing must lie inside it: the first point misses and the last is never the first hit. */
  grid: number[];
  refine: number;
  steps: number;
  batch: number;
}

/**
 * One intrinsic-dimension sweep per seed. The grid's first point is the control: a subspace that
 * small must miss 90% of the dense net (else the sweep only shows that any d works), and the first
 * hit must come before the grid's last point, so the crossing is bracketed inside the grid.
 */
async function intrinsicCheck(env: Parameters<Check['run']>[0], kind: 'fc' | 'lenet', o: IntrinsicSetting) {
  const data = await env.dataset('mnist');
  const rows: string[] = [];
  const found: Array<number | null> = [];
  let pass = true;
  for (const seed of env.seeds) {
    const ld = landscapeData(env.gpu, data, o.sizes, seed);
    try {
      const r = await intrinsicSweep(ld, {
        build: () => buildNet(env.gpu, kind, ld, o.hidden, seed),
        grid: o.grid,
        refine: o.refine,
        steps: o.steps,
        batch: o.batch,
        denseLr: 0.003,
        lr: idLr,
        seed,
        log: env.log,
      });
      const firstHit = r.runs.find((x) => x.accuracy >= 0.9 * r.dense)?.d;
      const bracketed = r.runs[0].accuracy < 0.9 * r.dense && firstHit !== undefined && firstHit < o.grid.at(-1)!;
      pass &&= bracketed;
      found.push(r.dInt90);
      const runs = r.runs
        .map((x) => `d=${x.d}: ${(100 * x.accuracy).toFixed(1)}% (${x.seconds.toFixed(0)} s)`)
        .join(', ');
      rows.push(
        `seed ${seed}: dense ${(100 * r.dense).toFixed(1)}%, 90% target ${(90 * r.dense).toFixed(1)}%; ${runs} → d_int90 = ${r.dInt90 ?? 'not reached'}${bracketed ? '' : ' (not bracketed inside the grid)'}`,
      );
      env.log(rows.at(-1)!);
    } finally {
      ld.dispose();
    }
  }
  return {
    pass,
    measured: `d_int90 ${found.map((d) => d ?? '∞').join('/')} (paper: 750 for 784-200-200-10; grid stops at its first hit, then ${o.refine} bisection round(s)) — ${rows.join('; ')}`,
  };
}

const ID_FC: IntrinsicSetting = {
  sizes: SIZES,
  hidden: [16],
  grid: [100, 300, 900, 2700, 8100],
  refine: 1,
  steps: 300,
  batch: 50,
};

const intrinsicDim: Check = {
  id: 'intrinsic-dim-mnist-fc',
  claim:
    `MNIST fully connected 784-${ID_FC.hidden.join('-')}-10 (D = 12,730; the paper's 784-200-200-10, D = 199,210, is too slow on a CPU adapter), ${ID_FC.sizes.train} training / ${ID_FC.sizes.test} test examples, ` +
    `dense baseline and every subspace run ${ID_FC.steps} Adam steps of batch ${ID_FC.batch} (dense lr 0.003; z: lr 0.2·√(200/d), calibrated at d = 200 on seed 1), ±1 projection, ` +
    `d on the grid {${ID_FC.grid.join(', ')}} then ${ID_FC.refine} bisection round: on each seed the crossing of 90% of that seed's dense test accuracy lies inside the grid — ` +
    `d = ${ID_FC.grid[0]} misses (the control: a small subspace does not suffice) and a d ≤ ${ID_FC.grid.at(-2)} reaches it — and d_int90 is reported (paper: 750 for 784-200-200-10, ` +
    `about the same across widths). Falsified if d = ${ID_FC.grid[0]} already reaches 90%, or no d ≤ ${ID_FC.grid.at(-2)} (${((100 * ID_FC.grid.at(-2)!) / 12730).toFixed(0)}% of D) does.`,
  seeds: { tuned: [1], judged: [2, 3, 4] },
  run: (env) => intrinsicCheck(env, 'fc', ID_FC),
};

const ID_LENET: IntrinsicSetting = {
  sizes: { train: 1000, eval: 1, test: 500 },
  hidden: [],
  grid: [100, 300, 1000, 3000],
  refine: 1,
  steps: 100,
  batch: 32,
};

const intrinsicLenet: Check = {
  id: 'intrinsic-dim-lenet',
  claim:
    `MNIST LeNet (conv 6@5×5, conv 16@5×5, FC 120-84-10, D = 44,426 as in the paper), reduced budget for a CPU adapter: ${ID_LENET.sizes.train} training / ${ID_LENET.sizes.test} test examples, ` +
    `dense baseline and every subspace run ${ID_LENET.steps} Adam steps of batch ${ID_LENET.batch} (dense lr 0.003; z: lr 0.2·√(200/d)), ±1 projection, d on the grid {${ID_LENET.grid.join(', ')}} ` +
    `then ${ID_LENET.refine} bisection round: on each seed d = ${ID_LENET.grid[0]} misses 90% of the dense LeNet's test accuracy (control) and a d ≤ ${ID_LENET.grid.at(-2)} reaches it; ` +
    `d_int90 is reported (paper: 290). Falsified if d = ${ID_LENET.grid[0]} already reaches 90%, or no d ≤ ${ID_LENET.grid.at(-2)} does.`,
  // Never run on seeds yet; its subspace learning rate was chosen on intrinsic-dim-mnist-fc's seed 1.
  seeds: { tuned: [1], judged: [2, 3, 4] },
  run: (env) => intrinsicCheck(env, 'lenet', ID_LENET),
  gpuOnly: `LeNet's subspace steps took ~15 s each on SwiftShader: ${ID_LENET.steps} steps × ${ID_LENET.grid.length + ID_LENET.refine} subspace runs is over 1.5 h`,
};

/**
 * Fashion-MNIST, tanh 32-32, MSE, Glorot init ×0.25: the cheapest setting found whose sharpness
 * starts below 2/η and rises to it (ReLU + cross-entropy and MNIST start above the edge or never
 * sharpen; CIFAR-10 sharpens but costs 4× more per step). Sharpening is ∝ η, and η ∈ {0.6, 0.8}
 * reach the edge well within 400 steps. The settings measured:
 * docs/check-settings.md#sharpness-edge-of-stability.
 */
const EOS = {
  dataset: 'fashion-mnist',
  lrs: [0.6, 0.8],
  train: 500,
  hidden: [32, 32],
  activation: 'tanh' as const,
  initScale: 0.25,
  steps: 400,
  every: 25,
  iterations: 8,
};
/**
 * The control is the ratio of the late sharpness at the two rates. Were the sharpness set by the
 * landscape rather than by the edge, it would not depend on η (ratio 1), or, sharpening at a rate
 * ∝ η without a cap, be higher at the larger η (ratio < 1). At the edge of stability it tracks 2/η,
 * so the smaller η's late sharpness is larger by the ratio of the rates: the claim needs the ratio
 * nearer that than 1.
 */
const EOS_RATE_RATIO = Math.max(...EOS.lrs) / Math.min(...EOS.lrs);
const EOS_MIN_RATIO = (1 + EOS_RATE_RATIO) / 2;

/** Median of a non-empty list. */
const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const edgeOfStability: Check = {
  id: 'sharpness-edge-of-stability',
  claim:
    `Full-batch GD (no momentum, MSE against one-hot labels) on ${EOS.train} Fashion-MNIST examples, 784-${EOS.hidden.join('-')}-10 ${EOS.activation} MLP with a small init ` +
    `(Glorot normal ×${EOS.initScale}), ${EOS.steps} steps, η ∈ {${EOS.lrs.join(', ')}}; sharpness = top Hessian eigenvalue by ${EOS.iterations} Lanczos steps on finite-difference ` +
    `HVPs every ${EOS.every} steps. For each η and each seed (data subset and init) the sharpness starts below 2/η and rises to 2/η (progressive sharpening), ` +
    `and then hovers at the edge of stability (Cohen et al. 2021, whose setting is a tanh MLP on 5k CIFAR-10 with MSE): the median over the second half of training ` +
    `tracks 2/η, so the η = ${Math.min(...EOS.lrs)} median exceeds the η = ${Math.max(...EOS.lrs)} one by more than ${EOS_MIN_RATIO.toFixed(2)}×, nearer the ratio of the edges ` +
    `(${EOS_RATE_RATIO.toFixed(2)}) than the ratio 1 of an η-independent sharpness (the control). Falsified if the sharpness starts at or above the edge, never reaches it, ` +
    'or does not settle at a level set by η.',
  seeds: { tuned: TUNED, judged: JUDGED },
  async run(env) {
    const data = await env.dataset(EOS.dataset);
    const rows: string[] = [];
    const ratios: number[] = [];
    const starts: number[] = [];
    const lateRatios: number[] = [];
    let pass = true;
    for (const seed of env.seeds) {
      const ld = landscapeData(env.gpu, data, { train: EOS.train, eval: 1, test: 1 }, seed);
      const lateByRate = new Map<number, number>();
      try {
        for (const lr of EOS.lrs) {
          const model = buildMlp(env.gpu, ld.inputs, EOS.hidden, ld.classes, seed, {
            activation: EOS.activation,
            initScale: EOS.initScale,
          });
          try {
            const pts = await gradientDescentSharpness(model, ld.train, {
              steps: EOS.steps,
              lr,
              every: EOS.every,
              iterations: EOS.iterations,
              seed,
              loss: 'mse',
            });
            const edge = 2 / lr;
            const late = pts.filter((p) => p.step >= EOS.steps / 2).map((p) => p.sharpness);
            lateByRate.set(lr, median(late));
            const ratio = median(late) / edge;
            const start = pts[0].sharpness / edge;
            const reached = pts.find((p) => p.sharpness >= edge)?.step;
            ratios.push(ratio);
            starts.push(start);
            pass &&= start < 1 && reached !== undefined;
            rows.push(
              `seed ${seed} η=${lr} (2/η=${edge.toFixed(2)}): sharpness ${pts.map((p) => `${p.step}:${p.sharpness.toFixed(2)}`).join(' ')}; ` +
                `start ${start.toFixed(2)}×2/η, first ≥ 2/η at step ${reached ?? 'never'}, late median ${ratio.toFixed(2)}×2/η, final loss ${pts.at(-1)!.loss.toFixed(4)}`,
            );
            env.log(rows.at(-1)!);
          } finally {
            disposeModel(model);
          }
        }
        const lateRatio = lateByRate.get(Math.min(...EOS.lrs))! / lateByRate.get(Math.max(...EOS.lrs))!;
        lateRatios.push(lateRatio);
        pass &&= lateRatio > EOS_MIN_RATIO;
      } finally {
        ld.dispose();
      }
    }
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)} … ${Math.max(...xs).toFixed(2)}`;
    return {
      pass,
      measured:
        `late median sharpness η=${Math.min(...EOS.lrs)} / η=${Math.max(...EOS.lrs)}: ${lateRatios.map((r) => r.toFixed(2)).join('/')} (edge ratio ${EOS_RATE_RATIO.toFixed(2)}, ` +
        `threshold ${EOS_MIN_RATIO.toFixed(2)}); sharpness / (2/η) over seeds and η: at step 0 ${range(starts)}, late median ${range(ratios)} — ${rows.join('; ')}`,
    };
  },
};

const OS = { train: 500, hidden: [32], steps: 150, lr: 0.5, k: 8, spikes: 3, window: 10, draws: 200 };

/**
 * The null: the fraction of `draws` sets of random k-group pairs (one pair per spike, over the same
 * windows) whose mean correlation is at or below the opposing groups' (+1 in numerator and
 * denominator, so it is never 0). Random groups share the common fall of the loss, so they
 * correlate positively; this asks whether the opposing groups fall below that, not just below 0.
 */
function randomGroupNull(t: LossTrace, groups: OpposingGroups[], observed: number, seed: number) {
  const u = uniformArray(2 * OS.k * groups.length * OS.draws, { seed, stream: LANDSCAPE_STREAM + 4096 });
  let drawn = 0;
  const randomGroup = () => Array.from({ length: OS.k }, () => Math.floor(u[drawn++] * t.n));
  const diffs = (g: number[], s: number) => {
    const tr = groupTrace(t, g, s, s + OS.window);
    return tr.slice(1).map((v, j) => v - tr[j]);
  };
  const means = Array.from(
    { length: OS.draws },
    () =>
      groups.reduce((a, g) => a + pearson(diffs(randomGroup(), g.step), diffs(randomGroup(), g.step)), 0) /
      groups.length,
  );
  return {
    mean: means.reduce((a, b) => a + b, 0) / OS.draws,
    p: (1 + means.filter((m) => m <= observed).length) / (1 + OS.draws),
  };
}

const opposingSignals: Check = {
  id: 'opposing-signals-anticorrelated',
  claim:
    `Full-batch GD (η = ${OS.lr}, no momentum) on ${OS.train} MNIST examples, 784-32-10 MLP, ${OS.steps} steps, every example's loss recorded each step. At each of the ${OS.spikes} largest ` +
    `one-step rises of the mean loss (after step ${OS.window}), take the k = ${OS.k} examples whose loss rose most and the k that fell most over that step; the Pearson correlation of the two ` +
    `groups' mean-loss changes over the ${OS.window} steps AFTER the spike (not used to pick them) averages below 0 for each seed (Rosenfeld & Risteski 2023: opposing groups), ` +
    `and below that of random pairs of k-groups over the same windows (the control: ${OS.draws} random sets per seed, one-sided p < 0.05). ` +
    'Falsified if any seed’s mean correlation is ≥ 0, or ≥ 5% of the random sets correlate as negatively.',
  seeds: { tuned: TUNED, judged: JUDGED },
  async run(env) {
    const data = await env.dataset('mnist');
    const rows: string[] = [];
    let pass = true;
    for (const seed of env.seeds) {
      const ld = landscapeData(env.gpu, data, { train: OS.train, eval: 1, test: 1 }, seed);
      const model = buildMlp(env.gpu, ld.inputs, OS.hidden, ld.classes, seed);
      try {
        const t = await perExampleTrace(model, ld.train, {
          steps: OS.steps,
          lr: OS.lr,
          optimizer: 'gd',
          every: 0,
          iterations: 0,
          seed,
        });
        const groups = opposingGroups(t, { spikes: OS.spikes, k: OS.k, window: OS.window });
        // NaN, so failing, when no spike was found.
        const mean = groups.reduce((a, g) => a + g.correlation, 0) / groups.length;
        const control = randomGroupNull(t, groups, mean, seed);
        pass &&= mean < 0 && control.p < 0.05;
        rows.push(
          `seed ${seed}: spikes ${groups.map((g) => `@${g.step} (+${g.rise.toFixed(2)}) r=${g.correlation.toFixed(2)}`).join(', ')}; mean r = ${mean.toFixed(2)} ` +
            `(random groups: mean ${control.mean.toFixed(2)}, p = ${control.p.toFixed(3)}), final loss ${t.mean[OS.steps - 1].toFixed(3)}`,
        );
        env.log(rows.at(-1)!);
      } finally {
        disposeModel(model);
        ld.dispose();
      }
    }
    return { pass, measured: rows.join('; ') };
  },
};

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
  train: 2000,
  probe: 1000,
  test: 1000,
  channels: [8, 16],
  hidden: [128],
  out: 256,
  steps: 200,
  batch: 64,
  lr: 0.001,
  every: 200,
  loss: 'kl' as const,
  nearTeacher: 0.1,
};

const randomTeacher: Check = {
  id: 'random-teacher-student-beats-teacher',
  claim:
    `A student convnet (3×3 ReLU convs of ${RT.channels.join(' and ')} channels, each followed by 2×2 max-pooling, no batch norm, then a ${RT.hidden.join('-')}-wide ReLU layer and a ` +
    `linear ${RT.out}-wide embedding) started near a frozen random teacher of the same architecture (θS = θT + ${RT.nearTeacher}·θ', θ' a fresh init; the paper's near-teacher start) and ` +
    `distilled without labels by the DINO-style softmax cross-entropy (teacher τ = 0.04, student τ = 0.1; Adam lr ${RT.lr}, ${RT.steps} steps of batch ${RT.batch} on ${RT.train} ` +
    `unaugmented CIFAR-10 images) has a higher ridge linear-probe test accuracy on its ${RT.hidden.at(-1)}-wide penultimate features (probe fit on ${RT.probe} labelled training images, ` +
    `scored on ${RT.test} test images) than the teacher, its baseline in the same run (Sarnthein et al. 2023, shown there for ResNet18/VGG11 on CIFAR-10 over 150 epochs; the ` +
    'catalogue’s +5 pt margin was not reached in exploration at this budget, so only the direction is tested): the mean gain over seeds exceeds the standard deviation of ' +
    'the gains. Falsified if the mean gain is ≤ the seed spread (no gain distinguishable from the differences between random nets).',
  seeds: { tuned: TUNED, judged: JUDGED },
  async run(env) {
    const data = await env.dataset('cifar10');
    const rows: string[] = [];
    let wins = 0;
    const gains: number[] = [];
    for (const seed of env.seeds) {
      const r = await randomTeacherRun(env.gpu, data, { ...RT, seed });
      const last = r.student.at(-1)!.accuracy;
      if (last > r.teacher) wins++;
      gains.push(100 * (last - r.teacher));
      rows.push(
        `seed ${seed}: teacher ${(100 * r.teacher).toFixed(1)}%, student ${r.student.map((p) => `${p.step}:${(100 * p.accuracy).toFixed(1)}%`).join(' ')} (loss ${r.finalLoss.toFixed(3)})`,
      );
      env.log(rows.at(-1)!);
    }
    const mean = gains.reduce((a, b) => a + b, 0) / gains.length;
    const sd = Math.sqrt(gains.reduce((a, g) => a + (g - mean) ** 2, 0) / (gains.length - 1));
    return {
      pass: gains.length >= 3 && mean > sd,
      measured: `gains ${gains.map((g) => `${g >= 0 ? '+' : ''}${g.toFixed(1)}`).join('/')} pt, mean ${mean.toFixed(1)} ± ${sd.toFixed(1)} (sd; threshold: mean > sd); student beats teacher on ${wins}/${gains.length} seeds — ${rows.join('; ')}`,
    };
  },
};

export const checks = [
  sliceMinimum,
  lmcRewind,
  intrinsicDim,
  intrinsicLenet,
  edgeOfStability,
  opposingSignals,
  randomTeacher,
];
