/**
 * Synthetic sequence tasks for transformers: copy (the target is the input) and sort (the target
 * at position t is the t-th smallest input token), over sequences of `length` tokens drawn
 * uniformly from a vocabulary of `vocab`. Every position is predicted; the score is token accuracy
 * on a fixed held-out set. Training batches are drawn fresh each step from Philox (seed, step).
 */
import type { GpuContext } from '../gpu/context.ts';
import { noGrad } from '../gpu/autograd.ts';
import { softmaxCrossEntropy } from '../gpu/kernels/softmax.ts';
import { MetricAccumulator, type MetricTotals } from '../gpu/kernels/metrics.ts';
import { bitsArray } from '../gpu/rng.ts';
import { streams } from '../gpu/streams.ts';
import { disposeModel, parameterCount } from '../gpu/nn.ts';
import { buildPreset, type Model } from '../gpu/models/index.ts';
import { buildOptimizer, buildSchedule, trainStep, type OptimizerKind, type ScheduleKind } from './train.ts';

export type SeqTaskKind = 'copy' | 'sort';

export interface SeqSpec {
  task: SeqTaskKind;
  length: number;
  vocab: number;
  model: 'transformer' | 'attention';
  layers: number;
  features: number;
  heads: number;
  optimizer: OptimizerKind;
  lr: number;
  schedule: ScheduleKind;
  warmupSteps: number;
  batch: number;
  steps: number;
  /** Held-out sequences scored at the end. */
  evalSize: number;
  seed: number;
  logEvery: number;
}

export const defaultSeqSpec: SeqSpec = {
  task: 'sort',
  length: 8,
  vocab: 10,
  model: 'transformer',
  layers: 1,
  features: 64,
  heads: 4,
  optimizer: 'adam',
  lr: 0.003,
  schedule: 'cosine',
  warmupSteps: 50,
  batch: 64,
  steps: 1500,
  evalSize: 1024,
  seed: 1,
  logEvery: 100,
};

export interface SeqBatch {
  /** [count·length] token ids, row-major by sequence. */
  inputs: Uint32Array;
  targets: Uint32Array;
}

/** `count` sequences of the task from Philox (seed, stream). */
export function seqBatch(
  task: SeqTaskKind,
  count: number,
  length: number,
  vocab: number,
  seed: number,
  stream: number,
): SeqBatch {
  const bits = bitsArray(count * length, { seed, stream });
  const inputs = Uint32Array.from(bits, (u) => Math.floor((u / 2 ** 32) * vocab));
  const targets = inputs.slice();
  if (task === 'sort') for (let s = 0; s < count; s++) targets.subarray(s * length, (s + 1) * length).sort();
  return { inputs, targets };
}

/**
 * Token accuracy of the best predictor that ignores the input: at each position, the target token
 * most frequent there in `b` itself (so an upper bound for any input-blind guess on `b`).
 */
export function inputBlindAccuracy(b: SeqBatch, length: number, vocab: number): number {
  const count = b.targets.length / length;
  let hits = 0;
  for (let t = 0; t < length; t++) {
    const freq = new Uint32Array(vocab);
    for (let e = 0; e < count; e++) freq[b.targets[e * length + t]]++;
    hits += Math.max(...freq);
  }
  return hits / b.targets.length;
}

export function validateSeqSpec(spec: SeqSpec): string[] {
  const errors: string[] = [];
  const int = (k: keyof SeqSpec, min = 1): void => {
    const v = spec[k] as number;
    if (!Number.isInteger(v) || v < min) errors.push(`${k} must be an integer ≥ ${min}, got ${v}`);
  };
  (['length', 'layers', 'features', 'heads', 'batch', 'steps', 'evalSize', 'logEvery'] as const).forEach((k) => int(k));
  int('vocab', 2);
  int('seed', 0);
  int('warmupSteps', 0);
  if (!['copy', 'sort'].includes(spec.task)) errors.push(`task must be copy or sort, got ${spec.task}`);
  if (!['transformer', 'attention'].includes(spec.model))
    errors.push(`model must be transformer or attention, got ${spec.model}`);
  if (spec.features % spec.heads !== 0) errors.push(`features (${spec.features}) must split into ${spec.heads} heads`);
  if (!(spec.lr > 0 && Number.isFinite(spec.lr))) errors.push(`lr must be a positive number, got ${spec.lr}`);
  return errors;
}

