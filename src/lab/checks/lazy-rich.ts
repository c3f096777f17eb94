/**
 * Checks of the lazy-rich family. Each runs one repetition per seed in env.seeds and judges every
 * seed; the grokking-poly checks were set on seed 1, the others on seeds 1–3, and all are judged on
 * seeds they were not set on. Each pass rule holds a control from the same run (a baseline, a twin,
 * a null pair or an off-critical point). Every check prints its numbers, pass or fail.
 */
import { grokDelay, grokPolyRuns, type GrokPolyResult, type GrokPolySpec } from '../experiments/lazy-rich/grok-poly.ts';
import {
  connectivityRuns,
  rankCorrelation,
  rankGrid,
  type ConnectivityPoint,
  type ConnectivitySpec,
  type Laziness,
} from '../experiments/lazy-rich/connectivity.ts';
import { modularDelay, modularRun, type ModularResult, type ModularSpec } from '../experiments/lazy-rich/modular.ts';
import { xorRun, type XorSpec } from '../experiments/lazy-rich/xor.ts';
import {
  CRITICAL,
  curvePoints,
  ensembleStats,
  kurtosis,
  kurtosisDepth,
  predict,
  reluKurtosis,
  type Act,
  type EnsembleStats,
} from '../experiments/lazy-rich/criticality.ts';
import { fitLine, spearman } from '../numerics/stats.ts';
import type { Check, CheckEnv } from './check.ts';
import { WorkClock } from '../progress.ts';

/**
 * Runs once per seed list: checks that read the same runs (grok sweep, connectivity grid,
 * criticality ensembles) share them when judged on the same seeds.
 */
function perSeeds<T>(run: (env: CheckEnv) => Promise<T>): (env: CheckEnv) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (env) => {
    const key = env.seeds.join(',');
    if (!cache.has(key)) cache.set(key, run(env));
    return cache.get(key)!;
  };
}

/** Drains an experiment generator and returns its result. */
async function drain<T>(gen: AsyncGenerator<unknown, T>): Promise<T> {
  for (;;) {
    const r = await gen.next();
    if (r.done) return r.value;
  }
}

// Seed 1 chose the grid (docs/check-settings.md#grok-delay-grows-with-alpha): at α = 2 the test
// MSE still sat at 14% of its initial value after 8,864 steps, so α ≥ 2 cannot show a finite delay
// in a browser-length run, while α = 0.25, 0.5 and 1 each reach 10% by step 1,736.
const GROK: Omit<GrokPolySpec, 'seed'> = {
  dim: 30,
  trainSize: 150,
  testSize: 300,
  width: 100,
  eps: 0.3,
  lrScale: 1,
  steps: 4000,
  linearized: true,
};
const GROK_ALPHAS = [0.25, 0.5, 1];
// The lazy plateau needs the lazy end of the scale; it only has to run until train reaches 10%.
const PLATEAU = { ...GROK, steps: 3000 };
const PLATEAU_ALPHA = 8;

/** One α sweep per seed. */
async function grokSweep(
  env: CheckEnv,
  spec: Omit<GrokPolySpec, 'seed'>,
  alphas: number[],
): Promise<GrokPolyResult[][]> {
  const out: GrokPolyResult[][] = [];
  for (const seed of env.seeds) {
    const gen = grokPolyRuns(env.gpu, { ...spec, seed }, alphas, new WorkClock(), (a) => ` α=${a}`);
    for (;;) {
      const r = await gen.next();
      if (r.done) {
        out.push(r.value);
        break;
      }
      if (r.value.type === 'metric' && r.value.name === 'sweep/grok-delay')
        env.log(`seed ${seed} α = ${r.value.step}: delay ${r.value.value.toFixed(2)}`);
    }
  }
  return out;
}

const hit = (v: number | null, steps: number) => (v === null ? `>${steps}` : String(v));

