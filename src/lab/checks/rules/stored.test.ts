/**
 * The rules judge the numbers stored in docs/paper-checks.json as the checks did when they ran:
 * each record's per-seed numbers are read back from its line, judged by the rule, and must give
 * the stored verdict and the stored line (numbers to within the rounding of their printed digits).
 * Where a line prints only seed means ± SD, seeds with exactly that mean and SD stand in for them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRecords, type CheckRecord } from '../report.ts';
import type { Rule } from '../rule.ts';
import { RULE_FAMILIES } from './index.ts';
import { CURVE_TAGS, type ConnectivityMeasure, type CriticalityMeasure } from './lazy-rich.ts';
import { IB_LABELS, IB_SERIES, type IbMeasure } from './kernels-ib.ts';
import { rfMoreIsBetterSeeds } from './kernels-ridge.fixtures.ts';

const { records } = parseRecords(readFileSync('docs/paper-checks.json', 'utf8'));
const rules = new Map(RULE_FAMILIES.flatMap((f) => f.rules).map((r) => [r.id, r]));

const NUMBER = /-?\d+(?:\.\d+)?/g;
const num = (s: string): number => Number(s);
/** The numbers of the first match of `re` (its groups), or a throw naming what is missing. */
function grab(s: string, re: RegExp): number[] {
  const m = re.exec(s);
  if (!m) throw new Error(`no ${re} in: ${s.slice(0, 120)}…`);
  return m.slice(1).map(num);
}
/** "a/b/c" as numbers, divided by `scale`. */
const slashed = (s: string, scale = 1): number[] => s.split('/').map((x) => num(x) / scale);
/** A regex group matching one slashed list, "a/b/c". */
const SLASHED = String.raw`(-?\d+(?:\.\d+)?(?:/-?\d+(?:\.\d+)?)*)`;

/** Three seeds with sample mean m and sample SD s (m − s, m, m + s). */
const triple = (m: number, s: number): number[] => [m - s, m, m + s];
/** `label m±s` in percentage points, as three seeds (fractions). */
function pm(s: string, label: string): number[] {
  const [m, sd] = grab(s, new RegExp(`${label.replace(/[()]/g, '\\$&')} (-?[\\d.]+)±([\\d.]+)`));
  return triple(m / 100, sd / 100);
}
/**
 * Two three-seed samples with the given means and SDs whose differences a − b have SD `sdDiff`:
 * a = ma + sa·u, b = mb + sb·v with u, v of mean 0 and SD 1 at the correlation that gives it.
 */
function paired(ma: number, sa: number, mb: number, sb: number, sdDiff: number): [number[], number[]] {
  const c = sa && sb ? Math.max(-1, Math.min(1, (sa * sa + sb * sb - sdDiff * sdDiff) / (2 * sa * sb))) : 0;
  const e1 = [-1, 0, 1];
  const e2 = [1, -2, 1].map((x) => x / Math.sqrt(3));
  const v = e1.map((x, i) => c * x + Math.sqrt(1 - c * c) * e2[i]);
  return [e1.map((x) => ma + sa * x), v.map((x) => mb + sb * x)];
}

/** The adversarial power-law checks' lines (FGSM, PGD, shuffled labels: one judge). */
function adversarialPowerLawSeeds(l: string): unknown[] {
  // Slashed numbers without a trailing full stop (the cnn part ends the sentence).
  const num = String.raw`-?\d+(?:\.\d+)?(?:/-?\d+(?:\.\d+)?)*`;
  const model = (m: string) =>
    new RegExp(`${m}: exponent (${num}), R² (${num}), error at the largest fitted ε (${num}) vs control (${num})`)
      .exec(l)!
      .slice(1)
      .map((v) => slashed(v));
  const cols = Object.fromEntries(['linear', 'mlp', 'cnn'].map((m) => [m, model(m)]));
  return [0, 1, 2].map((i) =>
    Object.fromEntries(
      Object.entries(cols).map(([m, [exponent, r2, adversarial, noise]]) => [
        m,
        { exponent: exponent[i], r2: r2[i], adversarial: adversarial[i], noise: noise[i] },
      ]),
    ),
  );
}

/**
 * The per-seed measurements a record's line prints, in the rule's shape. Each reads the line the
 * rule's `judge` writes, so a change to either shows here.
 */
