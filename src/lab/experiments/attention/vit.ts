/**
 * "What a vision transformer attends to": a small ViT (7×7 patches on 28×28 digits) trains on an
 * MNIST subset; before training and after each epoch the attention of every layer and head on a
 * few fixed test images is read back, with the attention rollout (Abnar & Zuidema 2020) through
 * all layers.
 *
 * Snapshots: `attention/inputs` (image-grid [n, 28, 28, 1], labels "truth→predicted"),
 * `attention/L<l>` (heatmap [n, H, T, T]), `attention/rollout` (heatmap [n, T, T]).
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import type { Dataset } from '../../datasets.ts';
import { seededSubset } from '../../datasets.ts';
import { GpuSplit } from '../../loader.ts';
import { MetricAccumulator } from '../../../gpu/kernels/metrics.ts';
import { logEveryFor, logTrainWindow, warmupFor } from '../../train-events.ts';
import { disposeModel, parameterCount } from '../../../gpu/nn.ts';
import { streams } from '../../../gpu/streams.ts';
import { VisionTransformer } from '../../../gpu/models/vit.ts';
import { buildOptimizer, buildSchedule, evaluate, trainStep } from '../../train.ts';
import { captureAttention } from './capture.ts';
import { rollout } from './maps.ts';
import { defineRun } from '../../declare.ts';
import { vitAttention } from './vit-attention.experiment.ts';

export interface VitRun {
  trainSize: number;
  testSize: number;
  patch: number;
  layers: number;
  features: number;
  heads: number;
  lr: number;
  batch: number;
  epochs: number;
  examples: number;
  seed: number;
}

type VitEvent = EventOf<typeof vitAttention>;

function toVitRun(spec: SpecOf<typeof vitAttention>): VitRun {
  return { ...spec.params, patch: Number(spec.params.patch), seed: spec.seed };
}

/** The first test image of each class 0, 1, 2, … until `n` images: varied digits, stable across runs. */
function pickExamples(data: Dataset, n: number): number[] {
  const picked: number[] = [];
  const classes = data.manifest.classes.length;
  for (let c = 0; picked.length < n && c < classes * 8; c++) {
    const want = c % classes;
    for (let i = 0; i < data.test.count; i++) {
      if (data.test.labels[i] === want && !picked.includes(i)) {
        picked.push(i);
        break;
      }
    }
  }
  return picked;
}

/** Trains the ViT and streams metrics and attention snapshots; also used by the checks. */
export async function* vitAttentionRun(ctx: RunContext, r: VitRun): AsyncGenerator<VitEvent> {
  const gpu = ctx.gpu;
  const data = await ctx.dataset('mnist');
  const [H, W, C] = data.manifest.shape;
  const train = new GpuSplit(
    gpu,
    data,
    data.train,
    r.trainSize < data.train.count ? seededSubset(data.train, r.trainSize, r.seed + streams.data(0)) : undefined,
  );
  const test = new GpuSplit(
    gpu,
    data,
    data.test,
    Uint32Array.from({ length: Math.min(r.testSize, data.test.count) }, (_, i) => i),
  );
  const chosen = pickExamples(data, r.examples);
  const shown = new GpuSplit(gpu, data, data.test, chosen);
  const model = new VisionTransformer(gpu, {
    inputShape: [H, W, C],
    classes: data.manifest.classes.length,
    seed: r.seed,
    patch: r.patch,
    layers: r.layers,
    features: r.features,
    heads: r.heads,
  });
  const optimizer = buildOptimizer(model, { optimizer: 'adam', lr: r.lr, momentum: 0, weightDecay: 0 });
  const stepsPerEpoch = Math.ceil(train.count / r.batch);
  const total = stepsPerEpoch * r.epochs;
  const lrAt = buildSchedule({ schedule: 'cosine', lr: r.lr, warmupSteps: warmupFor(total) }, total);
  const logEvery = logEveryFor(total);
  const metrics = new MetricAccumulator(gpu);
  const attn = model.blocks.map((b) => b.attn);
  const T = (H / r.patch) * (W / r.patch);
  const size = H * W * C;

  // Built whole before any is yielded: the worker hands snapshot buffers over, and the rollout reads the maps.
  const snapshots = async (step: number): Promise<VitEvent[]> => {
    const order = shown.order(null);
    try {
      const cap = await captureAttention(gpu, attn, () => model.forward(shown.batch(order, 0, shown.count).x));
      const n = shown.count;
      const pixels = new Float32Array(n * size);
      chosen.forEach((i, k) =>
        data.test.images.subarray(i * size, (i + 1) * size).forEach((v, j) => (pixels[k * size + j] = v / 255)),
      );
      const labels = chosen.map(
        (i, k) => `${data.manifest.classes[data.test.labels[i]]}→${data.manifest.classes[cap.predicted[k]]}`,
      );
      const roll = rollout(cap.probs, n, r.heads, T);
      return [
        {
          type: 'snapshot',
          snapshot: { kind: 'image-grid', name: 'attention/inputs', step, shape: [n, H, W, C], data: pixels, labels },
        },
        ...cap.probs.map((p, l): VitEvent => ({
          type: 'snapshot',
          snapshot: { kind: 'heatmap', name: `attention/L${l}`, step, shape: [n, r.heads, T, T], data: p },
        })),
        {
          type: 'snapshot',
          snapshot: { kind: 'heatmap', name: 'attention/rollout', step, shape: [n, T, T], data: roll },
        },
      ];
    } finally {
      order.dispose();
    }
  };

  try {
    yield {
      type: 'log',
      message: `ViT (${parameterCount(model).toLocaleString('en-US')} parameters, ${T} patches of ${r.patch}×${r.patch}) on ${train.count} MNIST digits: ${total} steps`,
    };
    yield* await snapshots(0);
    ctx.work.plan(total);
    let step = 0;
    for (let epoch = 0; epoch < r.epochs; epoch++) {
      ctx.work.span(stepsPerEpoch, { label: `epoch ${epoch + 1}`, examplesPerUnit: r.batch });
      const order = train.order({ seed: r.seed, epoch });
      try {
        for (let offset = 0; offset < train.count; offset += r.batch) {
          await ctx.work.step();
          const n = Math.min(r.batch, train.count - offset);
          gpu.scope(() => {
            const b = train.batch(order, offset, n);
            trainStep(model, optimizer, b.x, b.y, lrAt(step), metrics, step);
          });
          gpu.flush();
          step++;
          if ((step % logEvery === 0 || step === total) && !(yield* logTrainWindow(metrics, step))) return;
        }
      } finally {
        order.dispose();
      }
      const t = await evaluate(model, test, 256);
      yield { type: 'metric', name: 'test/loss', step, value: t.loss };
      yield { type: 'metric', name: 'test/accuracy', step, value: t.accuracy };
      yield* await snapshots(step);
      if (epoch === r.epochs - 1)
        yield {
          type: 'done',
          summary: {
            steps: step,
            testAccuracy: t.accuracy,
            testLoss: t.loss,
            parameters: parameterCount(model),
            seconds: ctx.elapsed(),
          },
        };
    }
  } finally {
    metrics.dispose();
    optimizer.dispose();
    disposeModel(model);
    train.dispose();
    test.dispose();
    shown.dispose();
  }
}

export const vitAttentionRunner: ExperimentRun = defineRun(vitAttention, (ctx, spec) =>
  vitAttentionRun(ctx, toVitRun(spec)),
);
