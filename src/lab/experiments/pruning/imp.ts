/**
 * The pruning family as RunEvents for the masks view. Series naming (the view relies on it):
 * `acc/<arm>/<rep>` and `es/<arm>/<rep>` at step = round (arms: ticket, reinit, random, or k=…%),
 * `remaining` at step = round, `density/<method>/<layer>` at step = round, `interp/<k>` at
 * step = 100·α, `barrier` and `ticket/acc-by-k` at step = k (%), `gap/<method>` at step = width;
 * mask snapshots are heatmaps named `mask/r<round>/<layer>` (0/1 bytes, [in, out]).
 */
import type { ExperimentMeta, ExperimentRun, RunContext, RunEvent, RunSpec } from '../../experiment.ts';
import { seededSubset } from '../../datasets.ts';
import { GpuSplit } from '../../loader.ts';
import { disposeModel } from '../../../gpu/nn.ts';
import { erkDensities } from '../../../gpu/pruning.ts';
import { streams } from '../../../gpu/streams.ts';
import {
  buildNet,
  imp,
  layersOf,
  randomMasks,
  rewindSweep,
  setMasks,
  trainFrom,
  type Dims,
  type ImpSpec,
  type RoundResult,
  type SparseTrainSpec,
} from './core.ts';
import { defineRun } from '../../declare.ts';
import { lotteryTicket } from './lottery-ticket.experiment.ts';
import { lotteryRewind } from './lottery-rewind.experiment.ts';
import { randomPruning } from './random-pruning.experiment.ts';

const POINTS = 11;

async function splits(ctx: RunContext, spec: RunSpec) {
  const data = await ctx.dataset(String(spec.params.dataset));
  const n = Math.min(Number(spec.params.trainSize), data.train.count);
  const train = new GpuSplit(ctx.gpu, data, data.train, seededSubset(data.train, n, spec.seed + streams.data(0)));
  const test = new GpuSplit(
    ctx.gpu,
    data,
    data.test,
    Uint32Array.from({ length: Math.min(Number(spec.params.testSize), data.test.count) }, (_, i) => i),
  );
  const shape = data.manifest.shape;
  const dims: Dims = { inputs: shape.reduce((a, b) => a * b, 1), classes: data.manifest.classes.length, shape };
  return { train, test, dims };
}

function trainSpec(spec: RunSpec, trainCount: number): SparseTrainSpec {
  const p = spec.params;
  const batch = Number(p.batch);
  return {
    model: (p.model as SparseTrainSpec['model'] | undefined) ?? 'mlp',
    hidden: [...(p.hidden as number[])],
    width: p.width === undefined ? undefined : Number(p.width),
    initScale: p.initScale === undefined ? undefined : Number(p.initScale),
    optimizer: p.optimizer as 'adam' | 'sgd',
    lr: Number(p.lr),
    momentum: 0.9,
    schedule: p.optimizer === 'sgd' ? 'cosine' : 'constant',
    batch,
    steps: Math.ceil(trainCount / batch) * Number(p.epochs),
    evals: 4,
  };
}

function impSpec(spec: RunSpec, trainCount: number, controls: ImpSpec['controls'], rewind: number): ImpSpec {
  const p = spec.params;
  return {
    ...trainSpec(spec, trainCount),
    rounds: Number(p.rounds),
    rate: Number(p.rate),
    outputRate: Number(p.outputRate),
    scope: p.scope as 'layer' | 'global',
    rewind,
    controls,
  };
}

function* roundEvents(r: RoundResult, arm: string, rep: string, withMasks: boolean): Generator<RunEvent> {
  const metric = (name: string, value: number): RunEvent => ({ type: 'metric', name, step: r.round, value });
  yield metric(`acc/${arm}/${rep}`, r.ticket.accuracy);
  yield metric(`es/${arm}/${rep}`, r.ticket.earlyStopStep);
  for (const [arm, res] of [
    ['reinit', r.reinit],
    ['random', r.random],
  ] as const) {
    if (!res) continue;
    yield metric(`acc/${arm}/${rep}`, res.accuracy);
    yield metric(`es/${arm}/${rep}`, res.earlyStopStep);
  }
  if (!withMasks) return;
  yield metric('remaining', r.remaining);
  const erk = erkDensities(
    r.masks.map((m) => m.shape),
    r.remaining,
  );
  for (const [i, m] of r.masks.entries()) {
    yield metric(`density/IMP/${m.name}`, r.densities[i]);
    yield metric(`density/ERK/${m.name}`, Math.min(1, erk[i]));
    yield metric(`density/uniform/${m.name}`, r.remaining);
    yield {
      type: 'snapshot',
      snapshot: { kind: 'heatmap', name: `mask/r${r.round}/${m.name}`, step: r.round, shape: m.shape, data: m.data },
    };
  }
}

function progress(ctx: RunContext, done: number, total: number, examples: number): RunEvent {
  const s = ctx.elapsed();
  return {
    type: 'progress',
    step: done,
    total,
    examplesPerSecond: examples / Math.max(s, 1e-9),
    etaSeconds: done > 0 ? (s / done) * (total - done) : 0,
  };
}

function invalid(meta: ExperimentMeta, spec: RunSpec): RunEvent | null {
  const problems = meta.validate?.(spec.params) ?? [];
  return problems.length ? { type: 'error', kind: 'invalid', message: problems.join(' ') } : null;
}