export interface SeqSummary {
  steps: number;
  parameters: number;
  trainLoss: number;
  trainTokenAccuracy: number;
  testLoss: number;
  /** Fraction of held-out target tokens predicted exactly. */
  testTokenAccuracy: number;
  seconds: number;
}

export type SeqEvent =
  | { type: 'log'; message: string }
  | { type: 'metric'; split: 'train' | 'test'; step: number; loss: number; accuracy: number }
  | { type: 'done'; summary: SeqSummary }
  | { type: 'error'; message: string; step?: number };

function upload(ctx: GpuContext, b: SeqBatch, count: number, length: number) {
  return { x: ctx.tensor(b.inputs, [count, length], 'u32'), y: ctx.tensor(b.targets, [count * length], 'u32') };
}

async function score(model: Model, ctx: GpuContext, data: SeqBatch, spec: SeqSpec): Promise<MetricTotals> {
  const metrics = new MetricAccumulator(ctx);
  try {
    for (let s = 0; s < spec.evalSize; s += spec.batch) {
      const n = Math.min(spec.batch, spec.evalSize - s);
      const part = {
        inputs: data.inputs.subarray(s * spec.length, (s + n) * spec.length),
        targets: data.targets.subarray(s * spec.length, (s + n) * spec.length),
      };
      ctx.scope(() =>
        noGrad(ctx, () => {
          const { x, y } = upload(ctx, part, n, spec.length);
          const ce = softmaxCrossEntropy(model.forward(x), y);
          metrics.add(ce.perExample, ce.correct, s);
        }),
      );
      ctx.flush();
    }
    return await metrics.read();
  } finally {
    metrics.dispose();
  }
}

/** Trains `spec.model` on the task, yielding train metrics every logEvery steps and the held-out score. */
export async function* seqRun(
  ctx: GpuContext,
  spec: SeqSpec,
  now: () => number = () => performance.now(),
): AsyncGenerator<SeqEvent> {
  const errors = validateSeqSpec(spec);
  if (errors.length) {
    yield { type: 'error', message: errors.join('; ') };
    return;
  }
  const model = buildPreset(ctx, spec.model, {
    inputShape: [spec.length],
    classes: spec.vocab,
    seed: spec.seed,
    layers: spec.layers,
    features: spec.features,
    heads: spec.heads,
  });
  const optimizer = buildOptimizer(model, { ...spec, momentum: 0, weightDecay: 0 });
  const lrAt = buildSchedule(spec, spec.steps);
  const metrics = new MetricAccumulator(ctx);
  const held = seqBatch(spec.task, spec.evalSize, spec.length, spec.vocab, spec.seed, streams.data(1));
  const start = now();
  let last: MetricTotals | null = null;
  try {
    yield {
      type: 'log',
      message: `${spec.model} (${parameterCount(model).toLocaleString('en-US')} parameters) on ${spec.task}, length ${spec.length}, vocabulary ${spec.vocab}: ${spec.steps} steps of ${spec.batch}`,
    };
    for (let step = 0; step < spec.steps; step++) {
      const b = seqBatch(spec.task, spec.batch, spec.length, spec.vocab, spec.seed, streams.noise(step, 0));
      ctx.scope(() => {
        const { x, y } = upload(ctx, b, spec.batch, spec.length);
        trainStep(model, optimizer, x, y, lrAt(step), metrics, step);
      });
      ctx.flush();
      if ((step + 1) % spec.logEvery === 0 || step + 1 === spec.steps) {
        last = await metrics.read();
        if (last.divergedAt !== null) {
          yield { type: 'error', step: last.divergedAt, message: `training diverged at step ${last.divergedAt}` };
          return;
        }
        yield { type: 'metric', split: 'train', step: step + 1, loss: last.loss, accuracy: last.accuracy };
      }
    }
    const seconds = (now() - start) / 1000;
    const test = await score(model, ctx, held, spec);
    yield { type: 'metric', split: 'test', step: spec.steps, loss: test.loss, accuracy: test.accuracy };
    yield {
      type: 'done',
      summary: {
        steps: spec.steps,
        parameters: parameterCount(model),
        trainLoss: last?.loss ?? NaN,
        trainTokenAccuracy: last?.accuracy ?? NaN,
        testLoss: test.loss,
        testTokenAccuracy: test.accuracy,
        seconds,
      },
    };
  } finally {
    metrics.dispose();
    optimizer.dispose();
    disposeModel(model);
  }
}
