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
import { argmax, norm2 } from '../gpu/kernels/reduce.ts';
import { lenet300, mlp, parameterCount, disposeModel, type Module, type Parameter } from '../gpu/nn.ts';
import { Adam, AdamW, SGD } from '../gpu/optim.ts';
import { makeSchedule, type Schedule } from '../gpu/schedule.ts';
import { streams } from '../gpu/streams.ts';
import type { StreamId } from '../gpu/rng.ts';
import { seededSubset, type Dataset } from './datasets.ts';
import { GpuSplit } from './loader.ts';
import { buildPreset, presets } from '../gpu/models/index.ts';
import { setTraining } from '../gpu/models/common.ts';

/** lenet300 and mlp are fully connected; the rest are src/gpu/models presets (conv2/4/6, resnet20, vit). */
export type ModelPreset = 'lenet300' | 'mlp' | 'conv2' | 'conv4' | 'conv6' | 'resnet20' | 'vit';
const imagePresets = ['conv2', 'conv4', 'conv6', 'resnet20', 'vit'];
export type OptimizerKind = 'sgd' | 'adam' | 'adamw';
export type ScheduleKind = 'constant' | 'cosine' | 'step';

export interface TrainSpec {
  dataset: string;
  /** Training examples (a seeded subset); 0 = the whole split. */
  trainSize: number;
  /** Test examples (the first ones of the split); 0 = the whole split. */
  testSize: number;
  model: ModelPreset;
  /** Width multiplier of the conv, ResNet and ViT presets (default 1). */
  width?: number;
  /** Random crop (4-pixel padding) and horizontal flip of training images on the GPU (default off). */
  augment?: boolean;
  /** Hidden widths of the 'mlp' preset. */
  hidden: number[];
  /** Multiplies the std of the MLP presets' Kaiming init (default 1); a small init makes the first steps unstable to SGD noise. */
  initScale?: number;
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

/** What one training step costs the engine, for benchmarks and regressions. */
export interface TrainCounters {
  dispatchesPerStep: number;
  submitsPerStep: number;
  /** New GPU storage bytes per step after the first WARMUP_STEPS (0 when the pool recycles everything). */
  bytesAllocatedPerStep: number;
  /** Pipelines compiled by the end of training, and the time to encode and submit the first step (which compiles them). */
  pipelines: number;
  firstStepMs: number;
}

/** Noise site of the data augmentation (models' dropout sites count up from 0). */
const AUGMENT_SITE = 63;

/** The Philox stream of step `step`'s crops and flips under `seed`, or none without augmentation. */
export function augmentStream(augment: boolean | undefined, seed: number, step: number): StreamId | undefined {
  return augment ? { seed, stream: streams.noise(step, AUGMENT_SITE) } : undefined;
}

/** Steps before the buffer pool is expected to have every size it needs. */
const WARMUP_STEPS = 2;

export type TrainEvent =
  | {
      type: 'metric';
      split: 'train' | 'test';
      step: number;
      epoch: number;
      loss: number;
      accuracy: number;
      examplesPerSecond?: number;
      /** Test metrics with `detail`: the predicted class of each test example, in split order. */
      predictions?: Uint32Array;
    }
  /** With `detail`: L2 norms of every parameter and of its gradient at the window's last step. */
  | { type: 'norms'; step: number; weights: Record<string, number>; grads: Record<string, number> }
  /** With `detail`: the first parameter (the first layer's weight) at the start and after each evaluation. */
  | { type: 'weights'; step: number; name: string; shape: number[]; data: Float32Array }
  | { type: 'log'; message: string }
  | { type: 'done'; summary: TrainSummary; counters: TrainCounters }
  | { type: 'error'; message: string; step?: number };

export function buildModel(
  ctx: GpuContext,
  spec: Pick<TrainSpec, 'model' | 'hidden' | 'seed' | 'width' | 'initScale'>,
  inputs: number,
  classes: number,
  /** Per-example [H, W, C] for the image presets. */
  shape: readonly number[] = [inputs, 1, 1],
): Module {
  const scale = spec.initScale ?? 1;
  if (imagePresets.includes(spec.model)) {
    if (scale !== 1) throw new Error(`the init scale applies to the MLP presets only, not to ${spec.model}`);
    return buildPreset(ctx, spec.model, { inputShape: shape, classes, seed: spec.seed, width: spec.width });
  }
  // Kaiming's ReLU gain √2, scaled; left unset at scale 1 so the default init stays bit-identical.
  const init = scale === 1 ? {} : { gain: Math.SQRT2 * scale };
  if (spec.model === 'lenet300') {
    if (inputs !== 784 || classes !== 10)
      throw new Error(`LeNet-300-100 takes 784 inputs and 10 classes; this dataset has ${inputs} and ${classes}`);
    return lenet300(ctx, { seed: spec.seed, ...init });
  }
  return mlp(ctx, [inputs, ...spec.hidden, classes], { seed: spec.seed, activation: 'relu', ...init });
}

export function buildOptimizer(
  model: Module,
  spec: Pick<TrainSpec, 'optimizer' | 'lr' | 'momentum' | 'weightDecay'>,
): SGD | Adam {
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
      return makeSchedule({
        kind: 'step',
        lr: spec.lr,
        gamma: 0.1,
        milestones: [Math.floor(totalSteps / 2), Math.floor((3 * totalSteps) / 4)],
        warmup,
      });
  }
}