const grokDelayGrows: Check = {
  id: 'grok-delay-grows-with-alpha',
  claim:
    `With lr = N/α² (α = ${GROK_ALPHAS.join(', ')}; ${GROK.steps} steps), on each of 3 seeds every α reaches a test MSE of 10% of its initial value within the run, ` +
    'the step where it does grows strictly with α, and the grok delay (that step over the step where train MSE reaches 10%) is longer at the largest α than at the smallest, ' +
    'so the later test reach is not just slower training, which the train step measures in the same run. Control: the linearized twin of each α, trained alike, never reaches 10% test ' +
    '(its initial kernel cannot fit the target), so the net generalizes by moving its features. Falsified if any of these fails on any seed; a run that never generalizes fails (no censored steps are compared).',
  seeds: { tuned: [1], judged: [2, 3, 4] },
  async run(env) {
    const all = await grokSweep(env, GROK, GROK_ALPHAS);
    const rows = all.map((rs, k) => {
      const tests = rs.map((r) => r.testHit);
      const finite = tests.every((t) => t !== null) && rs.every((r) => r.trainHit !== null);
      const grows = finite && tests.every((t, i) => i === 0 || t! > tests[i - 1]!);
      const delays = rs.map((r) => grokDelay(r, GROK.steps));
      const longer = delays[delays.length - 1] > delays[0];
      const twinLazy = rs.every((r) => r.twinTest > 0.1 * r.initialTest);
      const text = rs
        .map(
          (r) =>
            `α=${r.alpha} train ${hit(r.trainHit, GROK.steps)}, test ${hit(r.testHit, GROK.steps)}, delay ${grokDelay(r, GROK.steps).toFixed(1)}×, twin best test ${(100 * (r.twinTest / r.initialTest)).toFixed(0)}%`,
        )
        .join(', ');
      return { pass: grows && longer && twinLazy, text: `s${env.seeds[k]}: ${text}` };
    });
    return {
      pass: rows.every((r) => r.pass),
      measured: `${rows.map((r) => r.text).join('; ')} (steps are logged steps on a log grid, +1; twin test as % of the initial)`,
    };
  },
};

const lazyPlateau: Check = {
  id: 'lazy-plateau-at-k0-regression',
  claim:
    `At α = ${PLATEAU_ALPHA} (lazy), when the train MSE first reaches 10% of its initial value the test MSE sits within ±20% of the test MSE of kernel regression with the initial NTK ` +
    '(the lazy plateau; the baseline is computed in the same run, the ±20% band is the catalogue’s), on each of 3 seeds. Falsified if it is off by more than 20% on any seed, or train never reaches 10%.',
  seeds: { tuned: [1], judged: [2, 3, 4] },
  async run(env) {
    const all = await grokSweep(env, PLATEAU, [PLATEAU_ALPHA]);
    const rows = all.map(([r], k) => {
      const net = r.testAtTrainHit ?? NaN;
      const rel = net / r.k0Test - 1;
      return {
        pass: Math.abs(rel) <= 0.2,
        text: `s${env.seeds[k]}: K₀ regression ${r.k0Test.toFixed(3)}, net at train-10% (step ${hit(r.trainHit, PLATEAU.steps)}) ${net.toFixed(3)} (${rel >= 0 ? '+' : ''}${(100 * rel).toFixed(0)}%), initial ${r.initialTest.toFixed(3)}, ‖K−K₀‖/‖K₀‖ at the end ${r.kernelChange.toFixed(3)}`,
      };
    });
    return { pass: rows.every((r) => r.pass), measured: rows.map((r) => r.text).join('; ') };
  },
};

// Inside the window 4d/n < ‖μ‖² < d/√n where both phases show at lab size (see xor.ts). Read at
// step 1, as the paper states it, not at the first step with 100% train: on a GPU one seed still
// misfits one point of 100 at step 1. On seeds 1–3 test accuracy gains under 2 points from step 40
// to step 800, so more steps are unlikely to lift held-out seed 5 (90% at step 300) to 95%
// (docs/check-settings.md#xor-benign-overfit-then-grok).
const XOR: Omit<XorSpec, 'seed'> = {
  dim: 2000,
  trainSize: 100,
  testSize: 400,
  width: 100,
  noise: 0.1,
  signal: 11,
  init: 1e-6,
  lr: 0.1,
  steps: 300,
};

