/**
 * Rule of the patch-kernel locality check (#5, patch-kernels): a local student learns a local
 * teacher with a larger learning-curve exponent than a global one.
 */
import type { ParamValues } from '../../experiment.ts';
import { fixed, mean, std } from '../format.ts';
import type { Measured, Rule, RunData } from '../rule.ts';

/** One measurement from the summary of a run of one seed; null before the run has ended. */
function fromSummary<M>(read: (s: Readonly<Record<string, number | string>>) => M) {
  return (run: RunData): Measured<M>[] | null => (run.summary ? [{ seed: run.spec.seed, m: read(run.summary) }] : null);
}

// n = 16 … 1,024 at d = 8 with 512 test points and 6 draws per seed: about 2–2.5 min per seed on
// a loaded SwiftShader with k-linalg's Cholesky. Chosen on seeds 1–4 (β spread there 5.5% / 7.4%); the
// first setting (n ≤ 256, 128 test points, 4 draws) failed the ±15% spread on seeds 2–4, and those
// seeds are no longer held out. Every seed's numbers: docs/check-settings.md#patch-locality.
const PATCH = {
  dimension: 8,
  studentPatch: 2,
  teacherPatch: 2,
  base: 'laplace',
  lengthScale: 1,
  sizes: [16, 32, 64, 128, 256, 512, 1024],
  testSize: 512,
  draws: 6,
  features: 1024,
  ridge: 1e-5,
} satisfies ParamValues;

/** The fitted exponents of one seed's run (summary keys beta_<pair>). */
export interface PatchBetas {
  lsLt: number;
  lsGt: number;
  gsLt: number;
  gsGt: number;
}

/** The catalogue's margin: a local teacher's exponent is ≥ 1.5× a global one's (the theory: d/s = 4×). */
const LOCALITY_RATIO = 1.5;
/** The catalogue's stability: each compared exponent within ±15% across seeds (seed SD / mean). */
const STABILITY = 0.15;

export const patchLocality: Rule<PatchBetas> = {
  id: 'patch-locality',
  paper:
    'Favero, Cagnetta & Wyart (2021, arXiv 2106.08619; 2022, arXiv 2208.01003): in kernel teacher–student regression with ' +
    'patch (locally connected) kernels, the learning-curve exponent is β = α/s for a teacher patch t ≤ the student patch s — ' +
    'set by the student’s locality, independent of the input dimension d — so locality beats the curse of dimensionality.',
  claim:
    `Laplace patch kernels (α = 1) on inputs uniform in [0, 1]^${PATCH.dimension}, ridgeless (ridge ${PATCH.ridge}), n = ${PATCH.sizes.join(', ')}, ` +
    `${PATCH.testSize} test points, ${PATCH.draws} draws per seed; β fitted on log–log over n ≥ ${PATCH.sizes[1]}. On every seed: the local ` +
    `student (s = 2) learns the local teacher (t = 2) with β ≥ ${LOCALITY_RATIO}× the global student's β on the global teacher ` +
    `(t = s = d; theory 1/2 vs 1/8), and — the control in the same run — ≥ ${LOCALITY_RATIO}× the global student's β on the same ` +
    `local teacher (theory 1/8: it is the student's locality that pays). Both compared exponents are stable across seeds to ` +
    `±${100 * STABILITY}% (seed SD / mean). Falsified if any ratio falls below ${LOCALITY_RATIO} on any seed, or a spread exceeds ${100 * STABILITY}%.`,
  seeds: { tuned: [1, 2, 3, 4], judged: [5, 6, 7] },
  setting: {
    experiment: 'patch-kernels',
    params: PATCH,
    beyond:
      'Teachers are random-Fourier-feature samples of the Gaussian fields (exact covariance), not Cholesky samples.',
  },
  measure: fromSummary((s) => ({
    lsLt: Number(s['beta_ls-lt']),
    lsGt: Number(s['beta_ls-gt']),
    gsLt: Number(s['beta_gs-lt']),
    gsGt: Number(s['beta_gs-gt']),
  })),
  one(m) {
    const pass = m.lsLt >= LOCALITY_RATIO * m.gsGt && m.lsLt >= LOCALITY_RATIO * m.gsLt;
    return {
      pass,
      measured: `β local/local ${m.lsLt.toFixed(3)}, global/global ${m.gsGt.toFixed(3)}, global/local ${m.gsLt.toFixed(3)}, local/global ${m.lsGt.toFixed(3)} (ratios ≥ ${LOCALITY_RATIO} needed)`,
    };
  },
  judge(ms) {
    const col = (k: keyof PatchBetas) => ms.map((m) => m[k]);
    const [ll, gg, gl, lg] = [col('lsLt'), col('gsGt'), col('gsLt'), col('lsGt')];
    const spread = (v: number[]) => std(v) / Math.abs(mean(v));
    const ratios = ms.map((m) => Math.min(m.lsLt / m.gsGt, m.lsLt / m.gsLt));
    const pass =
      ms.every((m) => m.lsLt >= LOCALITY_RATIO * m.gsGt && m.lsLt >= LOCALITY_RATIO * m.gsLt) &&
      spread(ll) <= STABILITY &&
      spread(gg) <= STABILITY;
    return {
      pass,
      measured:
        `β (theory 0.5 / 0.125 / 0.125 / 0): local student on local teacher ${fixed(ll, 3)}, global on global ${fixed(gg, 3)}, ` +
        `global on local (control) ${fixed(gl, 3)}, local on global ${fixed(lg, 3)}; smallest ratio per seed ${fixed(ratios, 2)} ` +
        `(threshold ${LOCALITY_RATIO}); seed spread ${(100 * spread(ll)).toFixed(1)}% / ${(100 * spread(gg)).toFixed(1)}% (threshold ${100 * STABILITY}%)`,
    };
  },
};
