/**
 * Supervised training of a classifier: the building blocks every experiment reuses (model and
 * optimizer from a spec, a train step encoded as one command buffer, evaluation over a split,
 * metrics read back asynchronously every N steps, divergence detection) and `trainRun`, the
 * "Train a network" experiment as an event stream. Runs in the browser worker and in Node.
 */
import type { GpuContext } from '../gpu/context.ts';
import type { Tensor } from '../gpu/tensor.ts';
import { backward, noGrad } from '../gpu/autograd.ts';
import { crossEntropy } from '../gpu/ops/loss.ts';
import { softmaxCrossEntropy } from '../gpu/kernels/softmax.ts';
import { MetricAccumulator, type MetricTotals } from '../gpu/kernels/metrics.ts';
import { lenet300, mlp, parameterCount, disposeModel, type Module } from '../gpu/nn.ts';
import { Adam, AdamW, SGD } from '../gpu/optim.ts';
import { makeSchedule, type Schedule } from '../gpu/schedule.ts';
import { streams } from '../gpu/streams.ts';
import { seededSubset, type Dataset } from './datasets.ts';
import { GpuSplit } from './loader.ts';

export type ModelPreset = 'lenet300' | 'mlp';
export type OptimizerKind = 'sgd' | 'adam' | 'adamw';
export type ScheduleKind = 'constant' | 'cosine' | 'step';

export interface TrainSpec {
  dataset: string;
  /** Training examples (a seeded subset); 0 = the whole split. */
  trainSize: number;
  /** Test examples (the first ones of the split); 0 = the whole split. */
  testSize: number;
  model: ModelPreset;
  /** Hidden widths of the 'mlp' preset. */
  hidden: number[];
  optimizer: OptimizerKind;
  lr: number;
  momentum: number;
  weightDecay: number;
  schedule: ScheduleKind;
  warmupSteps: number;
  batch: number;
  epochs: number;
  seed: number;
  /** Steps between metric read-backs. */
  logEvery: number;
}

export const defaultTrainSpec: TrainSpec = {
  dataset: 'mnist',
  trainSize: 0,
  testSize: 0,
  model: 'lenet300',
  hidden: [300, 100],
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  weightDecay: 0,
  schedule: 'cosine',
  warmupSteps: 0,
  batch: 128,
  epochs: 2,
  seed: 1,
  logEvery: 50,
};

export interface TrainSummary {
  steps: number;
  epochs: number;
  parameters: number;
  trainExamples: number;
  testExamples: number;
  /** Over the last logging window. */
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  examplesPerSecond: number;
  seconds: number;
}

export type TrainEvent =
  | { type: 'metric'; split: 'train' | 'test'; step: number; epoch: number; loss: number; accuracy: number; examplesPerSecond?: number }
  | { type: 'log'; message: string }
  | { type: 'done'; summary: TrainSummary }
  | { type: 'error'; message: string; step?: number };

export function buildModel(ctx: GpuContext, spec: Pick<TrainSpec, 'model' | 'hidden' | 'seed'>, inputs: number, classes: number): Module {
  if (spec.model === 'lenet300') {
    if (inputs !== 784 || classes !== 10) throw new Error(`LeNet-300-100 takes 784 inputs and 10 classes; this dataset has ${inputs} and ${classes}`);
    return lenet300(ctx, { seed: spec.seed });
  }
  return mlp(ctx, [inputs, ...spec.hidden, classes], { seed: spec.seed, activation: 'relu' });
}

export function buildOptimizer(model: Module, spec: Pick<TrainSpec, 'optimizer' | 'lr' | 'momentum' | 'weightDecay'>): SGD | Adam {
  const params = model.parameters().map((p) => ({ name: p.name, tensor: p.tensor, mask: p.mask }));
  switch (spec.optimizer) {
    case 'sgd':
      return new SGD(params, { lr: spec.lr, momentum: spec.momentum, weightDecay: spec.weightDecay });
    case 'adam':
      return new Adam(params, { lr: spec.lr, weightDecay: spec.weightDecay });
    case 'adamw':
      return new AdamW(params, { lr: spec.lr, weightDecay: spec.weightDecay });
  }
}