const xorBenign: Check = {
  id: 'xor-benign-overfit-then-grok',
  claim:
    'On XOR clusters with 10% flipped labels (d 2,000, n 100, ‖μ‖ 11, m 100, readouts ±1/√m, GD on the logistic loss), on each of 3 seeds: after the first GD step training accuracy is ≥ 98% (the paper: 100%) with every flipped label fitted, and clean test accuracy is ≤ 60%; at step 300 clean test accuracy is ≥ 95% and the flipped labels have stayed 100% fitted at every logged step from step 1. Falsified if test never exceeds 70% or the noisy labels get un-fitted before test rises.',
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  async run(env) {
    const rows: string[] = [];
    let pass = true;
    for (const seed of env.seeds) {
      const pts = await drain(xorRun(env.gpu, { ...XOR, seed }, async () => {}));
      const i = pts.findIndex((p) => p.step === 1);
      const one = pts[i];
      const last = pts[pts.length - 1];
      const stayed = pts.slice(i).every((p) => p.flippedFit === 1);
      const peak = Math.max(...pts.map((p) => p.test));
      pass &&= one.train >= 0.98 && one.test <= 0.6 && last.test >= 0.95 && stayed && peak > 0.7;
      const full = pts.find((p) => p.train === 1);
      const pc = (x: number) => `${(100 * x).toFixed(1)}%`;
      const row = `s${seed}: step 1 train ${pc(one.train)} test ${pc(one.test)} (100% train first @${full?.step ?? 'never'}); @${last.step} train ${pc(last.train)} test ${pc(last.test)} (peak ${pc(peak)}); flipped ${stayed ? 'kept' : 'un-fitted'}`;
      env.log(row);
      rows.push(row);
    }
    return { pass, measured: `${rows.join('; ')} (d ${XOR.dim}, n ${XOR.trainSize}, ‖μ‖ ${XOR.signal})` };
  },
};

// 1,200 steps: at 600, seeds 1–3 generalized at logged steps 413–500 and held-out seed 5 not at all
// (test 90% at the end); at 1,200, seeds 1–3 still generalize at 413–500 and weight decay 0 still
// never does (docs/check-settings.md#modular-grokking-needs-weight-decay).
const MOD: Omit<ModularSpec, 'seed' | 'weightDecay'> = {
  modulus: 23,
  trainFraction: 0.6,
  width: 64,
  activation: 'quadratic',
  lr: 0.03,
  initScale: 1,
  steps: 1200,
};
const stepOf = (v: number | null) => (v === null ? `>${MOD.steps}` : String(v));

const modularGrokking: Check = {
  id: 'modular-grokking-needs-weight-decay',
  claim: `On (a + b) mod 23 from 60% of the pairs (quadratic MLP, width 64, full-batch AdamW lr 0.03, ${MOD.steps} steps), with weight decay 1 every seed memorizes first (train ≥ 99% while test ≤ 20%) and generalizes later (test ≥ 95%, at least 10× after memorizing); with weight decay 0 (the control, same seeds) no seed reaches test 95% within the run. Falsified if a weight-decay-1 seed never generalizes or memorizes and generalizes together, or a weight-decay-0 seed generalizes.`,
  // Seeds 4–6 were judged at 600 steps and showed the run too short, so they count as tuned.
  seeds: { tuned: [1, 2, 3, 4, 5, 6], judged: [7, 8, 9] },
  async run(env) {
    const rows: { wd: number; seed: number; r: ModularResult }[] = [];
    for (const wd of [1, 0])
      for (const seed of env.seeds) {
        const r = await drain(modularRun(env.gpu, { ...MOD, weightDecay: wd, seed }, async () => {}));
        env.log(
          `wd ${wd} seed ${seed}: memorized ${stepOf(r.memorized)}, generalized ${stepOf(r.generalized)}, final test ${(100 * r.finalTest).toFixed(1)}%`,
        );
        rows.push({ wd, seed, r });
      }
    const withWd = rows.filter((x) => x.wd > 0);
    const without = rows.filter((x) => x.wd === 0);
    const grokked = withWd.every(
      ({ r }) => r.generalized !== null && (r.testAtMemorized ?? 1) <= 0.2 && modularDelay(r, MOD.steps) >= 10,
    );
    const noWdLate = without.every(({ r }) => r.generalized === null);
    const fmt = ({ wd, seed, r }: (typeof rows)[number]) =>
      `wd ${wd} s${seed}: train 99% @${stepOf(r.memorized)} (test ${r.testAtMemorized === null ? '–' : (100 * r.testAtMemorized).toFixed(0)}%), test 95% @${stepOf(r.generalized)}, final test ${(100 * r.finalTest).toFixed(0)}%`;
    return {
      pass: grokked && noWdLate,
      measured: `${rows.map(fmt).join('; ')} (steps are logged steps on a log grid, +1)`,
    };
  },
};