/**
 * One optimizer step on a batch; everything is encoded, nothing is submitted or read. Where the
 * optimizer offers a gradient sink (plain SGD), backward hands it the linear layers' weight
 * gradients, which are then never written, unless `after` needs the gradients.
 */
export function trainStep(
  model: Module,
  optimizer: SGD | Adam,
  x: Tensor,
  y: Tensor,
  lr: number,
  metrics: MetricAccumulator,
  step: number,
  /** Encoded after the update while the gradients are still alive (e.g. ParamNorms.encode). */
  after?: () => void,
): void {
  const ctx = x.ctx;
  ctx.scope(() => {
    const ce = crossEntropy(model.forward(x), y);
    backward(ce.loss, undefined, { sink: after ? undefined : optimizer.gradientSink(lr) });
    optimizer.step(lr);
    after?.();
    metrics.add(ce.perExample, ce.correct, step);
  });
}

/**
 * Per-parameter L2 norms of the weights and their gradients, computed on the GPU into one small
 * buffer and read back with the metrics window, never inside a step.
 */
export class ParamNorms {
  private readonly stats: Tensor;

  constructor(private readonly params: Parameter[]) {
    this.stats = params[0].tensor.ctx.empty([2 * params.length]).keep();
  }

  /** Call inside a step's scope after backward: the gradients die with the scope. */
  encode(): void {
    const n = this.params.length;
    this.params.forEach((p, i) => {
      const ctx = p.tensor.ctx;
      ctx.copy(norm2(p.tensor), this.stats, 4, 0, 4 * i);
      ctx.copy(p.tensor.grad ? norm2(p.tensor.grad) : ctx.tensor([NaN]), this.stats, 4, 0, 4 * (n + i));
    });
  }

  async read(): Promise<{ weights: Record<string, number>; grads: Record<string, number> }> {
    const v = await this.stats.read();
    const n = this.params.length;
    const weights: Record<string, number> = {};
    const grads: Record<string, number> = {};
    this.params.forEach((p, i) => {
      weights[p.name] = v[i];
      grads[p.name] = v[n + i];
    });
    return { weights, grads };
  }

  dispose(): void {
    this.stats.dispose();
  }
}

/**
 * Mean loss and accuracy of `model` over a GPU-resident split; with `predictions`, also the
 * argmax class of every example in split order.
 */
