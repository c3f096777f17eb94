/**
 * Rule of the More-is-Better check (#30, rf-ridge): the λ-tuned risk of random-feature ridge
 * regression never rises at a doubling of F or n.
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed, mean, ok, std } from '../format.ts';
import type { Rule, RunData } from '../rule.ts';

// ——— More is better: random-feature ridge regression (rf-ridge, #30) ———

// Seed 1 chose the setting (docs/check-settings.md#rf-more-is-better): every tuned optimum sits
// inside the 13-point λ grid, F reaches 4n at the largest n = 512, and one seed takes ~80 s on
// SwiftShader at a load of 25 with the stacked ridge solve.
const RF = {
  dataset: 'mnist',
  trainSizes: [32, 64, 128, 256, 512],
  testSize: 1000,
  features: [16, 32, 64, 128, 256, 512, 1024, 2048],
  lambdaMin: 1e-6,
  lambdaMax: 10,
  lambdas: 13,
} satisfies ParamValues;

/** One seed's rf-ridge run: per training-set size n (rows) and feature count F (columns). */
export interface RfMeasure {
  sizes: number[];
  features: number[];
  /** Test risk at the λ tuned for each (F, n), the train risk at that λ, and the risk at the smallest λ. */
  tuned: number[][];
  train: number[][];
  ridgeless: number[][];
}

/** The sizes n of a run's series `<prefix> n=<n>`, ascending. */
function sizesOf(run: RunData, prefix: string): number[] {
  return Object.keys(run.metrics)
    .filter((k) => k.startsWith(`${prefix} n=`))
    .map((k) => Number(k.slice(prefix.length + 3)))
    .sort((a, b) => a - b);
}

/** The series `<prefix> n=<n>` at each of `features` (NaN where a point is missing). */
function grid(run: RunData, prefix: string, sizes: number[], features: number[]): number[][] {
  return sizes.map((n) => {
    const s = run.metrics[`${prefix} n=${n}`];
    return features.map((f) => (s ? (s.values[s.steps.indexOf(f)] ?? NaN) : NaN));
  });
}

/** The tuned, train and ridgeless risks of a finished rf-ridge run; null until it is done. */
export function rfMeasure(run: RunData): RfMeasure | null {
  if (!run.summary) return null;
  const sizes = sizesOf(run, 'tuned/risk');
  const features = [...new Set(run.metrics[`tuned/risk n=${sizes[0]}`]?.steps ?? [])].sort((a, b) => a - b);
  if (!sizes.length || features.length < 2) return null;
  return {
    sizes,
    features,
    tuned: grid(run, 'tuned/risk', sizes, features),
    train: grid(run, 'tuned/train-risk', sizes, features),
    ridgeless: grid(run, 'ridgeless/risk', sizes, features),
  };
}

/**
 * One doubling (of F at fixed n, or of n at fixed F): each seed's rise of a risk across it, as
 * ln(after / before), since risks vary multiplicatively.
 */
interface Step {
  what: string;
  rise: number[];
}

const logRise = (after: number, before: number) => Math.log(after / before);

/** Every doubling of F at each n, and of n at each F, present in both grids' axes. */
function doublings(ms: readonly RfMeasure[], of: (m: RfMeasure) => number[][]): Step[] {
  const m = ms[0];
  const out: Step[] = [];
  const at = (k: number, i: number, j: number) => of(ms[k])[i][j];
  m.sizes.forEach((n, i) =>
    m.features.forEach((f, j) => {
      const jf = m.features.indexOf(2 * f);
      if (jf >= 0)
        out.push({ what: `F ${f}→${2 * f} at n=${n}`, rise: ms.map((_, k) => logRise(at(k, i, jf), at(k, i, j))) });
      const inn = m.sizes.indexOf(2 * n);
      if (inn >= 0)
        out.push({ what: `n ${n}→${2 * n} at F=${f}`, rise: ms.map((_, k) => logRise(at(k, inn, j), at(k, i, j))) });
    }),
  );
  return out;
}

/** A rise beyond the seed spread: the seed-mean log-rise exceeds twice the seeds' SD of it (a NaN rise counts). */
const risesBeyondSpread = (s: Step) => !(mean(s.rise) <= 2 * std(s.rise));