export function buildSchedule(spec: Pick<TrainSpec, 'schedule' | 'lr' | 'warmupSteps'>, totalSteps: number): Schedule {
  const warmup = spec.warmupSteps;
  switch (spec.schedule) {
    case 'constant':
      return makeSchedule({ kind: 'constant', lr: spec.lr, warmup });
    case 'cosine':
      return makeSchedule({ kind: 'cosine', lr: spec.lr, total: totalSteps, warmup });
    case 'step':
      // Divide by 10 at 50% and 75% of training, the usual image-classification recipe.
      return makeSchedule({ kind: 'step', lr: spec.lr, gamma: 0.1, milestones: [Math.floor(totalSteps / 2), Math.floor((3 * totalSteps) / 4)], warmup });
  }
}

/** One SGD step on a batch; everything is encoded, nothing is submitted or read. */
export function trainStep(
  model: Module,
  optimizer: SGD | Adam,
  x: Tensor,
  y: Tensor,
  lr: number,
  metrics: MetricAccumulator,
  step: number,
): void {
  const ctx = x.ctx;
  ctx.scope(() => {
    const ce = crossEntropy(model.forward(x), y);
    backward(ce.loss);
    optimizer.step(lr);
    metrics.add(ce.perExample, ce.correct, step);
  });
}

/** Mean loss and accuracy of `model` over the first `count` examples of a GPU-resident split. */
export async function evaluate(model: Module, split: GpuSplit, batch: number): Promise<MetricTotals> {
  const ctx = split.ctx;
  const metrics = new MetricAccumulator(ctx);
  const order = split.order(null);
  try {
    for (let offset = 0; offset < split.count; offset += batch) {
      const size = Math.min(batch, split.count - offset);
      ctx.scope(() =>
        noGrad(ctx, () => {
          const b = split.batch(order, offset, size);
          const ce = softmaxCrossEntropy(model.forward(b.x), b.y);
          metrics.add(ce.perExample, ce.correct, offset);
        }),
      );
      ctx.flush();
    }
    return await metrics.read();
  } finally {
    order.dispose();
    metrics.dispose();
  }
}

export function validateTrainSpec(spec: TrainSpec): string[] {
  const errors: string[] = [];
  const posInt = (k: keyof TrainSpec, v: number, min = 1): void => {
    if (!Number.isInteger(v) || v < min) errors.push(`${k} must be an integer ≥ ${min}, got ${v}`);
  };
  posInt('batch', spec.batch);
  posInt('epochs', spec.epochs);
  posInt('logEvery', spec.logEvery);
  posInt('trainSize', spec.trainSize, 0);
  posInt('testSize', spec.testSize, 0);
  posInt('seed', spec.seed, 0);
  posInt('warmupSteps', spec.warmupSteps, 0);
  if (!(spec.lr > 0 && Number.isFinite(spec.lr))) errors.push(`lr must be a positive number, got ${spec.lr}`);
  if (!(spec.momentum >= 0 && spec.momentum < 1)) errors.push(`momentum must be in [0, 1), got ${spec.momentum}`);
  if (!(spec.weightDecay >= 0 && Number.isFinite(spec.weightDecay))) errors.push(`weightDecay must be ≥ 0, got ${spec.weightDecay}`);
  if (!['lenet300', 'mlp'].includes(spec.model)) errors.push(`model must be lenet300 or mlp, got ${spec.model}`);
  if (!['sgd', 'adam', 'adamw'].includes(spec.optimizer)) errors.push(`optimizer must be sgd, adam or adamw, got ${spec.optimizer}`);
  if (!['constant', 'cosine', 'step'].includes(spec.schedule)) errors.push(`schedule must be constant, cosine or step, got ${spec.schedule}`);
  if (spec.model === 'mlp' && (spec.hidden.length === 0 || spec.hidden.some((h) => !Number.isInteger(h) || h < 1))) {
    errors.push(`hidden must list positive integer widths, got ${spec.hidden.join(',')}`);
  }
  return errors;
}

export interface RunControl {
  /** Checked between steps; a stopped run ends with its summary so far. */
  stopped?: () => boolean;
  now?: () => number;
}

