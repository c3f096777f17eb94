/**
 * Loss-landscape checks (`npm run verify -- landscape`; rules: rules/landscape.ts). The sharpness
 * and random-teacher checks run their experiment's setting through its runner and read the runs
 * as the experiment page does; the others run the GPU code of their own measurement here.
 */
import { disposeModel } from '../../gpu/nn.ts';
import { landscapeData } from '../landscape/data.ts';
import { filterNormalizedDirections } from '../landscape/directions.ts';
import { evaluatePoints } from '../landscape/evaluate-points.ts';
import { barrier, interpolate } from '../landscape/interpolation.ts';
import { buildMlp, buildNet } from '../landscape/nets.ts';
import { disposeAll, paramsOf, uploadLike } from '../landscape/params-io.ts';
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
import { uniformArray } from '../../gpu/rng.ts';
import { checkOf, type Check, type CheckEnv } from './check.ts';
import { intrinsicSweep } from '../landscape/intrinsic-sweep.ts';
import { measureOne } from './collect.ts';
import { measureSeeds, runSetting } from './run-setting.ts';
import {
  edgeOfStability,
  ID_FC,
  ID_LENET,
  idLr,
  intrinsicDim,
  intrinsicLenet,
  lmcRewind,
  minimumOffset,
  opposingSignals,
  OS,
  planeMeasure,
  randomTeacher,
  SIZES,
  SLICE_SHIFT,
  SLICE_STEPS,
  sliceMinimum,
  type IntrinsicMeasure,
  type IntrinsicSetting,
  type LmcMeasure,
  type OpposingMeasure,
  type SharpnessMeasure,
  type SliceMeasure,
} from './rules/landscape.ts';

async function slices(env: CheckEnv): Promise<SliceMeasure[]> {
  const data = await env.dataset('mnist');
  const res = 15;
  const axis = linspace(-1, 1, res);
  const coords = axis.flatMap((b) => axis.map((a) => [a, b] as const));
  const shifted = coords.map(([a, b]) => [a + SLICE_SHIFT, b] as const);
  const out: SliceMeasure[] = [];
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
      out.push({
        ...planeMeasure(r.loss.slice(0, coords.length), res),
        controlOffset: minimumOffset(r.loss.slice(coords.length), res),
        points: 2 * res * res,
        seconds,
      });
      env.log(sliceMinimum.judge([out.at(-1)!], [seed]).measured);
    } finally {
      disposeModel(model);
      ld.dispose();
    }
  }
  return out;
}

async function lmcBarriers(env: CheckEnv): Promise<LmcMeasure[]> {
  const data = await env.dataset('mnist');
  const p = lmcRewind.setting!.params;
  const alphas = linspace(0, 1, Number(p.points));
  const out: LmcMeasure[] = [];
  for (const seed of env.seeds) {
    const ld = landscapeData(env.gpu, data, SIZES, seed);
    const runs = await lmcRuns(ld, {
      hidden: p.hidden as number[],
      steps: Number(p.steps),
      rewind: Number(p.rewind),
      runs: 2,
      batch: Number(p.batch),
      lr: Number(p.lr),
      seed,
    });
    try {
      const line = (i: number, j: number) =>
        interpolate(runs[0].model, ld.evalSet, runs[i].theta, runs[j].theta, alphas);
      const same = await line(0, 1);
      const diff = await line(2, 3);
      out.push({
        rewind: barrier(same.error),
        init: barrier(diff.error),
        rewindLoss: barrier(same.loss),
        initLoss: barrier(diff.loss),
      });
      env.log(lmcRewind.judge([out.at(-1)!], [seed]).measured);
    } finally {
      runs.forEach((r) => disposeModel(r.model));
      ld.dispose();
    }
  }
  return out;
}

/** One intrinsic-dimension sweep per seed. */
async function intrinsicSweeps(env: CheckEnv, kind: 'fc' | 'lenet', o: IntrinsicSetting): Promise<IntrinsicMeasure[]> {
  const data = await env.dataset('mnist');
  const out: IntrinsicMeasure[] = [];
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
      out.push({ dense: r.dense, runs: r.runs, dInt90: r.dInt90 });
    } finally {
      ld.dispose();
    }
  }
  return out;
}

/** Each seed's run at each learning rate of the rule, through the sharpness experiment's runner. */
async function sharpnessRuns(env: CheckEnv): Promise<SharpnessMeasure[]> {
  const out: SharpnessMeasure[] = [];
  for (const seed of env.seeds) {
    const runs: SharpnessMeasure = [];
    for (const lr of edgeOfStability.setting!.eachOf!.lr)
      runs.push(...measureOne(edgeOfStability, await runSetting(env, edgeOfStability, seed, { lr })));
    env.log(edgeOfStability.judge([runs], [seed]).measured);
    out.push(runs);
  }
  return out;
}

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

async function opposing(env: CheckEnv): Promise<OpposingMeasure[]> {
  const data = await env.dataset('mnist');
  const out: OpposingMeasure[] = [];
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
      out.push({ spikes: groups, mean, nullMean: control.mean, p: control.p, finalLoss: t.mean[OS.steps - 1] });
      env.log(opposingSignals.judge([out.at(-1)!], [seed]).measured);
    } finally {
      disposeModel(model);
      ld.dispose();
    }
  }
  return out;
}

export const checks: Check[] = [
  checkOf(sliceMinimum, slices),
  checkOf(lmcRewind, lmcBarriers),
  checkOf(intrinsicDim, (env) => intrinsicSweeps(env, 'fc', ID_FC)),
  checkOf(intrinsicLenet, (env) => intrinsicSweeps(env, 'lenet', ID_LENET)),
  checkOf(edgeOfStability, sharpnessRuns),
  checkOf(opposingSignals, opposing),
  checkOf(randomTeacher, (env) => measureSeeds(env, randomTeacher, (name) => name.startsWith('probe/'))),
];
