/**
 * landscape-slice: trains an MLP, then scores the loss along the line from initialization to the
 * trained weights and over a plane through the trained point. Its heatmap snapshots:
 *   line/init-trained           [3, n]: α, loss, error along the line; labels[0] = title
 *   plane/loss, plane/accuracy  [res, res], row = β index, column = α index
 *   plane/axes                  [2, res]: the α values, then the β values
 *   plane/trajectory            [n, 2]: (α, β) of each checkpoint, last = trained point
 *   plane/points                [3, 2]: (α, β) of the three checkpoints a 'checkpoints' plane passes through; labels = their names
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { disposeModel, parameterCount } from '../../../gpu/nn.ts';
import { buildMlp } from '../../landscape/nets.ts';
import { diff, planeCoords, threePointPlane, trajectoryPca } from '../../landscape/plane.ts';
import { disposeAll, paramsOf, uploadLike, writeFlat } from '../../landscape/params-io.ts';
import { evaluatePoints } from '../../landscape/evaluate-points.ts';
import { filterNormalizedDirections } from '../../landscape/directions.ts';
import { interpolate } from '../../landscape/interpolation.ts';
import { linspace } from '../../numerics/grid.ts';
import { trainModel } from '../../landscape/train-loop.ts';
import { defineRun } from '../../declare.ts';
import { landscapeSlice } from './landscape-slice.experiment.ts';
import { heatmap } from './events.ts';
import { Outbox } from './outbox.ts';
import { loadLandscapeData } from './data.ts';

type Event = EventOf<typeof landscapeSlice>;

async function* slice(ctx: RunContext, spec: SpecOf<typeof landscapeSlice>): AsyncGenerator<Event> {
  const p = spec.params;
  const { steps, batch, resolution: res } = p;
  const ld = await loadLandscapeData(ctx, spec, { train: p.trainSize, eval: p.evalSize, test: 1 });
  const model = buildMlp(ctx.gpu, ld.inputs, p.hidden, ld.classes, spec.seed);
  const params = paramsOf(model);
  const out = new Outbox<Event>();
  // Training, then the loss at the 25 points of the line and the res × res points of the plane.
  const LINE = 25;
  ctx.work.plan(steps + LINE + res * res, 'step + grid point');
  try {
    yield {
      type: 'log',
      message: `MLP ${[ld.inputs, ...p.hidden, ld.classes].join('-')} (${parameterCount(model)} parameters), ${ld.train.count} training examples; landscape on ${ld.evalSet.count}`,
    };
    const every = Math.max(1, Math.round(steps / p.checkpoints));
    ctx.work.span(steps, { label: 'training', unit: 'step', examplesPerUnit: batch });
    const cks = yield* out.during(
      trainModel(model, ld.train, {
        steps,
        batch,
        lr: p.lr,
        optimizer: 'sgd',
        momentum: 0.9,
        orderSeed: spec.seed,
        every,
        checkpoint: ctx.work.step,
        onMetric: (step, loss, accuracy) => {
          out.push({ type: 'metric', name: 'train/loss', step, value: loss });
          out.push({ type: 'metric', name: 'train/accuracy', step, value: accuracy });
        },
      }),
    );
    const thetas = cks.map((c) => c.theta);
    const star = thetas[thetas.length - 1];

    // 1-D: initialization (α = 0) to trained (α = 1), a little beyond both.
    // 25 points put α = 0 and α = 1 on the grid (step 1/16).
    const alphas = linspace(-0.25, 1.25, LINE);
    ctx.work.span(LINE, { label: 'the line from initialization', unit: 'grid point' });
    const line = await interpolate(model, ld.evalSet, thetas[0], star, alphas, {
      checkpoint: () => ctx.checkpoint(),
      onChunk: (done) => ctx.work.upTo(done),
    });
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
    const range = (k: 0 | 1): [number, number] => {
      if (p.directions === 'random') return [-p.span, p.span];
      const xs = traj.map((c) => c[k]);
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      const pad = Math.max(hi - lo, 1e-3) * p.span * 0.5;
      return [lo - pad, hi + pad];
    };
    const as = linspace(...range(0), res);
    const bs = linspace(...range(1), res);
    const coords = bs.flatMap((b) => as.map((a) => [a, b] as const));
    const t0 = ctx.elapsed();
    ctx.work.span(res * res, { label: 'the loss plane', unit: 'grid point' });
    let surface;
    try {
      surface = await evaluatePoints(model, ld.evalSet, { base, u: dirs.u, v: dirs.v }, coords, {
        checkpoint: () => ctx.checkpoint(),
        onChunk: (done) => ctx.work.upTo(done),
      });
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

export const landscapeSliceRunner: ExperimentRun = defineRun(landscapeSlice, slice);
