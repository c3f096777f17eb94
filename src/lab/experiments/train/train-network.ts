/**
 * "Train a network": the trainer of train.ts with its detail events turned into RunEvents —
 * metric series, progress, per-layer weight and gradient norms, first-layer weights as image
 * tiles, a confusion matrix and a gallery of misclassified test images after every evaluation.
 */
import type { Dataset } from '../../datasets.ts';
import type { EventOf, ExperimentRun, RunContext, RunSpec, Snapshot, SpecOf } from '../../experiment.ts';
import { trainRun, type ModelPreset, type OptimizerKind, type ScheduleKind, type TrainSpec } from '../../train.ts';
import { defineRun } from '../../declare.ts';
import { trainNetwork } from './train.experiment.ts';

/** Hidden units drawn as tiles, and misclassified test images shown. */
const TILES = 64;
const GALLERY = 32;
/** About this many points per training curve, and per norm curve (norms cost a read-back each). */
const CURVE_POINTS = 100;
const NORM_POINTS = 25;

export function toTrainSpec(spec: RunSpec): TrainSpec {
  const p = spec.params;
  const trainSize = Number(p.trainSize);
  const batch = Number(p.batch);
  const epochs = Number(p.epochs);
  const steps = Math.ceil(trainSize / batch) * epochs;
  return {
    dataset: String(p.dataset),
    trainSize,
    testSize: Number(p.testSize),
    model: p.model as ModelPreset,
    hidden: [...(p.hidden as number[])],
    optimizer: p.optimizer as OptimizerKind,
    lr: Number(p.lr),
    momentum: Number(p.momentum),
    weightDecay: Number(p.weightDecay),
    schedule: p.schedule as ScheduleKind,
    warmupSteps: Number(p.warmup),
    batch,
    epochs,
    seed: spec.seed,
    logEvery: Math.max(1, Math.min(50, Math.round(steps / CURVE_POINTS))),
  };
}

/**
 * The first `TILES` units' incoming weights as images. W is [inputs, units] and inputs are the
 * HWC-flattened pixels, so unit j's tile is column j; each tile is scaled to [0, 1] on its own.
 */
export function weightTiles<N extends string>(
  w: Float32Array,
  shape: readonly number[],
  image: readonly [number, number, number],
  step: number,
  name: N,
): Snapshot<N> {
  const [inputs, units] = shape;
  const n = Math.min(TILES, units);
  const data = new Float32Array(n * inputs);
  for (let j = 0; j < n; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < inputs; i++) {
      const v = w[i * units + j];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const scale = hi > lo ? 1 / (hi - lo) : 0;
    for (let i = 0; i < inputs; i++) data[j * inputs + i] = scale > 0 ? (w[i * units + j] - lo) * scale : 0.5;
  }
  return { kind: 'image-grid', name, step, shape: [n, ...image], data };
}

export function confusion(
  truth: Uint32Array,
  predicted: Uint32Array,
  classes: string[],
  step: number,
): Snapshot<'confusion'> {
  const k = classes.length;
  const data = new Uint32Array(k * k);
  truth.forEach((t, i) => data[t * k + predicted[i]]++);
  return { kind: 'confusion', name: 'confusion', step, shape: [k, k], data, labels: classes };
}

/** Up to GALLERY misclassified test images (the first ones in split order), raw uint8 pixels. */
export function misclassified(
  data: Dataset,
  truth: Uint32Array,
  predicted: Uint32Array,
  step: number,
): Snapshot<'misclassified'> {
  const [h, w, c] = data.manifest.shape;
  const size = h * w * c;
  const wrong: number[] = [];
  for (let i = 0; i < truth.length && wrong.length < GALLERY; i++) if (truth[i] !== predicted[i]) wrong.push(i);
  const images = new Uint8Array(wrong.length * size);
  wrong.forEach((i, k) => images.set(data.test.images.subarray(i * size, (i + 1) * size), k * size));
  return {
    kind: 'gallery',
    name: 'misclassified',
    step,
    shape: [wrong.length, h, w, c],
    data: images,
    labels: data.manifest.classes,
    truth: Uint32Array.from(wrong, (i) => truth[i]),
    predicted: Uint32Array.from(wrong, (i) => predicted[i]),
  };
}