export async function evaluate(
  model: Module,
  split: GpuSplit,
  batch: number,
  opts: { predictions?: boolean } = {},
): Promise<MetricTotals & { predictions?: Uint32Array }> {
  const ctx = split.ctx;
  const metrics = new MetricAccumulator(ctx);
  const order = split.order(null);
  const predicted = opts.predictions ? ctx.empty([split.count], 'u32').keep() : null;
  setTraining(model, false);
  try {
    for (let offset = 0; offset < split.count; offset += batch) {
      const size = Math.min(batch, split.count - offset);
      ctx.scope(() =>
        noGrad(ctx, () => {
          const b = split.batch(order, offset, size);
          const logits = model.forward(b.x);
          const ce = softmaxCrossEntropy(logits, b.y);
          metrics.add(ce.perExample, ce.correct, offset);
          if (predicted) ctx.copy(argmax(logits, 1), predicted, 4 * size, 0, 4 * offset);
        }),
      );
      ctx.flush();
    }
    const totals = await metrics.read();
    return predicted ? { ...totals, predictions: (await predicted.read()) as Uint32Array } : totals;
  } finally {
    setTraining(model, true);
    order.dispose();
    metrics.dispose();
    predicted?.dispose();
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
  if (!(spec.weightDecay >= 0 && Number.isFinite(spec.weightDecay)))
    errors.push(`weightDecay must be ≥ 0, got ${spec.weightDecay}`);
  if (!['lenet300', 'mlp', ...imagePresets.filter((m) => m in presets)].includes(spec.model))
    errors.push(`model must be lenet300, mlp, ${imagePresets.join(', ')}, got ${spec.model}`);
  if (spec.width !== undefined && !(spec.width > 0 && spec.width <= 16))
    errors.push(`width must be in (0, 16], got ${spec.width}`);
  if (!['sgd', 'adam', 'adamw'].includes(spec.optimizer))
    errors.push(`optimizer must be sgd, adam or adamw, got ${spec.optimizer}`);
  if (!['constant', 'cosine', 'step'].includes(spec.schedule))
    errors.push(`schedule must be constant, cosine or step, got ${spec.schedule}`);
  if (spec.model === 'mlp' && (spec.hidden.length === 0 || spec.hidden.some((h) => !Number.isInteger(h) || h < 1))) {
    errors.push(`hidden must list positive integer widths, got ${spec.hidden.join(',')}`);
  }
  return errors;
}

export interface RunControl {
  /** Checked between steps; a stopped run ends with its summary so far. */
  stopped?: () => boolean;
  /** Awaited before every step (pause, single-step); a throw ends the run with resources freed. */
  checkpoint?: () => Promise<void>;
  now?: () => number;
  /** Also emit norms and first-layer weight events, and test predictions. */
  detail?: boolean;
  /** With `detail`, norms are measured in one logging window out of this many (they cost a read-back). */
  normsEvery?: number;
}

/** "Train a network": trains `spec` on `data`, yielding metric events and a final summary. */
export async function* trainRun(
  ctx: GpuContext,
  data: Dataset,
  spec: TrainSpec,
  control: RunControl = {},
): AsyncGenerator<TrainEvent> {
  const errors = validateTrainSpec(spec);
  if (errors.length) {
    yield { type: 'error', message: errors.join('; ') };
    return;
  }
  const now = control.now ?? (() => performance.now());
  const [h, w, c] = data.manifest.shape;
  const pick = (count: number, total: number, seed: number) =>
    count > 0 && count < total ? seededSubset(data.train, count, seed) : undefined;
  const train = new GpuSplit(
    ctx,
    data,
    data.train,
    pick(spec.trainSize, data.train.count, spec.seed + streams.data(0)),
  );
  const testCount = spec.testSize > 0 ? Math.min(spec.testSize, data.test.count) : data.test.count;
  const test = new GpuSplit(
    ctx,
    data,
    data.test,
    Uint32Array.from({ length: testCount }, (_, i) => i),
  );
  const model = buildModel(ctx, spec, h * w * c, data.manifest.classes.length, [h, w, c]);
  const optimizer = buildOptimizer(model, spec);
  const stepsPerEpoch = Math.ceil(train.count / spec.batch);
  const totalSteps = stepsPerEpoch * spec.epochs;
  const lrAt = buildSchedule(spec, totalSteps);
  const metrics = new MetricAccumulator(ctx);
  const detail = control.detail ?? false;
  const norms = detail ? new ParamNorms(model.parameters()) : null;
  const firstLayer = async (step: number): Promise<TrainEvent> => {
    const p = model.parameters()[0].tensor;
    return { type: 'weights', step, name: p.name, shape: [...p.shape], data: (await p.read()) as Float32Array };
  };
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
  let pending: {
    read: Promise<MetricTotals>;
    norms: Promise<{ weights: Record<string, number>; grads: Record<string, number> }> | null;
    step: number;
    epoch: number;
    examples: number;
  } | null = null;
  let testTotals: MetricTotals | null = null;
  const counted = { dispatches: 0, submits: 0, bytes: 0, firstStepMs: NaN };
  // Emits the previous window once the GPU has reached it, so the CPU stays one window ahead.
  const drain = async function* (): AsyncGenerator<TrainEvent, boolean> {
    if (!pending) return true;
    const p = pending;
    const t = await p.read;
    pending = null;
    last = t;
    if (t.divergedAt !== null) {
      yield {
        type: 'error',
        step: t.divergedAt,
        message: `training diverged: the loss became NaN or infinite at step ${t.divergedAt}`,
      };
      return false;
    }
    yield {
      type: 'metric',
      split: 'train',
      step: p.step,
      epoch: p.epoch,
      loss: t.loss,
      accuracy: t.accuracy,
      examplesPerSecond: p.examples / Math.max(elapsed(), 1e-9),
    };
    if (p.norms) yield { type: 'norms', step: p.step, ...(await p.norms) };
    return true;
  };
  try {
    if (detail) yield await firstLayer(0);
    epochs: for (let epoch = 0; epoch < spec.epochs; epoch++) {
      const order = train.order({ seed: spec.seed, epoch });
      epochStart = now();
      for (let offset = 0; offset < train.count; offset += spec.batch) {
        if (control.stopped?.()) {
          order.dispose();
          break epochs;
        }
        if (control.checkpoint) {
          try {
            await control.checkpoint();
          } catch (err) {
            order.dispose();
            throw err;
          }
        }
        const size = Math.min(spec.batch, train.count - offset);
        const closesWindow = (step + 1) % spec.logEvery === 0 || step + 1 === totalSteps;
        const measure =
          closesWindow &&
          norms !== null &&
          (Math.ceil((step + 1) / spec.logEvery) % (control.normsEvery ?? 1) === 0 || step + 1 === totalSteps);
        const before = {
          dispatches: ctx.dispatchCount,
          submits: ctx.submitCount,
          bytes: ctx.storage.totalBytes,
          ms: now(),
        };
        ctx.scope(() => {
          const b = train.batch(order, offset, size, augmentStream(spec.augment, spec.seed, step));
          trainStep(model, optimizer, b.x, b.y, lrAt(step), metrics, step, measure ? () => norms?.encode() : undefined);
        });
        ctx.flush();
        counted.dispatches += ctx.dispatchCount - before.dispatches;
        counted.submits += ctx.submitCount - before.submits;
        if (step >= WARMUP_STEPS) counted.bytes += ctx.storage.totalBytes - before.bytes;
        if (step === 0) counted.firstStepMs = now() - before.ms;
        step++;
        trained += size;
        if (closesWindow) {
          if (!(yield* drain())) {
            order.dispose();
            return;
          }
          pending = {
            read: metrics.read(),
            norms: measure ? norms!.read() : null,
            step,
            epoch: step / stepsPerEpoch,
            examples: trained,
          };
        }
      }
      order.dispose();
      if (!(yield* drain())) return;
      trainSeconds = elapsed();
      const evaluated = await evaluate(model, test, Math.max(spec.batch, 256), { predictions: detail });
      testTotals = evaluated;
      yield {
        type: 'metric',
        split: 'test',
        step,
        epoch: epoch + 1,
        loss: evaluated.loss,
        accuracy: evaluated.accuracy,
        ...(evaluated.predictions ? { predictions: evaluated.predictions } : {}),
      };
      if (detail) yield await firstLayer(step);
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
      counters: {
        dispatchesPerStep: counted.dispatches / Math.max(step, 1),
        submitsPerStep: counted.submits / Math.max(step, 1),
        bytesAllocatedPerStep: counted.bytes / Math.max(step - WARMUP_STEPS, 1),
        pipelines: ctx.pipelineCount,
        firstStepMs: counted.firstStepMs,
      },
    };
  } finally {
    metrics.dispose();
    norms?.dispose();
    optimizer.dispose();
    disposeModel(model);
    train.dispose();
    test.dispose();
  }
}