// Each init trains until its train MSE first reaches 10% of the initial one, so the laziness
// measures compare inits at the same fit (after a fixed step count the weight change mostly
// measures learning speed; docs/check-settings.md#connectivity-low-rank-is-richer).
const CONN: Omit<ConnectivitySpec, 'seed'> = {
  dim: 32,
  width: 64,
  trainSize: 128,
  directions: 2,
  lr: 4,
  steps: 2000,
  target: 0.1,
};
const connResults = perSeeds(async (env) => {
  const out: ConnectivityPoint[][] = [];
  for (const seed of env.seeds)
    out.push(
      await drain(connectivityRuns(env.gpu, { ...CONN, seed }, rankGrid(CONN.dim, CONN.width), new WorkClock())),
    );
  return out;
});
const f3 = (xs: number[]) => xs.map((x) => x.toFixed(3)).join('/');
const f2 = (xs: number[]) => xs.map((x) => x.toFixed(2)).join('/');

// −0.8 is the catalogue's bar; with 6 ranks a rank-blind NTK change reaches ρ ≤ −0.8 with
// probability 21/720 ≈ 0.03 per seed (Spearman null), so each seed is tested against that null.
const connectivityRank: Check = {
  id: 'connectivity-low-rank-is-richer',
  claim:
    'With W₀ of rank r ∈ {1, 2, 4, 8, 16, 32} at a fixed Frobenius norm (random singular vectors; D 32, N 64, full-batch GD until the train MSE is 10% of the initial), the empirical NTK moves less as the rank grows: Spearman ρ(rank, ‖K_T−K₀‖/‖K₀‖) ≤ −0.8 and ρ(rank, 1 − cos(K_T, K₀)) ≤ −0.8 on each of 3 seeds. Falsified if either ρ > −0.8 on any seed. Weight change and representation change (1 − CKA) are reported alongside, not required.',
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  async run(env) {
    const all = await connResults(env);
    const rho = (key: Laziness) => all.map((pts) => rankCorrelation(pts, false, key));
    const [rk, ra, rw, rr] = [
      rho('kernelChange'),
      rho('alignmentChange'),
      rho('weightChange'),
      rho('representationChange'),
    ];
    const at = (r: number, key: Laziness | 'steps') =>
      all.map((pts) => pts.find((p) => !p.aligned && p.rank === r)![key]);
    const full = Math.min(CONN.dim, CONN.width);
    const ranks = rankGrid(CONN.dim, CONN.width);
    const meanKernel = ranks.map((r) => at(r, 'kernelChange').reduce((acc, v) => acc + v, 0) / all.length);
    return {
      pass: rk.every((r) => r <= -0.8) && ra.every((r) => r <= -0.8),
      measured: `ρ(rank, kernel change) per seed ${f2(rk)}, seed-mean kernel change at rank ${ranks.join('/')} ${f3(meanKernel)} (rank 1 ${f3(at(1, 'kernelChange'))} vs full ${f3(at(full, 'kernelChange'))}); ρ(rank, 1−cos) ${f2(ra)} (rank 1 ${f3(at(1, 'alignmentChange'))} vs full ${f3(at(full, 'alignmentChange'))}); ρ(rank, weight change) ${f2(rw)} (rank 1 ${f3(at(1, 'weightChange'))} vs full ${f3(at(full, 'weightChange'))}); ρ(rank, 1−CKA) ${f2(rr)}; steps to 10% MSE rank 1 ${at(1, 'steps').join('/')} vs full ${at(full, 'steps').join('/')}`,
    };
  },
};

/*
 * At full rank the "aligned" and random inits are draws from one distribution (equal singular
 * values; U only changes basis), so their weight-change ratio in the same run is the null spread
 * of the rank-2 ratio.
 */