const FIXTURES: Record<string, (line: string) => unknown[]> = {
  'ntk-depth-regimes': (l) => {
    const pcts = (v: string) => v.split('/').map((x) => num(x.replace('%', '')) / 100);
    const seeds: Record<string, unknown>[] = [];
    for (const part of l.split('; ')) {
      const [, act, regime] = /^(\w+) \(([^)]+)\)/.exec(part)!;
      const majority = regime === 'majority vote';
      const m = majority
        ? /L = 1 → (\d+): majority ([\d.%/]+) → ([\d.%/]+), 1-NN ([\d.%/]+) → ([\d.%/]+)$/.exec(part)!
        : /last two depths ([\d.%/]+), at L = (\d+) 1-NN ([\d.%/]+), majority ([\d.%/]+)$/.exec(part)!;
      // Each regime's line prints only what its part of the rule reads; the rest stands as NaN.
      const [depth, mv0, mv, nn0, nn, stable] = majority
        ? [m[1], m[2], m[3], m[4], m[5], null]
        : [m[2], null, m[4], null, m[3], m[1]];
      const col = (v: string | null, k: number) => (v === null ? NaN : pcts(v)[k]);
      pcts(mv).forEach((_, k) => {
        seeds[k] ??= {};
        seeds[k][act] = {
          regime,
          depth: num(depth),
          mv0: col(mv0, k),
          mv: col(mv, k),
          nn0: col(nn0, k),
          nn: col(nn, k),
          stable: col(stable, k),
        };
      });
    }
    return seeds;
  },
  'connectivity-aligned-low-rank-is-lazier': (l) => {
    const [w, nul, k, a, sr, sa] = [
      /rank 2: ([\d./]+) vs/,
      /null ([\d./]+) /,
      /kernel change random\/aligned ([\d./]+)/,
      /1−cos random\/aligned ([\d./]+)/,
      /MSE random ([\d/]+)/,
      /vs aligned ([\d/]+)/,
    ].map((re) => slashed(re.exec(l)![1]));
    return w.map((_, i): Partial<ConnectivityMeasure> => ({
      ratioAtK: { weightChange: w[i], kernelChange: k[i], alignmentChange: a[i] },
      nullRatio: nul[i],
      stepsAtK: { random: sr[i], aligned: sa[i] },
    }));
  },
  'connectivity-low-rank-is-richer': (l) => {
    const part = (re: RegExp) => slashed(re.exec(l)![1]);
    const rho = (what: string) => part(new RegExp(`ρ\\(rank, ${what}\\)(?: per seed)? ([-\\d./]+)`));
    const ends = (what: string) => {
      const m = new RegExp(`ρ\\(rank, ${what}\\)[^(]*\\(rank 1 ([\\d./]+) vs full ([\\d./]+)\\)`).exec(l)!;
      return [slashed(m[1]), slashed(m[2])];
    };
    const kernelMeans = part(/rank 1\/2\/4\/8\/16\/32 ([\d./]+) \(/);
    const [k1, kf] = ends('kernel change');
    const [a1, af] = ends('1−cos');
    const [w1, wf] = ends('weight change');
    const [s1, sf] = [part(/MSE rank 1 ([\d/]+) vs/), part(/vs full ([\d/]+)$/)];
    const ranks = [1, 2, 4, 8, 16, 32];
    const series = (one: number, full: number, means: number[] = ranks.map(() => 0)) =>
      ranks.map((_, i) => (i === 0 ? one : i === ranks.length - 1 ? full : means[i]));
    const [rk, ra, rw, rr] = [rho('kernel change'), rho('1−cos'), rho('weight change'), rho('1−CKA')];
    return rk.map((_, i): Partial<ConnectivityMeasure> => ({
      ranks,
      rho: { kernelChange: rk[i], alignmentChange: ra[i], weightChange: rw[i], representationChange: rr[i] },
      random: {
        kernelChange: series(k1[i], kf[i], kernelMeans),
        alignmentChange: series(a1[i], af[i]),
        weightChange: series(w1[i], wf[i]),
        representationChange: series(0, 0),
        steps: series(s1[i], sf[i]),
      },
    }));
  },
  'criticality-variance-preserved': (l) => {
    const band = slashed(/K\^1\| ([\d./]+)/.exec(l)![1]);
    const seeds: CriticalityMeasure[] = band.map(() => ({}));
    for (const a of ['relu', 'tanh'] as const) {
      const section = l.split(' | ').find((p) => p.startsWith(`${a} (`))!;
      CURVE_TAGS.forEach((tag, i) => {
        const body = section.split(/; |: (?=0\.8×)/).find((p) => p.startsWith(`${tag}:`))!;
        const [end, pred, miss, jac] = [
          /K\^L\/K\^1 ([\d./]+) /,
          /\(pred ([\d.]+)\)/,
          /miss ([\d./]+)/,
          /growth ([\d./]+)/,
        ].map((re) => slashed(re.exec(body)![1]));
        seeds.forEach((m, s) => {
          (m[a] ??= []).push({
            end: end[s],
            predictedEnd: pred[0],
            miss: miss[s],
            jacobianGrowth: jac[s],
            band: a === 'relu' && i === 1 ? band[s] : 0,
          });
        });
      });
    }
    return seeds;
  },
  'frl-robust': (l) => {
    const [frlDrop, fedDrop, frlClean, fedClean, central] = [
      'FRL',
      'FedAvg',
      'clean FRL',
      '%, FedAvg',
      'central supermask',
    ].map((label) => pm(l, label));
    return frlDrop.map((_, i) => ({
      frl: { clean: frlClean[i], attacked: frlClean[i] - frlDrop[i] },
      fedAvg: { clean: fedClean[i], attacked: fedClean[i] - fedDrop[i] },
      central: central[i],
    }));
  },
  'grok-delay-grows-with-alpha': (l) =>
    l
      .replace(/ \(steps are.*$/, '')
      .split('; ')
      .map((row) => ({
        steps: 4000,
        alphas: [
          ...row.matchAll(/α=([\d.]+) train (>?\d+), test (>?\d+), delay ([\d.]+)×, twin best test (\d+)%/g),
        ].map((m) => ({
          alpha: num(m[1]),
          trainHit: m[2].startsWith('>') ? null : num(m[2]),
          testHit: m[3].startsWith('>') ? null : num(m[3]),
          delay: num(m[4]),
          initialTest: 1,
          twinTest: num(m[5]) / 100,
        })),
      })),
  'inductive-bias-bits': (l): IbMeasure[] => {
    const cols = IB_SERIES.map((n) => {
      const [, bits, half] = new RegExp(`${IB_LABELS[n]} ([\\d./]+) \\(([\\d./]+)\\)`).exec(l)!;
      const error = new RegExp(`error.*?${IB_LABELS[n]} ([\\d./]+)`).exec(l)![1];
      return { n, bits: slashed(bits), half: slashed(half), error: slashed(error) };
    });
    return cols[0].bits.map(
      (_, k) =>
        Object.fromEntries(
          cols.map((c) => [c.n, { bits: c.bits[k], half: c.half[k], error: c.error[k] }]),
        ) as IbMeasure,
    );
  },
  'kurtosis-grows-with-depth-over-width': (l) =>
    l.split('; ').map((row) => {
      const [rho, slope, r2] = grab(row, /ρ ([-\d.]+), slope ([-\d.]+) \(R² ([-\d.]+)\)/);
      const quarter = [...row.matchAll(/([-\d.]+) \(exact ([\d.]+)\)/g)];
      return {
        rho,
        slope,
        r2,
        widths: slashed(/for n ([\d/]+):/.exec(row)![1]),
        top: quarter.map((m) => num(m[1])),
        topExact: quarter.map((m) => num(m[2])),
        gaussian: grab(row, /≤ ([\d.]+),/)[0],
        worst: grab(row, /exact\| ([\d.]+)/)[0],
      };
    }),
  'layer-lottery-init': (l) => {
    const arms = { dense: pm(l, 'dense'), layer: pm(l, 'layer-pruned'), filter: pm(l, 'filter-pruned') };
    const params = grab(l, /\((\d+) params\).*?\((\d+)\).*?\((\d+)\)/);
    const ratio = grab(l, /layer\/dense ([\d.]+)/)[0];
    return [0, 1, 2].map((i) => ({
      dense: { accuracy: arms.dense[i], parameters: params[0], seconds: 1 },
      layer: { accuracy: arms.layer[i], parameters: params[1], seconds: ratio },
      filter: { accuracy: arms.filter[i], parameters: params[2], seconds: 1 },
    }));
  },
  'lazy-neuron': (l) => {
    const rows = [...l.matchAll(/([\w-]+\/fc\d) ([\d.%/]+) → ([\d.%/]+)/g)];
    return [0, 1, 2].map((i) =>
      rows.map((m) => ({
        key: m[1],
        first: slashed(m[2].replace(/%/g, ''), 100)[i],
        last: slashed(m[3].replace(/%/g, ''), 100)[i],
      })),
    );
  },
  'lazy-plateau-at-k0-regression': (l) =>
    l.split('; ').map((row) => {
      const [k0Test, trainHit, testAtTrainHit, initialTest, kernelChange] = grab(
        row,
        /regression ([\d.]+), net at train-10% \(step (\d+)\) ([\d.]+) \([-+\d]+%\), initial ([\d.]+), .* at the end ([\d.]+)/,
      );
      return {
        steps: 3000,
        alphas: [{ k0Test, trainHit, testAtTrainHit, initialTest, kernelChange }],
      };
    }),
  'lmc-rewind-below-init': (l) =>
    [...l.matchAll(/rewind pair ([\d.]+) pt \(loss ([\d.]+)\), different inits ([\d.]+) pt \(loss ([\d.]+)\)/g)].map(
      (m) => ({ rewind: num(m[1]) / 100, rewindLoss: num(m[2]), init: num(m[3]) / 100, initLoss: num(m[4]) }),
    ),
  'modular-grokking-needs-weight-decay': (l) => {
    const rows = [
      ...l.matchAll(/wd (\d+) s(\d+): train 99% @(>?\d+) \(test (\d+|–)%\), test 95% @(>?\d+), final test (\d+)%/g),
    ];
    const step = (s: string) => (s.startsWith('>') ? null : num(s));
    const seeds = [...new Set(rows.map((m) => m[2]))];
    return seeds.map((seed) => ({
      steps: 1200,
      rows: rows
        .filter((m) => m[2] === seed)
        .map((m) => ({
          weightDecay: num(m[1]),
          memorized: step(m[3]),
          testAtMemorized: m[4] === '–' ? null : num(m[4]) / 100,
          generalized: step(m[5]),
          finalTest: num(m[6]) / 100,
        })),
    }));
  },
  'opposing-signals-anticorrelated': (l) =>
    l.split(/; (?=seed)/).map((row) => ({
      spikes: [...row.matchAll(/@(\d+) \(\+([\d.]+)\) r=([-\d.]+)/g)].map((m) => ({
        step: num(m[1]),
        rise: num(m[2]),
        correlation: num(m[3]),
      })),
      mean: grab(row, /mean r = ([-\d.]+)/)[0],
      nullMean: grab(row, /random groups: mean ([-\d.]+)/)[0],
      p: grab(row, /p = ([\d.]+)/)[0],
      finalLoss: grab(row, /final loss ([\d.]+)/)[0],
    })),
  'pfn-matches-gp': (l) => {
    const pairs = [
      /PFN ([-\d./]+), mean error ([-\d./]+);/,
      /prior ([-\d./]+), ([-\d./]+)/,
      /GP 2ℓ ([-\d./]+), ([-\d./]+)/,
      /GP ℓ\/2 ([-\d./]+), ([-\d./]+)/,
    ].map((re) =>
      re
        .exec(l)!
        .slice(1)
        .map((x) => slashed(x)),
    );
    const gp = slashed(/exact GP ([-\d./]+):/.exec(l)![1]);
    const steps = grab(l, /; (\d+) steps$/)[0];
    return gp.map((_, i) => ({
      nll: pairs[0][0][i],
      meanMse: pairs[0][1][i],
      priorNll: pairs[1][0][i],
      priorMeanMse: pairs[1][1][i],
      longGpNll: pairs[2][0][i],
      longGpMeanMse: pairs[2][1][i],
      shortGpNll: pairs[3][0][i],
      shortGpMeanMse: pairs[3][1][i],
      gpNll: gp[i],
      steps,
    }));
  },
  'adversarial-power-law': adversarialPowerLawSeeds,
  'adversarial-power-law-pgd': adversarialPowerLawSeeds,
  'adversarial-power-law-shuffled': adversarialPowerLawSeeds,
  'convergent-learning': (l) => {
    const sl = SLASHED;
    const layerRe = new RegExp(
      `layer \\d+: matched r ${sl} \\(seed SD [\\d.]+\\) vs untrained ${sl}, shuffled ${sl}; prediction ${sl}`,
      'g',
    );
    const layers = [...l.matchAll(layerRe)].map((m) => m.slice(1).map((v) => slashed(v)));
    const [high, low] = new RegExp(`First layer r ≥ 0.9: ${sl}, r ≤ 0.5: ${sl}`)
      .exec(l)!
      .slice(1)
      .map((v) => slashed(v));
    return high.map((_, i) => ({
      layers: layers.map(([trained, untrained, shuffled, predicted]) => ({
        trained: trained[i],
        untrained: untrained[i],
        shuffled: shuffled[i],
        predicted: predicted[i],
      })),
      high: high[i],
      low: low[i],
    }));
  },
  'convergent-many-to-many': (l) => {
    const sl = SLASHED;
    const layerRe = new RegExp(
      `layer \\d+: within ${sl} vs across ${sl}, mixed ${sl}; shuffled within ${sl} vs across ${sl}, mixed ${sl}`,
      'g',
    );
    const layers = [...l.matchAll(layerRe)].map((m) => m.slice(1).map((v) => slashed(v)));
    return layers[0][0].map((_, i) => ({
      layers: layers.map(([within, across, mixed, sWithin, sAcross, sMixed], l) => ({
        step: l + 1,
        trained: { within: within[i], across: across[i], mixed: mixed[i] },
        shuffled: { within: sWithin[i], across: sAcross[i], mixed: sMixed[i] },
      })),
    }));
  },
  'convergent-sparse-prediction': (l) => {
    const sl = SLASHED;
    const layerRe = new RegExp(
      `layer \\d+: λ ${sl}, ${sl} weights per unit, error ${sl} vs one-to-one ${sl}, shuffled ${sl}, all units ${sl}`,
      'g',
    );
    const layers = [...l.matchAll(layerRe)].map((m) => m.slice(1).map((v) => slashed(v)));
    return layers[0][0].map((_, i) => ({
      layers: layers.map(([lambda, nonzeros, error, oneToOne, shuffled, dense]) => ({
        lambda: lambda[i],
        nonzeros: nonzeros[i],
        error: error[i],
        oneToOne: oneToOne[i],
        shuffled: shuffled[i],
        dense: dense[i],
      })),
    }));
  },
  'nap-specification': (l) => {
    const cols = [
      /recall min ([\d./]+)/,
      /recall min [\d./]+ \(mean ([\d./]+)\)/,
      /precision min ([\d./]+)/,
      /precision min [\d./]+ \(mean ([\d./]+)\)/,
      /control: recall mean ([\d./]+)/,
      /control: recall mean [\d./]+, precision mean ([\d./]+)/,
      /covered ([\d./]+)/,
      /larger ε for ([\d./]+)/,
      /median ε ball ([\d./]+)/,
      /vs NAP ([\d./]+)\./,
    ].map((re) => slashed(re.exec(l)![1]));
    const keys = [
      'recallMin',
      'recallMean',
      'precisionMin',
      'precisionMean',
      'controlRecallMean',
      'controlPrecisionMean',
      'covered',
      'gain',
      'radiusBall',
      'radiusNap',
    ];
    return cols[0].map((_, i) => Object.fromEntries(keys.map((k, j) => [k, cols[j][i]])));
  },
  'patch-locality': (l) => {
    const [lsLt, gsGt, gsLt, lsGt] = [
      /local student on local teacher ([-\d./]+)/,
      /global on global ([-\d./]+)/,
      /global on local \(control\) ([-\d./]+)/,
      /local on global ([-\d./]+)/,
    ].map((re) => slashed(re.exec(l)![1]));
    return [0, 1, 2].map((i) => ({ lsLt: lsLt[i], gsGt: gsGt[i], gsLt: gsLt[i], lsGt: lsGt[i] }));
  },
  'pointer-hull': (l) => {
    const pc = (re: RegExp) => slashed(re.exec(l)![1].replace(/%/g, ''), 100);
    const cols = {
      exact10: pc(/exact10 ([\d.%/]+)/),
      starExact10: pc(/exact10 [\d.%/]+ vs baseline ([\d.%/]+)/),
      coverage10: pc(/coverage10 ([\d.%/]+)/),
      starCoverage10: pc(/coverage10 [\d.%/]+ vs baseline ([\d.%/]+)/),
      coverage20: pc(/coverage20 ([\d.%/]+)/),
      starCoverage20: pc(/coverage20 [\d.%/]+ vs baseline ([\d.%/]+)/),
      exact15: pc(/n=15 exact ([\d.%/]+)/),
      coverage15: pc(/, coverage ([\d.%/]+), n=20/),
      exact20: pc(/n=20 exact ([\d.%/]+)/),
    };
    const steps = grab(l, /; (\d+) steps$/)[0];
    return [0, 1, 2].map((i) => ({ ...Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v[i]])), steps }));
  },
  'pointer-sort-length-10': (l) => {
    const pc = (n: number) => slashed(new RegExp(`n=${n} ([\\d.%/]+)`).exec(l)![1].replace(/%/g, ''), 100);
    const steps = grab(l, /; (\d+) steps$/)[0];
    return [0, 1, 2].map((i) => ({ exact10: pc(10)[i], exact15: pc(15)[i], exact20: pc(20)[i], steps }));
  },
  'presets-full-width-learn': (l) =>
    l.split(/; (?=seed)/).map((row) =>
      [...row.matchAll(/(\w+) ([-\d.]+)→([-\d.]+)/g)].map((m) => ({
        name: m[1],
        losses: [num(m[2]), num(m[2]), num(m[2]), num(m[2]), num(m[3])],
      })),
    ),
  'random-features-beat-mlp': (l) => {
    const targets = ['keys-quadratic', 'query-key'];
    const cells = targets.map((t) => [
      ...new RegExp(`${t}: ([^;]+)`).exec(l)![1].matchAll(/n=(\d+) ([\d.]+) vs ([\d.]+) \(2·SD ([\d.]+)\)/g),
    ]);
    const sizes = cells[0].map((m) => num(m[1]));
    return [0, 1, 2].map((i) => ({
      sizes,
      targets: Object.fromEntries(
        targets.map((t, ti) => [
          t,
          {
            attention: cells[ti].map((m) => triple(num(m[2]), num(m[4]) / 2)[i]),
            mlp: cells[ti].map((m) => triple(num(m[3]), num(m[4]) / 2)[i]),
          },
        ]),
      ),
    }));
  },
  'bandlimited-plateau': (l) =>
    l.split('; ').map((seedLine) => {
      const errors: Record<number, number[]> = {};
      for (const m of seedLine.matchAll(/A=(\d+): ([\d.e-]+)→([\d.e-]+)/g)) errors[num(m[1])] = [num(m[2]), num(m[3])];
      return { widths: [], errors };
    }),
  'snnk-fifth-params': (l) =>
    [
      ...l.matchAll(
        /baseline ([\d.]+)% \((\d+) params\); best SNNK ≤ \d+ params: ([\w-]+) ([\d.]+)% \((\d+)\)(?: FAIL)?; best MLP in budget ([\d.]+)%/g,
      ),
    ].map((m) => ({
      points: {
        // The in-budget MLP's parameter count is not printed; any count within the budget reads the same.
        mlp: [
          { params: num(m[2]), acc: num(m[1]) / 100 },
          { params: 1, acc: num(m[6]) / 100 },
        ],
        snnk: [],
        'bundled-gd': [],
        'bundled-closed': [],
        [m[3]]: [{ params: num(m[5]), acc: num(m[4]) / 100 }],
      },
    })),
  'snnk-closed-form': (l) =>
    l.split('; ').map((seedLine) => {
      const gaps = [...seedLine.matchAll(/m=\d+ ([+-]?[\d.]+)/g)].map((m) => num(m[1]) / 100);
      return {
        points: {
          mlp: [],
          snnk: [],
          'bundled-gd': gaps.map(() => ({ params: 0, acc: 0.5 })),
          'bundled-closed': gaps.map((g) => ({ params: 0, acc: 0.5 + g })),
        },
      };
    }),
  'random-pruning-width': (l) => {
    const rows = [
      ...l.matchAll(/w=(\d+) ([-\d.]+)±([\d.]+) pt \(dense ([\d.]+)±([\d.]+)%, sparse ([\d.]+)±([\d.]+)%\)/g),
    ];
    const pairs = rows.map((m) => {
      const [, sg, d, sd, s, ss] = m.slice(2).map((x) => num(x) / 100);
      const [dense, sparse] = paired(d, sd, s, ss, sg);
      return { dense, sparse };
    });
    return [0, 1, 2].map((i) => ({
      widths: rows.map((m) => num(m[1])),
      dense: pairs.map((p) => p.dense[i]),
      sparse: pairs.map((p) => p.sparse[i]),
    }));
  },
  'random-search-null': (l) => {
    const parts = l.split('; ').filter((p) => / units:/.test(p));
    const ds = parts.map((p) => ({
      plain: pm(p, 'search gain'),
      planted: pm(p, 'mask gain'),
      picked: grab(p, /picked on (\d+)\//)[0],
    }));
    return [0, 1, 2].map((i) =>
      ds.map((d) => ({ plain: d.plain[i], planted: d.planted[i], pickedPlant: i < d.picked })),
    );
  },
  'random-teacher-student-beats-teacher': (l) =>
    [...l.matchAll(/teacher ([\d.]+)%, student ([\d.:% ]+) \(loss ([\d.]+)\)/g)].map((m) => ({
      teacher: num(m[1]) / 100,
      student: [...m[2].matchAll(/(\d+):([\d.]+)%/g)].map((p) => ({ step: num(p[1]), accuracy: num(p[2]) / 100 })),
      finalLoss: num(m[3]),
    })),
  'rf-more-is-better': rfMoreIsBetterSeeds,
  'rewind-steadies-small-init': (l) => {
    const [b0, bk, dense, a0, ak] = ['barrier k=0', 'k=100', 'dense', 'k=0 ticket', 'k=100 ticket'].map((label) =>
      pm(l, label),
    );
    return [0, 1, 2].map((i) => ({ dense: dense[i], k: 100, acc: [a0[i], ak[i]], barrier: [b0[i], bk[i]] }));
  },
  'sharpness-edge-of-stability': (l) => {
    const runs = [
      ...l.matchAll(/seed (\d+) η=([\d.]+) \(2\/η=[\d.]+\): sharpness ([\d.: ]+); [^;]*final loss ([\d.]+)/g),
    ];
    const seeds = [...new Set(runs.map((m) => m[1]))];
    return seeds.map((seed) =>
      runs
        .filter((m) => m[1] === seed)
        .map((m) => ({
          lr: num(m[2]),
          steps: 400,
          points: [...m[3].matchAll(/(\d+):([\d.]+)/g)].map((p) => ({ step: num(p[1]), sharpness: num(p[2]) })),
          finalLoss: num(m[4]),
        })),
    );
  },
  'slice-min-at-trained': (l) =>
    l.split('; seed').map((row) => {
      const [min, di, dj, trained, cornerMax] = grab(
        row,
        /min ([\d.]+) at cell offset \((-?\d+), (-?\d+)\), trained ([\d.]+), corner max ([\d.]+)/,
      );
      const [ci, cj, points, seconds] = grab(
        row,
        /min at \((-?\d+), (-?\d+)\) from its centre; (\d+) points in ([\d.]+) s/,
      );
      return { min, offset: [di, dj], trained, cornerMax, controlOffset: [ci, cj], points, seconds };
    }),
  'sort-length-8': (l) => {
    const pc = (re: RegExp) => slashed(re.exec(l)![1].replace(/%/g, ''), 100);
    const [token, blind, sequence] = [/accuracy ([\d.%/]+)/, /guess ([\d.%/]+)/, /whole-sequence ([\d.%/]+)/].map(pc);
    return [0, 1, 2].map((i) => ({ token: token[i], blind: blind[i], sequence: sequence[i] }));
  },
  'xor-benign-overfit-then-grok': (l) => {
    const [dim, trainSize, signal] = grab(l, /\(d (\d+), n (\d+), ‖μ‖ (\d+)\)$/);
    return [
      ...l.matchAll(
        /step 1 train ([\d.]+)% test ([\d.]+)% \(100% train first @(\d+|never)\); @(\d+) train ([\d.]+)% test ([\d.]+)% \(peak ([\d.]+)%\); flipped (kept|un-fitted)/g,
      ),
    ].map((m) => ({
      first: { step: 1, train: num(m[1]) / 100, test: num(m[2]) / 100, flippedFit: 1 },
      allFitted: m[3] === 'never' ? null : num(m[3]),
      last: { step: num(m[4]), train: num(m[5]) / 100, test: num(m[6]) / 100, flippedFit: 1 },
      peakTest: num(m[7]) / 100,
      flippedKept: m[8] === 'kept',
      dim,
      trainSize,
      signal,
    }));
  },
  'cka-guidance': (l) => {
    const [guided, unguided] = ['guided', 'unguided'].map((label) =>
      slashed(new RegExp(`: ${label === 'guided' ? '' : '[^;]*'}${label} ([-\\d./]+\\d)[,;]`).exec(l)![1]),
    );
    const [m, sd] = grab(l, /mean (-?[\d.]+) ± SD ([\d.]+) pt/);
    const [gapGuided, gapUnguided] = grab(l, /gap guided (-?[\d.]+) vs unguided (-?[\d.]+) pt/);
    // The seeds print to 0.1 pt: their differences are rescaled to the printed mean and SD.
    const d = guided.map((g, i) => g - unguided[i]);
    const dm = d.reduce((a, b) => a + b, 0) / d.length;
    const spread = Math.sqrt(d.reduce((a, x) => a + (x - dm) ** 2, 0) / Math.max(1, d.length - 1));
    return unguided.map((u, i) => {
      const guidedTest = u + m + (spread ? ((d[i] - dm) * sd) / spread : 0);
      return { guidedTest, guidedTrain: guidedTest + gapGuided, unguidedTest: u, unguidedTrain: u + gapUnguided };
    });
  },
  'cka-guidance-warm-start': (l) => {
    const [unguided, guided, warm] = ['unguided', 'guided', 'warm start'].map((label) =>
      slashed(new RegExp(`[:,] ${label} ([-\\d./]+\\d)[,;]`).exec(l)![1]),
    );
    return unguided.map((u, i) => ({ unguided: u, guided: guided[i], warm: warm[i] }));
  },
  'data-diet-el2n': (l) => {
    const [hard, random, full] = ['hardest by EL2N', 'random', 'full pool'].map((label) =>
      slashed(new RegExp(`${label} ([-\\d./]+\\d)`).exec(l)![1]),
    );
    return hard.map((h, i) => ({ hard: h, random: random[i], full: full[i] }));
  },
  'data-diet-noise-auroc': (l) => {
    const [el2n, grand, random] = ['EL2N', 'GraNd \\(last layer\\)', 'random scores'].map((label) =>
      slashed(new RegExp(`${label} ([-\\d./]+\\d)`).exec(l)![1]),
    );
    return el2n.map((e, i) => ({ el2n: e, grand: grand[i], random: random[i] }));
  },
  'rs2-beats-static': (l) => {
    const [rs2, random, el2n, full, reference] = [
      'RS2',
      'static random',
      'static EL2N',
      'full pool at equal steps',
      'full pool at 1/r× the steps',
    ].map((label) => slashed(new RegExp(`${label.replace(/[()]/g, '\\$&')} ([-\\d./]+\\d)`).exec(l)![1]));
    const tail = l.slice(l.lastIndexOf('accuracy: '));
    const [tRs2, tRandom, tEl2n, tFull] = ['RS2', 'static random', 'static EL2N', 'full pool'].map((label) =>
      new RegExp(`${label} ([\\w/]+)`)
        .exec(tail)![1]
        .split('/')
        .map((x) => (x === 'never' ? null : num(x))),
    );
    return rs2.map((_, i) => ({
      final: { rs2: rs2[i], random: random[i], el2n: el2n[i], full: full[i] },
      reference: reference[i],
      tta: { rs2: tRs2[i], random: tRandom[i], el2n: tEl2n[i], full: tFull[i] },
    }));
  },
  'ast-distilled-beats-real': (l) => {
    const [smoothed, plain, random] = [
      'distilled \\(smoothed experts\\)',
      'distilled \\(plain experts\\)',
      'random real',
    ].map((label) => slashed(new RegExp(`${label} ([-\\d./]+\\d)`).exec(l)![1]));
    return smoothed.map((v, i) => ({ smoothed: v, plain: plain[i], random: random[i], lossPlain: 0, lossSmoothed: 0 }));
  },
  'ast-smoothed-beats-plain': (l) => {
    const [lossSmoothed, lossPlain] = [/loss smoothed ([\d./]+\d)/, /vs plain ([\d./]+\d)/].map((re) =>
      slashed(re.exec(l)![1]),
    );
    const gain = slashed(/smoothed − plain ([-\d./]+\d) pt/.exec(l)![1]);
    // The rule reads the accuracies only through their difference.
    return gain.map((g, i) => ({
      smoothed: g,
      plain: 0,
      random: 0,
      lossPlain: lossPlain[i],
      lossSmoothed: lossSmoothed[i],
    }));
  },
  'relative-stitching': (l) => {
    const list = (re: RegExp) =>
      re
        .exec(l)![1]
        .replace(/\.$/, '') // the sentence's full stop after the last number
        .split('/')
        .map((v) => (v.endsWith('%') ? num(v.slice(0, -1)) / 100 : num(v)));
    const [relativeOwn, relativeStitched, relativeCka, absoluteOwn, absoluteStitched] = [
      /relative: own ([\d.%/]+)/,
      /relative: own [^,]+, stitched ([\d.%/]+)/,
      /CKA ([\d./]+);/,
      /absolute \(control\): own ([\d.%/]+)/,
      /absolute \(control\): own [^,]+, stitched ([\d.%/]+)/,
    ].map(list);
    return relativeOwn.map((_, i) => ({
      relativeOwn: relativeOwn[i],
      relativeStitched: relativeStitched[i],
      absoluteOwn: absoluteOwn[i],
      absoluteStitched: absoluteStitched[i],
      relativeCka: relativeCka[i],
    }));
  },
  'relative-knn-jaccard': (l) => {
    const [relative, absolute] = [/: relative ([\d./]+\d)/, /absolute \(control\) ([\d./]+\d)/].map((re) =>
      slashed(re.exec(l)![1]),
    );
    return relative.map((r, i) => ({ relative: r, absolute: absolute[i] }));
  },
  'elr-memorization': (l) => {
    // The first "CE …" and "ELR …" are the memorized shares; the test accuracies are named.
    const [ceMemorized, elrMemorized, cePeak, ceTest, elrTest] = ['CE', 'ELR', 'CE peak', 'CE last', 'ELR last'].map(
      (label) => slashed(new RegExp(`${label} ([-\\d./]+\\d)`).exec(l)![1]),
    );
    return ceMemorized.map((v, i) => ({
      ceMemorized: v,
      elrMemorized: elrMemorized[i],
      cePeak: cePeak[i],
      ceTest: ceTest[i],
      elrTest: elrTest[i],
    }));
  },
  'datadam-beats-random': (l) => {
    const [distilled, random] = ['distilled', 'random real'].map((label) =>
      slashed(new RegExp(`${label} ([-\\d./]+\\d)`).exec(l)![1]),
    );
    return distilled.map((d, i) => ({ distilled: d, random: random[i] }));
  },
  'datadam-beats-dm': (l) => {
    const [distilled, dm] = ['DataDAM', 'DM'].map((label) =>
      slashed(new RegExp(`${label} ([-\\d./]+\\d)`).exec(l)![1]),
    );
    return distilled.map((d, i) => ({ distilled: d, dm: dm[i] }));
  },
  'rfc-beats-erm-start': (l) => {
    const [ermIrm, rfcIrm, ermVrex, rfcVrex] = ['IRM', 'V-REx'].flatMap((method) => {
      const m = new RegExp(`${method} from ERM ([\\d./]+\\d), from RFC ([\\d./]+\\d)`).exec(l)!;
      return [slashed(m[1]), slashed(m[2])];
    });
    return ermIrm.map((e, i) => ({
      'erm irm': e,
      'rfc irm': rfcIrm[i],
      'erm vrex': ermVrex[i],
      'rfc vrex': rfcVrex[i],
    }));
  },
  'codebook-states': (l) => {
    const [validCodebook, validPlain, preciseShare, matched, random] = [
      /valid next tokens ([\d./]+\d) with/,
      /vs ([\d./]+\d) plain/,
      /precise code ([\d./]+\d)/,
      /target’s code ([\d./]+\d)/,
      /random code ([\d./]+\d)/,
    ].map((re) => slashed(re.exec(l)![1]));
    return validCodebook.map((v, i) => ({
      validCodebook: v,
      validPlain: validPlain[i],
      preciseShare: preciseShare[i],
      matched: matched[i],
      random: random[i],
    }));
  },
};