async function* lottery(ctx: RunContext, spec: RunSpec): AsyncGenerator<RunEvent> {
  const bad = invalid(lotteryTicket, spec);
  if (bad) return yield bad;
  const { train, test, dims } = await splits(ctx, spec);
  const seeds = Number(spec.params.seeds);
  const s = impSpec(spec, train.count, spec.params.controls ? 'all' : 'last', 0);
  const perSeed = 1 + s.rounds + 2 * (spec.params.controls ? s.rounds : 1);
  let done = 0;
  try {
    yield {
      type: 'log',
      message: `IMP on ${train.count} train / ${test.count} test, ${s.steps} steps per run, ${seeds} seed(s)`,
    };
    for (let k = 0; k < seeds; k++) {
      const it = imp(ctx.gpu, train, test, s, spec.seed + k, dims, { checkpoint: () => ctx.checkpoint() });
      for (;;) {
        const r = await it.next();
        if (r.done) {
          disposeModel(r.value.model);
          break;
        }
        done += 1 + (r.value.reinit ? 2 : 0);
        yield* roundEvents(r.value, 'ticket', `s${spec.seed + k}`, k === 0);
        yield progress(ctx, done, perSeed * seeds, done * s.steps * s.batch);
      }
    }
    yield { type: 'done', summary: { seeds, steps: s.steps, rounds: s.rounds } };
  } finally {
    train.dispose();
    test.dispose();
  }
}

async function* rewind(ctx: RunContext, spec: RunSpec): AsyncGenerator<RunEvent> {
  const bad = invalid(lotteryRewind, spec);
  if (bad) return yield bad;
  const { train, test, dims } = await splits(ctx, spec);
  const ks = [...(spec.params.rewinds as number[])];
  const base = impSpec(spec, train.count, 'none', 0);
  const steps = ks.map((pct) => Math.round((pct / 100) * base.steps));
  // The dense run once, then per rewind point each round's ticket (the last one is copy A) and copy B.
  const total = 1 + ks.length * (base.rounds + 1);
  let done = 0;
  try {
    const sweep = rewindSweep(ctx.gpu, train, test, base, steps, spec.seed, dims, POINTS, {
      checkpoint: () => ctx.checkpoint(),
    });
    for await (const item of sweep) {
      const j = item.index;
      const pct = ks[j];
      if ('round' in item) {
        if (item.round.round > 0 || j === 0) done++;
        yield* roundEvents(item.round, `k=${pct}%`, `s${spec.seed}`, j === 0);
      } else {
        const { last, instability: inst } = item;
        for (const [i, e] of inst.errors.entries())
          yield { type: 'metric', name: `interp/k=${pct}%`, step: Math.round((100 * i) / (POINTS - 1)), value: e };
        yield { type: 'metric', name: 'barrier', step: pct, value: inst.barrier };
        yield { type: 'metric', name: 'ticket/acc-by-k', step: pct, value: last.ticket.accuracy };
        yield {
          type: 'log',
          message: `k = ${pct}% (${item.k} steps): ticket ${(100 * last.ticket.accuracy).toFixed(2)}% at ${(100 * last.remaining).toFixed(1)}% of weights, barrier ${(100 * inst.barrier).toFixed(2)} pt`,
        };
        done++;
      }
      yield progress(ctx, done, total, done * base.steps * base.batch);
    }
    yield { type: 'done', summary: { rewinds: ks.join(', '), steps: base.steps, rounds: base.rounds } };
  } finally {
    train.dispose();
    test.dispose();
  }
}

async function* randomPruningSweep(ctx: RunContext, spec: RunSpec): AsyncGenerator<RunEvent> {
  const bad = invalid(randomPruning, spec);
  if (bad) return yield bad;
  const { train, test, dims } = await splits(ctx, spec);
  const widths = [...(spec.params.hidden as number[])];
  const density = Number(spec.params.density);
  let done = 0;
  try {
    for (const w of widths) {
      const s = { ...trainSpec(spec, train.count), hidden: [w, w] };
      const acc: Record<string, number> = {};
      for (const method of ['dense', 'uniform', 'ERK']) {
        const model = buildNet(ctx.gpu, s, spec.seed, dims);
        try {
          const layers = layersOf(model);
          const shapes = layers.map((l) => [...l.weight.shape]);
          if (method !== 'dense') {
            const dens =
              method === 'ERK' ? erkDensities(shapes, density).map((d) => Math.min(1, d)) : shapes.map(() => density);
            setMasks(model, randomMasks(model, dens, spec.seed));
            if (w === widths[widths.length - 1])
              for (const [i, l] of layers.entries())
                yield { type: 'metric', name: `density/${method}/${l.weight.name}`, step: 0, value: dens[i] };
          }
          acc[method] = (
            await trainFrom(model, train, test, s, spec.seed, 0, { checkpoint: () => ctx.checkpoint() })
          ).accuracy;
        } finally {
          disposeModel(model);
        }
        done++;
        yield progress(ctx, done, 3 * widths.length, done * s.steps * s.batch);
      }
      yield { type: 'metric', name: 'acc/dense', step: w, value: acc.dense };
      for (const m of ['uniform', 'ERK']) {
        yield { type: 'metric', name: `acc/${m}`, step: w, value: acc[m] };
        yield { type: 'metric', name: `gap/${m}`, step: w, value: acc.dense - acc[m] };
      }
    }
    yield { type: 'done', summary: { widths: widths.join(', '), density } };
  } finally {
    train.dispose();
    test.dispose();
  }
}

export const lotteryTicketRunner: ExperimentRun = defineRun(lotteryTicket, lottery);
export const lotteryRewindRunner: ExperimentRun = defineRun(lotteryRewind, rewind);
export const randomPruningRunner: ExperimentRun = defineRun(randomPruning, randomPruningSweep);
