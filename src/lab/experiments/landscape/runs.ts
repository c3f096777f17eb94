/**
 * The loss-landscape experiments as RunEvent streams. Landscapes travel as 'heatmap' snapshots
 * the landscape views read by name:
 *   plane/loss, plane/accuracy  [res, res], row = β index, column = α index
 *   plane/axes                  [2, res]: the α values, then the β values
 *   plane/trajectory            [n, 2]: (α, β) of each checkpoint, last = trained point
 *   plane/points                [3, 2]: (α, β) of the three checkpoints a 'checkpoints' plane passes through; labels = their names
 *   line/<name>                 [3, n]: α, loss, error along a straight line; labels[0] = title
 *   barriers                    [n, n]: test-error barrier between runs i and j; labels = run names
 *   intrinsic-dim               [3, n]: d, test accuracy, train loss per subspace run; labels[0] = dense accuracy
 *   outliers/<opt>/traces       [2·spikes, 2w+1]: mean loss of the rising, then falling group of each spike over
 *                               steps s−w … s+w; labels = one caption per spike, then 'from:<s−w>' per spike
 * and 'gallery' snapshots outliers/<opt>/images [2k·spikes, h, w, c]: each spike's k rising, then k falling examples.
 */
import type { ExperimentRun, RunContext, RunEvent, RunSpec, Snapshot } from '../../experiment.ts';
import { groupTrace, opposingGroups, perExampleTrace, randomTeacherRun } from '../../landscape-signals.ts';
import { seededSubset } from '../../datasets.ts';
import { disposeModel, parameterCount, type Module } from '../../../gpu/nn.ts';
import {
  barrier,
  buildMlp,
  diff,
  disposeAll,
  evaluatePoints,
  filterNormalizedDirections,
  gradientDescentSharpness,
  interpolate,
  landscapeData,
  linspace,
  paramsOf,
  planeCoords,
  trainModel,
  trainSubspace,
  threePointPlane,
  trajectoryPca,
  uploadLike,
  writeFlat,
  type LandscapeData,
} from '../../landscape.ts';
import { evaluate } from '../../train.ts';
import { buildNet } from '../../landscape-lenet.ts';
import { defineRun } from '../../declare.ts';
import { landscapeSlice } from './landscape-slice.experiment.ts';
import { landscapeLmc } from './landscape-lmc.experiment.ts';
import { landscapeIntrinsicDim } from './landscape-intrinsic-dim.experiment.ts';
import { landscapeSharpness } from './landscape-sharpness.experiment.ts';
import { landscapeOutliers } from './landscape-outliers.experiment.ts';
import { landscapeRandomTeacher } from './landscape-random-teacher.experiment.ts';

const heatmap = (
  name: string,
  shape: number[],
  data: ArrayLike<number>,
  step: number,
  labels?: string[],
): RunEvent => ({
  type: 'snapshot',
  snapshot: {
    kind: 'heatmap',
    name,
    step,
    shape,
    data: Float32Array.from(data),
    ...(labels ? { labels } : {}),
  } satisfies Snapshot,
});