/** `actual` says what `expected` says: the same words, and each number within `ulps` of its last printed digit. */
function expectSameLine(actual: string, expected: string, ulps = 2): void {
  const words = (s: string) => s.split(NUMBER);
  expect(words(actual), actual).toEqual(words(expected));
  const [a, e] = [actual.match(NUMBER) ?? [], expected.match(NUMBER) ?? []];
  e.forEach((x, i) => {
    const digits = x.split('.')[1]?.length ?? 0;
    expect(Math.abs(num(a[i]) - num(x)), `number ${i} (${a[i]} vs stored ${x}) of: ${expected}`).toBeLessThanOrEqual(
      ulps * 10 ** -digits + 1e-9,
    );
  });
}

describe('the rules judge the stored numbers as the checks did', () => {
  it('has a rule and a reading of every stored record', () => {
    for (const r of records) {
      expect(rules.has(r.id), `rule of ${r.id}`).toBe(true);
      expect(FIXTURES[r.id], `fixture of ${r.id}`).toBeTypeOf('function');
    }
  });

  for (const r of records as CheckRecord[])
    it(`${r.id}: ${r.verdict}`, () => {
      const rule = rules.get(r.id) as Rule;
      const ms = FIXTURES[r.id](r.measured);
      expect(ms).toHaveLength(r.seeds.length);
      const judged = rule.judge(ms, r.seeds);
      expect(judged.pass ? 'PASS' : 'FAIL').toBe(r.verdict);
      expectSameLine(judged.measured, r.measured);
    });
});
