/**
 * The lazy-rich family's checks (rules: rules/lazy-rich.ts). Most run their experiment's setting
 * through its runner, one run per seed, and read the runs as the experiment page does; the
 * criticality checks run just the ensembles they read (the curve points and the kurtosis sweep,
 * not the experiment's phase grid), on the same draws.
 */
import {
  CRITICAL,
  curvePoints,
  ensembleStats,
  kurtosis,
  kurtosisDepth,
  kurtosisWidths,
  predict,
  reluKurtosis,
  type Act,
} from '../experiments/lazy-rich/criticality.ts';
import { checkOf, type Check, type CheckEnv } from './check.ts';
import { measureSeeds } from './run-setting.ts';
import {
  connectivityAligned,
  connectivityRank,
  criticalityVariance,
  curveMeasure,
  CURVE_TAGS,
  CRITICAL_CW,
  grokDelayGrows,
  kurtosisDepthOverWidth,
  kurtosisMeasure,
  lazyPlateau,
  modularGrokking,
  xorBenign,
  type CriticalityMeasure,
} from './rules/lazy-rich.ts';

/** Drains an experiment generator and returns its result. */
async function drain<T>(gen: AsyncGenerator<unknown, T>): Promise<T> {
  for (;;) {
    const r = await gen.next();
    if (r.done) return r.value;
  }
}

const param = (p: Record<string, unknown>, k: string): number => Number(p[k]);

/** Each seed's curve points for ReLU and tanh at the variance check's ensemble size. */
async function curves(env: CheckEnv): Promise<CriticalityMeasure[]> {
  const p = criticalityVariance.setting!.params;
  const [depth, width, ensemble] = [param(p, 'depth'), param(p, 'width'), param(p, 'ensemble')];
  const out: CriticalityMeasure[] = [];
  for (const seed of env.seeds) {
    const m: CriticalityMeasure = {};
    for (const a of ['relu', 'tanh'] as const) {
      if (CRITICAL[a].cw !== CRITICAL_CW[a]) throw new Error(`the rule's critical C_W of ${a} is not criticality.ts's`);
      const pts = curvePoints(a);
      if (pts.some((c, i) => c.tag !== CURVE_TAGS[i]))
        throw new Error("the rule's curve tags are not criticality.ts's");
      const spec = { activation: a as Act, depth, width, ensemble, inputs: 2, tangents: true, seed };
      const st = await drain(
        ensembleStats(
          env.gpu,
          spec,
          pts.map((c) => c.p),
          async () => {},
        ),
      );
      m[a] = pts.map(({ p: point }, i) =>
        curveMeasure({
          K: st.K[i],
          predicted: predict(a, point, depth).K,
          jacobianGrowth: st.T[i][depth - 1] / st.T[i][0],
        }),
      );
      env.log(`criticality ${a} seed ${seed} done`);
    }
    out.push(m);
  }
  return out;
}

/** Each seed's kurtosis sweep at criticality, at the widths and depths the experiment runs. */
async function kurtoses(env: CheckEnv) {
  const p = kurtosisDepthOverWidth.setting!.params;
  const out = [];
  for (const seed of env.seeds) {
    const series = [];
    for (const n of kurtosisWidths(param(p, 'width'))) {
      const depth = kurtosisDepth(n, param(p, 'depth'));
      const st = await drain(
        ensembleStats(
          env.gpu,
          {
            activation: 'relu',
            depth,
            width: n,
            ensemble: param(p, 'kurtosisInits'),
            inputs: 1,
            tangents: false,
            seed,
          },
          [CRITICAL.relu],
          async () => {},
        ),
      );
      const k = kurtosis(st, 0);
      series.push({ n, kurtosis: k, exact: k.map((_, l) => reluKurtosis(n, l + 1)) });
    }
    const m = kurtosisMeasure(series);
    env.log(`kurtosis seed ${seed}: ρ ${m.rho.toFixed(2)}, slope ${m.slope.toFixed(1)}`);
    out.push(m);
  }
  return out;
}

const sweepDelay = (name: string) => name === 'sweep/grok-delay';

export const checks: Check[] = [
  checkOf(grokDelayGrows, (env) => measureSeeds(env, grokDelayGrows, sweepDelay)),
  checkOf(lazyPlateau, (env) => measureSeeds(env, lazyPlateau)),
  checkOf(xorBenign, (env) => measureSeeds(env, xorBenign)),
  checkOf(modularGrokking, async (env) => {
    // Weight decay 1 on every seed, then the control, weight decay 0, on the same seeds.
    const [withWd, without] = [
      await measureSeeds(env, modularGrokking, () => false, { weightDecay: 1 }),
      await measureSeeds(env, modularGrokking, () => false, { weightDecay: 0 }),
    ];
    return withWd.map((m, k) => ({ steps: m.steps, rows: [...m.rows, ...without[k].rows] }));
  }),
  // Both connectivity checks read the same runs (run-setting.ts keeps them for the second).
  checkOf(connectivityRank, (env) => measureSeeds(env, connectivityRank)),
  checkOf(connectivityAligned, (env) => measureSeeds(env, connectivityAligned)),
  checkOf(criticalityVariance, curves),
  checkOf(kurtosisDepthOverWidth, kurtoses),
];