/** "Train a network": trains `spec` on `data`, yielding metric events and a final summary. */
export async function* trainRun(ctx: GpuContext, data: Dataset, spec: TrainSpec, control: RunControl = {}): AsyncGenerator<TrainEvent> {
  const errors = validateTrainSpec(spec);
  if (errors.length) {
    yield { type: 'error', message: errors.join('; ') };
    return;
  }
  const now = control.now ?? (() => performance.now());
  const [h, w, c] = data.manifest.shape;
  const pick = (count: number, total: number, seed: number) => (count > 0 && count < total ? seededSubset(data.train, count, seed) : undefined);
  const train = new GpuSplit(ctx, data, data.train, pick(spec.trainSize, data.train.count, spec.seed + streams.data(0)));
  const testCount = spec.testSize > 0 ? Math.min(spec.testSize, data.test.count) : data.test.count;
  const test = new GpuSplit(ctx, data, data.test, Uint32Array.from({ length: testCount }, (_, i) => i));
  const model = buildModel(ctx, spec, h * w * c, data.manifest.classes.length);
  const optimizer = buildOptimizer(model, spec);
  const stepsPerEpoch = Math.ceil(train.count / spec.batch);
  const totalSteps = stepsPerEpoch * spec.epochs;
  const lrAt = buildSchedule(spec, totalSteps);
  const metrics = new MetricAccumulator(ctx);
  yield {
    type: 'log',
    message: `${spec.model} (${parameterCount(model).toLocaleString('en-US')} parameters) on ${data.manifest.title}: ${train.count} train / ${test.count} test, ${totalSteps} steps`,
  };

  let step = 0;
  let trained = 0;
  let trainSeconds = 0;
  let epochStart = 0;
  const elapsed = (): number => trainSeconds + (now() - epochStart) / 1000;
  let last: MetricTotals | null = null;
  let pending: { read: Promise<MetricTotals>; step: number; epoch: number; examples: number } | null = null;
  let testTotals: MetricTotals | null = null;
  // Emits the previous window once the GPU has reached it, so the CPU stays one window ahead.
  const drain = async function* (): AsyncGenerator<TrainEvent, boolean> {
    if (!pending) return true;
    const p = pending;
    const t = await p.read;
    pending = null;
    last = t;
    if (t.divergedAt !== null) {
      yield { type: 'error', step: t.divergedAt, message: `training diverged: the loss became NaN or infinite at step ${t.divergedAt}` };
      return false;
    }
    yield { type: 'metric', split: 'train', step: p.step, epoch: p.epoch, loss: t.loss, accuracy: t.accuracy, examplesPerSecond: p.examples / Math.max(elapsed(), 1e-9) };
    return true;
  };
  try {
    epochs: for (let epoch = 0; epoch < spec.epochs; epoch++) {
      const order = train.order({ seed: spec.seed, epoch });
      epochStart = now();
      for (let offset = 0; offset < train.count; offset += spec.batch) {
        if (control.stopped?.()) {
          order.dispose();
          break epochs;
        }
        const size = Math.min(spec.batch, train.count - offset);
        ctx.scope(() => {
          const b = train.batch(order, offset, size);
          trainStep(model, optimizer, b.x, b.y, lrAt(step), metrics, step);
        });
        ctx.flush();
        step++;
        trained += size;
        if (step % spec.logEvery === 0 || step === totalSteps) {
          if (!(yield* drain())) {
            order.dispose();
            return;
          }
          pending = { read: metrics.read(), step, epoch: step / stepsPerEpoch, examples: trained };
        }
      }
      order.dispose();
      if (!(yield* drain())) return;
      trainSeconds = elapsed();
      testTotals = await evaluate(model, test, Math.max(spec.batch, 256));
      yield { type: 'metric', split: 'test', step, epoch: epoch + 1, loss: testTotals.loss, accuracy: testTotals.accuracy };
    }
    if (!(yield* drain())) return;
    const lastTrain = last as MetricTotals | null;
    yield {
      type: 'done',
      summary: {
        steps: step,
        epochs: step / stepsPerEpoch,
        parameters: parameterCount(model),
        trainExamples: train.count,
        testExamples: test.count,
        trainLoss: lastTrain?.loss ?? NaN,
        trainAccuracy: lastTrain?.accuracy ?? NaN,
        testLoss: testTotals?.loss ?? NaN,
        testAccuracy: testTotals?.accuracy ?? NaN,
        examplesPerSecond: trained / Math.max(trainSeconds, 1e-9),
        seconds: trainSeconds,
      },
    };
  } finally {
    metrics.dispose();
    optimizer.dispose();
    disposeModel(model);
    train.dispose();
    test.dispose();
  }
}