async function* run(ctx: RunContext, spec: SpecOf<typeof trainNetwork>): AsyncGenerator<EventOf<typeof trainNetwork>> {
  const train = toTrainSpec(spec);
  const data = await ctx.dataset(train.dataset);
  const truth = Uint32Array.from(data.test.labels.subarray(0, Math.min(train.testSize, data.test.count)));
  const classes = data.manifest.classes;
  const stepsPerEpoch = Math.ceil(Math.min(train.trainSize, data.train.count) / train.batch);
  const windows = Math.ceil((stepsPerEpoch * train.epochs) / train.logEvery);
  ctx.work.plan(stepsPerEpoch * train.epochs);
  let epoch = 1;
  const epochSpan = () => ctx.work.span(stepsPerEpoch, { label: `epoch ${epoch}`, examplesPerUnit: train.batch });
  epochSpan();
  const control = {
    checkpoint: ctx.work.step,
    now: () => ctx.elapsed() * 1000,
    detail: true,
    normsEvery: Math.max(1, Math.round(windows / NORM_POINTS)),
  };
  /** Each drawn parameter's weights at the start, for the learned change W − W₀. */
  const initial = new Map<string, Float32Array>();
  for await (const ev of trainRun(ctx.gpu, data, train, control)) {
    switch (ev.type) {
      case 'metric':
        yield { type: 'metric', name: `${ev.split}/loss`, step: ev.step, value: ev.loss };
        yield { type: 'metric', name: `${ev.split}/accuracy`, step: ev.step, value: ev.accuracy };
        if (ev.predictions) {
          yield { type: 'snapshot', snapshot: confusion(truth, ev.predictions, classes, ev.step) };
          yield { type: 'snapshot', snapshot: misclassified(data, truth, ev.predictions, ev.step) };
        }
        // The test split is scored at the end of every epoch: the next one starts.
        if (ev.split === 'test' && epoch < train.epochs) {
          epoch++;
          epochSpan();
        }
        break;
      case 'norms':
        // Weights only: biases would double the number of curves for little insight.
        for (const [name, value] of Object.entries(ev.weights)) {
          const layer = name.endsWith('.weight') ? name.slice(0, -'.weight'.length) : null;
          if (layer === null) continue;
          yield { type: 'metric', name: `norm/${layer}.weight`, step: ev.step, value };
          yield { type: 'metric', name: `grad/${layer}.weight`, step: ev.step, value: ev.grads[name] };
        }
        break;
      case 'weights': {
        yield {
          type: 'snapshot',
          snapshot: weightTiles(ev.data, ev.shape, data.manifest.shape, ev.step, `weights/${ev.name}`),
        };
        // The initial noise outweighs what two epochs add, so the learned part W − W₀ is shown on its own.
        const w0 = initial.get(ev.name);
        if (!w0) initial.set(ev.name, ev.data.slice());
        else
          yield {
            type: 'snapshot',
            snapshot: weightTiles(
              ev.data.map((v, i) => v - w0[i]),
              ev.shape,
              data.manifest.shape,
              ev.step,
              `learned/${ev.name}`,
            ),
          };
        break;
      }
      case 'log':
        yield { type: 'log', message: ev.message };
        break;
      case 'error':
        yield ev.step === undefined
          ? { type: 'error', kind: 'invalid', message: ev.message }
          : {
              type: 'error',
              kind: 'diverged',
              step: ev.step,
              message: `Training diverged at step ${ev.step}: the loss became NaN or infinite. Try a smaller learning rate.`,
            };
        return;
      case 'done':
        yield { type: 'done', summary: { ...ev.summary, dataset: data.manifest.title, model: train.model } };
        return;
    }
  }
}

export const trainNetworkRunner: ExperimentRun = defineRun(trainNetwork, run);