export const rfMoreIsBetter: Rule<RfMeasure> = {
  id: 'rf-more-is-better',
  paper:
    'Simon, Karkada, Ghosh & Belkin (2024), More is Better: for random-feature ridge regression with λ tuned for every (F, n), the test risk decreases monotonically in both the number of features F and of samples n, and near-optimal performance requires train error far below test error (overfitting is obligatory).',
  claim:
    `Random ReLU features on MNIST, n = ${RF.trainSizes.join(', ')} (nested), F = ${RF.features.join(', ')}, λ tuned on ${RF.lambdas} log-spaced points over ${RF.lambdaMin}…${RF.lambdaMax} × the mean eigenvalue, ` +
    'on each of 3 seeds (features, subsets and test set drawn per seed). Pass if at no doubling of F (at each n) and no doubling of n (at each F) the tuned test risk rises beyond the seed spread ' +
    '(seed-mean of ln(risk after / risk before) > 2 × the seeds’ SD of it), and at the largest F the train risk at the tuned λ is ≤ 0.5 × the test risk for every n on every seed (the catalogue’s bound). ' +
    'Control in the same runs: on every seed the ridgeless risk (at the smallest λ of the grid that float32 can factor) at least doubles at the doubling into F = n for the largest n (the interpolation peak), so the untuned risk does rise where the tuned one must not. ' +
    'Falsified if the tuned risk rises at any doubling, the train/test ratio exceeds 0.5, or the control shows no peak.',
  // Seeds 2–10 judged earlier versions of the control, which failed while the claim held every
  // time: the interpolation peak's seed spread swamped it (2–7), then the grid's smallest λ had no
  // float32 Cholesky factor at F = n (8, 9). They chose the control as it is; it is judged on fresh
  // seeds (docs/check-settings.md#rf-more-is-better).
  seeds: { tuned: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], judged: [11, 12, 13] },
  setting: { experiment: 'rf-ridge', params: RF },
  measure: (run) => {
    const m = rfMeasure(run);
    return m ? [{ seed: run.spec.seed, m }] : null;
  },
  judge(ms, seeds) {
    const m = ms[0];
    const tunedSteps = doublings(ms, (x) => x.tuned);
    const rising = tunedSteps.filter(risesBeyondSpread);
    const worst = tunedSteps.reduce((a, s) => (mean(s.rise) > mean(a.rise) ? s : a));
    const fLast = m.features.length - 1;
    const ratios = m.sizes.map((_, i) => ms.map((x) => x.train[i][fLast] / x.tuned[i][fLast]));
    const overfit = ratios.every((r) => r.every((v) => v <= 0.5));
    const nMax = m.sizes.length - 1;
    const peakAt = m.features.indexOf(m.sizes[nMax]);
    const peak: Step | null =
      peakAt > 0
        ? {
            what: `F ${m.features[peakAt - 1]}→${m.features[peakAt]} at n=${m.sizes[nMax]}`,
            rise: ms.map((x) => logRise(x.ridgeless[nMax][peakAt], x.ridgeless[nMax][peakAt - 1])),
          }
        : null;
    // Per seed: the peak's height is set by K's smallest eigenvalues at F = n and is heavy-tailed
    // (seeds 2–7: ×13 to ×1300), so a seed spread of it says nothing about whether it is there.
    const control = peak !== null && peak.rise.every((r) => r > Math.LN2);
    const curve = (x: number[]) => x.map((v) => v.toFixed(3)).join(' ');
    // A log-rise as a percentage change of the risk.
    const pc = (r: number) => `${r >= 0 ? '+' : ''}${(100 * Math.expm1(r)).toFixed(1)}%`;
    const spread = (st: Step) => `${pc(mean(st.rise))} (ln ${mean(st.rise).toFixed(3)}±${std(st.rise).toFixed(3)})`;
    const tunedLines = m.sizes.map(
      (n, i) => `n=${n}: ${curve(m.features.map((_, j) => mean(ms.map((x) => x.tuned[i][j]))))}`,
    );
    return {
      pass: rising.length === 0 && overfit && control,
      measured:
        `seeds ${seeds.join(', ')}; seed-mean tuned test risk at F = ${m.features.join(', ')}: ${tunedLines.join('; ')}. ` +
        `Doublings with a rise beyond the spread: ${rising.length} of ${tunedSteps.length} ${ok(rising.length === 0)}` +
        `${rising.length ? ` (${rising.map((st) => `${st.what} ${spread(st)}`).join(', ')})` : ''}; ` +
        `largest mean change ${worst.what} ${spread(worst)}. ` +
        `Train/test risk at the tuned λ, F=${m.features[fLast]}: ${m.sizes.map((n, i) => `n=${n} ${fixed(ratios[i], 2)}`).join(', ')} ${ok(overfit)} (≤ 0.5). ` +
        `Control, ridgeless risk ${
          peak
            ? `${peak.what}: ${fixed(
                ms.map((x) => x.ridgeless[nMax][peakAt - 1]),
                2,
              )} → ${fixed(
                ms.map((x) => x.ridgeless[nMax][peakAt]),
                2,
              )}, ×${fixed(peak.rise.map(Math.exp), 1)} (each ≥ ×2)`
            : `(F = ${m.sizes[nMax]} not in the sweep)`
        } ${ok(control)}.`,
    };
  },
};
