/**
 * landscape-lmc: linear mode connectivity. Networks that share a rewind point and networks from
 * different initializations, and the test-error barrier along the line between each pair. Its
 * heatmap snapshots:
 *   line/<run i> ↔ <run j>  [3, n]: α, loss, error along the line between two runs; labels[0] = title
 *   barriers                [n, n]: test-error barrier between runs i and j; labels = run names
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { disposeModel, type Module } from '../../../gpu/nn.ts';
import { barrier, interpolate } from '../../landscape/interpolation.ts';
import { buildMlp } from '../../landscape/nets.ts';
import { linspace } from '../../numerics/grid.ts';
import { paramsOf, writeFlat } from '../../landscape/params-io.ts';
import { trainModel } from '../../landscape/train-loop.ts';
import { type LandscapeData } from '../../landscape/data.ts';
import { defineRun } from '../../declare.ts';
import { landscapeLmc } from './landscape-lmc.experiment.ts';
import { heatmap } from './events.ts';
import { loadLandscapeData } from './data.ts';

type Event = EventOf<typeof landscapeLmc>;

/** Trains `runs` ‘rewind’ networks that share a parent trained for `rewind` steps, then `runs` ‘init’ ones, each from its own seed. */
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
  }
  for (let r = 0; r < o.runs; r++) {
    const model = buildMlp(ctx, ld.inputs, o.hidden, ld.classes, o.seed * 1000 + 500 + r);
    const ck = await train(model, o.steps, o.seed * 1000 + 500 + r);
    runs.push({ name: `init #${r + 1}`, theta: ck.at(-1)!.theta, model });
  }
  return runs;
}

async function* lmc(ctx: RunContext, spec: SpecOf<typeof landscapeLmc>): AsyncGenerator<Event> {
  const p = spec.params;
  const runsPerGroup = p.runs;
  const n = 2 * runsPerGroup;
  const pairs = (n * (n - 1)) / 2;
  const ld = await loadLandscapeData(ctx, spec, { train: p.trainSize, eval: p.evalSize, test: 1 });
  // The shared parent, the copies from its rewind point and the runs from their own inits; then every pair's line.
  const trainSteps = p.rewind + runsPerGroup * (p.steps - p.rewind) + runsPerGroup * p.steps;
  ctx.work.plan(trainSteps + pairs * p.points, 'step + line point');
  ctx.work.span(trainSteps, { label: `the ${n} trainings`, unit: 'step', examplesPerUnit: p.batch });
  let runs: Awaited<ReturnType<typeof lmcRuns>> = [];
  try {
    runs = await lmcRuns(ld, {
      hidden: p.hidden,
      steps: p.steps,
      rewind: p.rewind,
      runs: runsPerGroup,
      batch: p.batch,
      lr: p.lr,
      seed: spec.seed,
      checkpoint: ctx.work.step,
    });
    const alphas = linspace(0, 1, p.points);
    const matrix = new Float32Array(n * n);
    const lossMatrix = new Float32Array(n * n);
    let done = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        ctx.work.span(p.points, { label: `the line ${runs[i].name} ↔ ${runs[j].name}`, unit: 'line point' });
        const line = await interpolate(runs[0].model, ld.evalSet, runs[i].theta, runs[j].theta, alphas, {
          checkpoint: () => ctx.checkpoint(),
          onChunk: (done) => ctx.work.upTo(done),
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
    yield { type: 'done', summary: { rewindBarrier, initBarrier, rewind: p.rewind, runs: n } };
  } finally {
    runs.forEach((r) => disposeModel(r.model));
    ld.dispose();
  }
}

export const landscapeLmcRunner: ExperimentRun = defineRun(landscapeLmc, lmc);