/** Events produced by callbacks inside an awaited helper, yielded live while it runs. */
class Outbox {
  private events: RunEvent[] = [];
  private wake: (() => void) | null = null;
  push(e: RunEvent): void {
    this.events.push(e);
    this.wake?.();
  }
  /** Yields pushed events until `work` settles, then returns its value. */
  async *during<T>(work: Promise<T>): AsyncGenerator<RunEvent, T> {
    let settled = false;
    const done = work.finally(() => {
      settled = true;
      this.wake?.();
    });
    done.catch(() => undefined);
    for (;;) {
      while (this.events.length) yield this.events.shift()!;
      if (settled) return await done;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

async function setup(
  ctx: RunContext,
  spec: RunSpec,
  sizes: { train: number; eval: number; test: number },
): Promise<LandscapeData> {
  const data = await ctx.dataset(String(spec.params.dataset));
  return landscapeData(ctx.gpu, data, sizes, spec.seed);
}

function progress(ctx: RunContext, step: number, total: number, examples: number): RunEvent {
  const s = Math.max(ctx.elapsed(), 1e-9);
  return {
    type: 'progress',
    step,
    total,
    examplesPerSecond: examples / s,
    etaSeconds: step > 0 ? (s / step) * (total - step) : 0,
  };
}

async function* slice(ctx: RunContext, spec: RunSpec): AsyncGenerator<RunEvent> {
  const p = spec.params;
  const steps = Number(p.steps);
  const res = Number(p.resolution);
  const batch = Number(p.batch);
  const evalSize = Number(p.evalSize);
  const ld = await setup(ctx, spec, { train: Number(p.trainSize), eval: evalSize, test: 1 });
  const model = buildMlp(ctx.gpu, ld.inputs, p.hidden as number[], ld.classes, spec.seed);
  const params = paramsOf(model);
  const out = new Outbox();
  const total = steps + res * res + 25;
  try {
    yield {
      type: 'log',
      message: `MLP ${[ld.inputs, ...(p.hidden as number[]), ld.classes].join('-')} (${parameterCount(model)} parameters), ${ld.train.count} training examples; landscape on ${ld.evalSet.count}`,
    };
    const every = Math.max(1, Math.round(steps / Number(p.checkpoints)));
    const cks = yield* out.during(
      trainModel(model, ld.train, {
        steps,
        batch,
        lr: Number(p.lr),
        optimizer: 'sgd',
        momentum: 0.9,
        orderSeed: spec.seed,
        every,
        checkpoint: () => ctx.checkpoint(),
        onMetric: (step, loss, accuracy) => {
          out.push({ type: 'metric', name: 'train/loss', step, value: loss });
          out.push({ type: 'metric', name: 'train/accuracy', step, value: accuracy });
          out.push(progress(ctx, step, total, step * batch));
        },
      }),
    );
    const thetas = cks.map((c) => c.theta);
    const star = thetas[thetas.length - 1];

    // 1-D: initialization (α = 0) to trained (α = 1), a little beyond both.
    // 25 points put α = 0 and α = 1 on the grid (step 1/16).
    const alphas = linspace(-0.25, 1.25, 25);
    const line = await interpolate(model, ld.evalSet, thetas[0], star, alphas, { checkpoint: () => ctx.checkpoint() });
    yield heatmap('line/init-trained', [3, alphas.length], [...alphas, ...line.loss, ...line.error], steps, [
      'initialization (α = 0) → trained (α = 1)',
    ]);

    // 2-D plane through the trained point.
    const base = uploadLike(params, star);
    let u: Float32Array;
    let v: Float32Array;
    let dirs;
    let explained = '';
    let mid = -1;
    if (p.directions === 'random') {
      dirs = filterNormalizedDirections(base, spec.seed);
      const flat = async (ts: typeof base): Promise<Float32Array> =>
        Float32Array.from((await Promise.all(ts.map((t) => t.read()))).flatMap((a) => [...a]));
      u = await flat(dirs.u);
      v = await flat(dirs.v);
    } else if (p.directions === 'checkpoints') {
      // The plane through initialization, the middle checkpoint and the trained weights.
      mid = Math.floor((thetas.length - 1) / 2);
      ({ u, v } = threePointPlane(star, thetas[0], thetas[mid]));
      dirs = { u: uploadLike(params, u), v: uploadLike(params, v) };
    } else {
      const pca = trajectoryPca(thetas);
      u = pca.u;
      v = pca.v;
      dirs = { u: uploadLike(params, u), v: uploadLike(params, v) };
      explained = ` (PCA explains ${(100 * pca.explained[0]).toFixed(1)}% + ${(100 * pca.explained[1]).toFixed(1)}% of the trajectory’s variance)`;
    }
    const traj = thetas.map((t) => planeCoords(diff(t, star), u, v));
    const span = Number(p.span);
    const range = (k: 0 | 1): [number, number] => {
      if (p.directions === 'random') return [-span, span];
      const xs = traj.map((c) => c[k]);
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      const pad = Math.max(hi - lo, 1e-3) * span * 0.5;
      return [lo - pad, hi + pad];
    };
    const as = linspace(...range(0), res);
    const bs = linspace(...range(1), res);
    const coords = bs.flatMap((b) => as.map((a) => [a, b] as const));
    const t0 = ctx.elapsed();
    let surface;
    try {
      surface = yield* out.during(
        evaluatePoints(model, ld.evalSet, { base, u: dirs.u, v: dirs.v }, coords, {
          checkpoint: () => ctx.checkpoint(),
          onChunk: (done) => out.push(progress(ctx, steps + 25 + done, total, steps * batch)),
        }),
      );
    } finally {
      disposeAll(base);
      disposeAll(dirs.u);
      disposeAll(dirs.v);
    }
    const seconds = ctx.elapsed() - t0;
    yield heatmap('plane/axes', [2, res], [...as, ...bs], steps);
    yield heatmap('plane/trajectory', [traj.length, 2], traj.flat(), steps);
    if (mid >= 0) {
      const marked = [0, mid, thetas.length - 1];
      yield heatmap(
        'plane/points',
        [3, 2],
        marked.flatMap((k) => traj[k]),
        steps,
        marked.map((k) =>
          k === 0 ? 'initialization' : k === mid ? `step ${cks[k].step}` : `trained, step ${cks[k].step}`,
        ),
      );
    }
    yield heatmap('plane/accuracy', [res, res], surface.accuracy, steps);
    yield heatmap('plane/loss', [res, res], surface.loss, steps);
    yield {
      type: 'log',
      message: `${res}×${res} plane on ${ld.evalSet.count} examples: ${seconds.toFixed(1)} s${explained}`,
    };
    writeFlat(params, star);
    let argmin = 0;
    surface.loss.forEach((l, i) => {
      if (l < surface.loss[argmin]) argmin = i;
    });
    yield {
      type: 'done',
      summary: {
        parameters: parameterCount(model),
        trainedLoss: line.loss[alphas.indexOf(1)],
        planeMinLoss: surface.loss[argmin],
        planeMinAlpha: coords[argmin][0],
        planeMinBeta: coords[argmin][1],
        planeSeconds: seconds,
        pointsPerSecond: (res * res) / Math.max(seconds, 1e-9),
      },
    };
  } finally {
    disposeModel(model);
    ld.dispose();
  }
}

/** Trains `count` networks; ‘rewind’ ones share a parent trained for `rewind` steps, ‘init’ ones each get their own seed. */
export async function lmcRuns(
  ld: LandscapeData,
  o: {
    hidden: number[];
    steps: number;
    rewind: number;
    runs: number;
    batch: number;
    lr: number;
    seed: number;
    checkpoint?: () => Promise<void>;
    onRun?: (done: number) => void;
  },
): Promise<Array<{ name: string; theta: Float32Array; model: Module }>> {
  const ctx = ld.train.ctx;
  const train = (model: Module, steps: number, orderSeed: number) =>
    trainModel(model, ld.train, {
      steps,
      batch: o.batch,
      lr: o.lr,
      optimizer: 'sgd',
      momentum: 0.9,
      orderSeed,
      every: steps,
      checkpoint: o.checkpoint,
    });
  // Copies built from the same seed share the initialization; with k > 0 they share the parent's θk.
  let rewound: Float32Array | null = null;
  if (o.rewind > 0) {
    const parent = buildMlp(ctx, ld.inputs, o.hidden, ld.classes, o.seed);
    rewound = (await train(parent, o.rewind, o.seed)).at(-1)!.theta;
    disposeModel(parent);
  }
  const runs: Array<{ name: string; theta: Float32Array; model: Module }> = [];
  for (let r = 0; r < o.runs; r++) {
    const model = buildMlp(ctx, ld.inputs, o.hidden, ld.classes, o.seed);
    if (rewound) writeFlat(paramsOf(model), rewound);
    // A different data order per copy; the momentum buffer restarts at the rewind point.
    const ck = await train(model, o.steps - o.rewind, o.seed * 1000 + 100 + r);
    runs.push({ name: `k=${o.rewind} #${r + 1}`, theta: ck.at(-1)!.theta, model });
    o.onRun?.(runs.length);
  }
  for (let r = 0; r < o.runs; r++) {
    const model = buildMlp(ctx, ld.inputs, o.hidden, ld.classes, o.seed * 1000 + 500 + r);
    const ck = await train(model, o.steps, o.seed * 1000 + 500 + r);
    runs.push({ name: `init #${r + 1}`, theta: ck.at(-1)!.theta, model });
    o.onRun?.(runs.length);
  }
  return runs;
}

async function* lmc(ctx: RunContext, spec: RunSpec): AsyncGenerator<RunEvent> {
  const p = spec.params;
  const runsPerGroup = Number(p.runs);
  const n = 2 * runsPerGroup;
  const pairs = (n * (n - 1)) / 2;
  const ld = await setup(ctx, spec, { train: Number(p.trainSize), eval: Number(p.evalSize), test: 1 });
  const out = new Outbox();
  let runs: Awaited<ReturnType<typeof lmcRuns>> = [];
  try {
    runs = yield* out.during(
      lmcRuns(ld, {
        hidden: p.hidden as number[],
        steps: Number(p.steps),
        rewind: Number(p.rewind),
        runs: runsPerGroup,
        batch: Number(p.batch),
        lr: Number(p.lr),
        seed: spec.seed,
        checkpoint: () => ctx.checkpoint(),
        onRun: (done) => out.push(progress(ctx, done, n + pairs, done * Number(p.steps) * Number(p.batch))),
      }),
    );
    const alphas = linspace(0, 1, Number(p.points));
    const matrix = new Float32Array(n * n);
    const lossMatrix = new Float32Array(n * n);
    let done = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const line = await interpolate(runs[0].model, ld.evalSet, runs[i].theta, runs[j].theta, alphas, {
          checkpoint: () => ctx.checkpoint(),
        });
        matrix[i * n + j] = matrix[j * n + i] = barrier(line.error);
        lossMatrix[i * n + j] = lossMatrix[j * n + i] = barrier(line.loss);
        yield heatmap(
          `line/${runs[i].name} ↔ ${runs[j].name}`,
          [3, alphas.length],
          [...alphas, ...line.loss, ...line.error],
          done,
          [`${runs[i].name} ↔ ${runs[j].name}`],
        );
        done++;
        yield progress(ctx, n + done, n + pairs, n * Number(p.steps) * Number(p.batch));
      }
    yield heatmap(
      'barriers',
      [n, n],
      matrix,
      done,
      runs.map((r) => r.name),
    );
    const mean = (pick: (i: number, j: number) => boolean): number => {
      let s = 0;
      let c = 0;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++)
          if (pick(i, j)) {
            s += matrix[i * n + j];
            c++;
          }
      return c ? s / c : NaN;
    };
    const rewindBarrier = mean((i, j) => i < runsPerGroup && j < runsPerGroup);
    const initBarrier = mean((i, j) => i >= runsPerGroup && j >= runsPerGroup);
    yield { type: 'done', summary: { rewindBarrier, initBarrier, rewind: Number(p.rewind), runs: n } };
  } finally {
    runs.forEach((r) => disposeModel(r.model));
    ld.dispose();
  }
}

async function* intrinsic(ctx: RunContext, spec: RunSpec): AsyncGenerator<RunEvent> {
  const p = spec.params;
  const dims = [...(p.dims as number[])].sort((a, b) => a - b);
  const steps = Number(p.steps);
  const batch = Number(p.batch);
  const ld = await setup(ctx, spec, { train: Number(p.trainSize), eval: 1, test: Number(p.testSize) });
  const hiddenW = p.hidden as number[];
  const kind = p.model === 'lenet' ? 'lenet' : 'fc';
  const build = () => buildNet(ctx.gpu, kind, ld, hiddenW, spec.seed);
  const total = dims.length + 1;
  try {
    const dense = build();
    const D = parameterCount(dense);
    const name = kind === 'lenet' ? 'LeNet' : `MLP ${[ld.inputs, ...hiddenW, ld.classes].join('-')}`;
    yield {
      type: 'log',
      message: `${name}: D = ${D.toLocaleString('en-US')}; dense baseline, then d = ${dims.join(', ')}`,
    };
    await trainModel(dense, ld.train, {
      steps,
      batch,
      lr: Number(p.denseLr),
      optimizer: 'adam',
      momentum: 0,
      orderSeed: spec.seed,
      checkpoint: () => ctx.checkpoint(),
    });
    const base = await evaluate(dense, ld.test, 500);
    disposeModel(dense);
    yield { type: 'metric', name: 'dense/accuracy', step: 0, value: base.accuracy };
    yield progress(ctx, 1, total, steps * batch);
    const ds: number[] = [];
    const accs: number[] = [];
    const losses: number[] = [];
    for (const d of dims) {
      const model = build();
      try {
        const r = await trainSubspace(model, ld.train, ld.test, {
          d,
          steps,
          batch,
          lr: Number(p.lr),
          seed: spec.seed,
          projection: p.projection as 'sign' | 'gaussian',
          checkpoint: () => ctx.checkpoint(),
        });
        ds.push(d);
        accs.push(r.accuracy);
        losses.push(r.trainLoss);
      } finally {
        disposeModel(model);
      }
      yield { type: 'metric', name: 'subspace/accuracy', step: d, value: accs.at(-1)! };
      yield heatmap('intrinsic-dim', [3, ds.length], [...ds, ...accs, ...losses], d, [String(base.accuracy)]);
      yield progress(ctx, ds.length + 1, total, (ds.length + 1) * steps * batch);
    }
    const hit = ds.find((_, i) => accs[i] >= 0.9 * base.accuracy);
    yield {
      type: 'done',
      summary: {
        D,
        denseAccuracy: base.accuracy,
        dInt90: hit ?? 'not reached',
        bestSubspaceAccuracy: Math.max(...accs),
      },
    };
  } finally {
    ld.dispose();
  }
}

async function* sharp(ctx: RunContext, spec: RunSpec): AsyncGenerator<RunEvent> {
  const p = spec.params;
  const steps = Number(p.steps);
  const lr = Number(p.lr);
  const ld = await setup(ctx, spec, { train: Number(p.trainSize), eval: 1, test: 1 });
  const model = buildMlp(ctx.gpu, ld.inputs, p.hidden as number[], ld.classes, spec.seed, {
    activation: p.activation === 'relu' ? 'relu' : 'tanh',
    initScale: Number(p.initScale),
  });
  const out = new Outbox();
  try {
    const pts = yield* out.during(
      gradientDescentSharpness(model, ld.train, {
        steps,
        lr,
        every: Number(p.every),
        iterations: Number(p.iterations),
        seed: spec.seed,
        loss: p.loss === 'mse' ? 'mse' : 'ce',
        checkpoint: () => ctx.checkpoint(),
        onPoint: (step, loss, s) => {
          out.push({ type: 'metric', name: 'train/loss', step, value: loss });
          if (s !== null) {
            out.push({ type: 'metric', name: 'sharpness', step, value: s });
            out.push({ type: 'metric', name: 'threshold', step, value: 2 / lr });
          }
          out.push(progress(ctx, step, steps, step * ld.train.count));
        },
      }),
    );
    const later = pts.filter((q) => q.step > 0).map((q) => q.sharpness);
    yield {
      type: 'done',
      summary: { twoOverEta: 2 / lr, maxSharpness: Math.max(...later), finalLoss: pts.at(-1)!.loss },
    };
  } finally {
    disposeModel(model);
    ld.dispose();
  }
}

async function* outliers(ctx: RunContext, spec: RunSpec): AsyncGenerator<RunEvent> {
  const p = spec.params;
  const steps = Number(p.steps);
  const n = Number(p.trainSize);
  const k = Number(p.k);
  const w = Number(p.window);
  const data = await ctx.dataset(String(p.dataset));
  const ld = landscapeData(ctx.gpu, data, { train: n, eval: 1, test: 1 }, spec.seed);
  const pick = seededSubset(data.train, ld.train.count, spec.seed);
  const runs: Array<{ opt: 'gd' | 'adam'; lr: number }> = [{ opt: 'gd', lr: Number(p.lr) }];
  if (Number(p.adamLr) > 0) runs.push({ opt: 'adam', lr: Number(p.adamLr) });
  const out = new Outbox();
  const summary: Record<string, number | string> = { twoOverEta: 2 / Number(p.lr) };
  try {
    for (const [r, run] of runs.entries()) {
      const model = buildMlp(ctx.gpu, ld.inputs, p.hidden as number[], ld.classes, spec.seed);
      const name = run.opt === 'gd' ? 'train/loss' : 'adam/loss';
      let sent = 0;
      try {
        const trace = yield* out.during(
          perExampleTrace(model, ld.train, {
            steps,
            lr: run.lr,
            optimizer: run.opt,
            every: run.opt === 'gd' ? Number(p.every) : 0,
            iterations: Number(p.iterations),
            seed: spec.seed,
            checkpoint: () => ctx.checkpoint(),
            onSharpness: (step, value) => {
              out.push({ type: 'metric', name: 'sharpness', step, value });
              out.push({ type: 'metric', name: 'threshold', step, value: 2 / run.lr });
            },
            onWindow: (done, mean) => {
              for (; sent < done; sent++) out.push({ type: 'metric', name, step: sent, value: mean[sent] });
              out.push(progress(ctx, r * steps + done, runs.length * steps, (r * steps + done) * n));
            },
          }),
        );
        const groups = opposingGroups(trace, { spikes: Number(p.spikes), k, window: w });
        const [h, wd, c] = ld.train.shape;
        const dim = h * wd * c;
        const members = groups.flatMap((g) => [...g.rising, ...g.falling]);
        const images = new Uint8Array(members.length * dim);
        members.forEach((m, j) => images.set(data.train.images.subarray(pick[m] * dim, (pick[m] + 1) * dim), j * dim));
        const truth = Uint32Array.from(members, (m) => data.train.labels[pick[m]]);
        yield {
          type: 'snapshot',
          snapshot: {
            kind: 'gallery',
            name: `outliers/${run.opt}/images`,
            step: steps,
            shape: [members.length, h, wd, c],
            data: images,
            truth,
            predicted: truth,
            labels: data.manifest.classes,
          },
        };
        const traces = groups.flatMap((g) => [
          groupTrace(trace, g.rising, g.step - w, g.step + w),
          groupTrace(trace, g.falling, g.step - w, g.step + w),
        ]);
        yield heatmap(`outliers/${run.opt}/traces`, [traces.length, 2 * w + 1], traces.flat(), steps, [
          ...groups.map(
            (g) =>
              `spike at step ${g.step}: mean loss +${g.rise.toFixed(3)}; correlation of the groups' changes afterwards ${g.correlation.toFixed(2)}`,
          ),
          ...groups.map((g) => `from:${g.step - w}`),
        ]);
        const corr = groups.map((g) => g.correlation);
        summary[`${run.opt}Spikes`] = groups.map((g) => g.step).join(', ') || 'none';
        summary[`${run.opt}MeanCorrelation`] = corr.length ? corr.reduce((a, b) => a + b, 0) / corr.length : 'no spike';
        summary[`${run.opt}FinalLoss`] = trace.mean[steps - 1];
        if (run.opt === 'gd' && trace.sharpness.length)
          summary.maxSharpness = Math.max(...trace.sharpness.map((q) => q.value));
        yield {
          type: 'log',
          message: `${run.opt === 'gd' ? 'GD' : 'Adam'}: ${groups.map((g) => `spike at ${g.step} (corr ${g.correlation.toFixed(2)})`).join(', ') || 'no loss spike'}`,
        };
      } finally {
        disposeModel(model);
      }
    }
    yield { type: 'done', summary };
  } finally {
    ld.dispose();
  }
}

async function* teacher(ctx: RunContext, spec: RunSpec): AsyncGenerator<RunEvent> {
  const p = spec.params;
  const steps = Number(p.steps);
  const data = await ctx.dataset(String(p.dataset));
  const out = new Outbox();
  const r = yield* out.during(
    randomTeacherRun(ctx.gpu, data, {
      train: Number(p.trainSize),
      probe: Number(p.probeSize),
      test: Number(p.testSize),
      channels: (p.channels as number[] | undefined) ?? [],
      hidden: p.hidden as number[],
      out: Number(p.out),
      steps,
      batch: Number(p.batch),
      lr: Number(p.lr),
      every: Number(p.every),
      seed: spec.seed,
      loss: p.loss === 'kl' ? 'kl' : 'mse',
      nearTeacher: Number(p.nearTeacher ?? 0),
      checkpoint: () => ctx.checkpoint(),
      onLoss: (step, value) => out.push({ type: 'metric', name: 'distill/loss', step, value }),
      onProbe: (step, accuracy, teacherAcc) => {
        out.push({ type: 'metric', name: 'probe/student', step, value: accuracy });
        out.push({ type: 'metric', name: 'probe/teacher', step, value: teacherAcc });
        out.push(progress(ctx, step, steps, step * Number(p.batch)));
      },
    }),
  );
  const last = r.student.at(-1)!.accuracy;
  yield {
    type: 'done',
    summary: {
      teacherProbe: r.teacher,
      studentProbeAtInit: r.student[0].accuracy,
      studentProbe: last,
      gain: last - r.teacher,
      finalLoss: r.finalLoss,
    },
  };
}

export const landscapeSliceRunner: ExperimentRun = defineRun(landscapeSlice, slice);
export const landscapeLmcRunner: ExperimentRun = defineRun(landscapeLmc, lmc);
export const landscapeIntrinsicDimRunner: ExperimentRun = defineRun(landscapeIntrinsicDim, intrinsic);
export const landscapeSharpnessRunner: ExperimentRun = defineRun(landscapeSharpness, sharp);
export const landscapeOutliersRunner: ExperimentRun = defineRun(landscapeOutliers, outliers);
export const landscapeRandomTeacherRunner: ExperimentRun = defineRun(landscapeRandomTeacher, teacher);