const connectivityAligned: Check = {
  id: 'connectivity-aligned-low-rank-is-lazier',
  claim:
    'At rank r = K = 2, an init whose input singular vectors are the teacher’s directions changes its weights less than a random rank-2 init when both reach 10% of the initial train MSE: ' +
    'on each of 3 seeds ln(random/aligned) is above every |ln(random/aligned)| of the full-rank pair of the same run (a null control: at full rank the two inits are draws from one distribution). ' +
    'The catalogue’s 2× is reported as met or not. Falsified if the rank-2 ratio is within the null spread on any seed.',
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  async run(env) {
    const all = await connResults(env);
    const full = Math.min(CONN.dim, CONN.width);
    const pick = (pts: ConnectivityPoint[], aligned: boolean, rank: number) =>
      pts.find((p) => p.aligned === aligned && p.rank === rank)!;
    const ratio = (key: Laziness, rank = CONN.directions) =>
      all.map((pts) => pick(pts, false, rank)[key] / pick(pts, true, rank)[key]);
    const ratios = ratio('weightChange');
    const nulls = ratio('weightChange', full);
    const spread = Math.max(...nulls.map((r) => Math.abs(Math.log(r))));
    const twice = ratios.every((r) => r >= 2);
    return {
      pass: ratios.every((r) => Math.log(r) > spread),
      measured: `weight change random/aligned at rank 2: ${f2(ratios)} vs the full-rank null ${f2(nulls)} (null spread ×${Math.exp(spread).toFixed(2)}; catalogue's 2× ${twice ? 'met' : 'not met'}); kernel change random/aligned ${f2(ratio('kernelChange'))}; 1−cos random/aligned ${f2(ratio('alignmentChange'))}; steps to 10% MSE random ${all.map((p) => pick(p, false, CONN.directions).steps).join('/')} vs aligned ${all.map((p) => pick(p, true, CONN.directions).steps).join('/')}`,
    };
  },
};

// Criticality (PDLT): width 64, depth 12, 96 inits per point; the ReLU ensemble mean of K^(12) has
// a predicted relative spread √(((1 + 5/64)^11 − 1)/96) ≈ 0.12 per seed.
const CRIT = { depth: 12, width: 64, ensemble: 96 };
function critRuns(a: Act): (env: CheckEnv) => Promise<EnsembleStats[]> {
  return perSeeds(async (env) => {
    const out: EnsembleStats[] = [];
    for (const seed of env.seeds) {
      const spec = { activation: a, ...CRIT, inputs: 2, tangents: true, seed };
      const points = curvePoints(a).map((c) => c.p);
      out.push(await drain(ensembleStats(env.gpu, spec, points, async () => {})));
      env.log(`criticality ${a} seed ${seed} done`);
    }
    return out;
  });
}
const critResults = { relu: critRuns('relu'), tanh: critRuns('tanh') };
const maxAbs = (xs: number[]) => Math.max(...xs.map(Math.abs));

const criticalityVariance: Check = {
  id: 'criticality-variance-preserved',
  claim:
    'In ensembles of 96 random MLPs (width 64, depth 12, C_b = 0) the preactivation second moment K^(ℓ) follows the infinite-width recursion K′ = C_W·E[φ(z)²] at C_W = 0.8×, 1× and 1.25× critical, for ReLU and tanh: max over layers of |ln(K_measured/K_predicted)| ≤ 0.35 on each of 3 seeds (3× the predicted ReLU spread 0.12 of the ensemble mean). At ReLU criticality K stays in the band |ln(K^(ℓ)/K^(1))| ≤ 0.35, while at 0.8× it falls below ½ and at 1.25× rises above 2× its first-layer value. Falsified if the critical variance leaves the band, an off-critical one does not decay/grow, or the recursion misses by more than the tolerance.',
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  async run(env) {
    const TOL = 0.35;
    const tags = curvePoints('relu').map((c) => c.tag);
    const parts: string[] = [];
    let pass = true;
    for (const a of ['relu', 'tanh'] as const) {
      const all = await critResults[a](env);
      const pts = curvePoints(a);
      const miss = pts.map(({ p }, i) =>
        all.map((st) => maxAbs(st.K[i].map((k, l) => Math.log(k / predict(a, p, CRIT.depth).K[l])))),
      );
      const ends = pts.map((_, i) => all.map((st) => st.K[i][CRIT.depth - 1] / st.K[i][0]));
      const jac = pts.map((_, i) => all.map((st) => st.T[i][CRIT.depth - 1] / st.T[i][0]));
      pass &&= miss.every((m) => m.every((v) => v <= TOL));
      if (a === 'relu') {
        const band = all.map((st) => maxAbs(st.K[1].map((k) => Math.log(k / st.K[1][0]))));
        pass &&= band.every((b) => b <= TOL) && ends[0].every((r) => r < 0.5) && ends[2].every((r) => r > 2);
        parts.push(`ReLU critical band max|ln K^ℓ/K^1| ${band.map((b) => b.toFixed(3)).join('/')}`);
      }
      const f = (xs: number[]) => xs.map((x) => x.toPrecision(3)).join('/');
      parts.push(
        `${a} (critical C_W ${CRITICAL[a].cw}): ` +
          tags
            .map(
              (t, i) =>
                `${t}: K^L/K^1 ${f(ends[i])} (pred ${(predict(a, pts[i].p, CRIT.depth).K[CRIT.depth - 1] / predict(a, pts[i].p, CRIT.depth).K[0]).toPrecision(3)}), recursion miss ${f(miss[i])}, Jacobian² growth ${f(jac[i])}`,
            )
            .join('; '),
      );
    }
    return { pass, measured: `${parts.join(' | ')} (3 seeds; tolerance ${TOL} in ln)` };
  },
};

// ReLU at criticality, widths 8/16/32, L hidden layers up to L/n = ¼, 2,048 inits per width (the
// catalogue asks ≥ 2,000).
const KURT = { widths: [8, 16, 32], ensemble: 2048 };

const kurtosisDepthOverWidth: Check = {
  id: 'kurtosis-grows-with-depth-over-width',
  claim:
    'At ReLU criticality (C_W = 2, C_b = 0), the excess kurtosis of one preactivation across 2,048 inits, after L hidden layers of width n (L/n ≤ ¼, n = 8, 16, 32), rises with L/n: Spearman ρ(L/n, kurtosis) ≥ 0.8 and a positive least-squares slope on each of 3 seeds (first-order theory: kurtosis ≈ 15·L/n; exact: 3((1 + 5/n)^L − 1)), ' +
    'and at L/n = ¼ every width’s kurtosis exceeds every |kurtosis| of the first preactivation (L = 0, exactly Gaussian: the estimate’s null spread in the same run). Falsified if the kurtosis does not rise with L/n or stays within that null.',
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  async run(env) {
    const rows: string[] = [];
    let pass = true;
    for (const seed of env.seeds) {
      const xs: number[] = [];
      const ys: number[] = [];
      const pred: number[] = [];
      const atQuarter: string[] = [];
      const top: number[] = [];
      const gaussian: number[] = [];
      for (const n of KURT.widths) {
        const depth = kurtosisDepth(n, 64);
        const st = await drain(
          ensembleStats(
            env.gpu,
            { activation: 'relu', depth, width: n, ensemble: KURT.ensemble, inputs: 1, tangents: false, seed },
            [CRITICAL.relu],
            async () => {},
          ),
        );
        const k = kurtosis(st, 0);
        k.forEach((v, l) => {
          xs.push(l / n);
          ys.push(v);
          pred.push(reluKurtosis(n, l + 1));
        });
        top.push(k[depth - 1]);
        gaussian.push(Math.abs(k[0]));
        atQuarter.push(`${k[depth - 1].toFixed(2)} (exact ${reluKurtosis(n, depth).toFixed(2)})`);
      }
      const fit = fitLine(xs, ys);
      const rho = spearman(xs, ys);
      const worst = Math.max(...ys.map((y, i) => Math.abs(y - pred[i])));
      env.log(
        `kurtosis seed ${seed}: ${ys.map((y, i) => `${xs[i].toFixed(3)}→${y.toFixed(2)}(${pred[i].toFixed(2)})`).join(' ')}`,
      );
      const aboveNull = Math.min(...top) > Math.max(...gaussian);
      pass &&= rho >= 0.8 && fit.b > 0 && aboveNull;
      rows.push(
        `seed ${seed}: ρ ${rho.toFixed(2)}, slope ${fit.b.toFixed(1)} (R² ${fit.r2.toFixed(2)}), kurtosis at L/n = ¼ for n ${KURT.widths.join('/')}: ${atQuarter.join(', ')} vs Gaussian layer |kurtosis| ≤ ${Math.max(...gaussian).toFixed(2)}, max |measured − exact| ${worst.toFixed(2)}`,
      );
    }
    return { pass, measured: `${rows.join('; ')} (first-order slope 15)` };
  },
};

export const checks = [
  grokDelayGrows,
  lazyPlateau,
  xorBenign,
  modularGrokking,
  connectivityRank,
  connectivityAligned,
  criticalityVariance,
  kurtosisDepthOverWidth,
];
