/**
 * "Sorting with attention as a pointer": the sequence-task transformer of seq-task.ts learns to
 * sort; a fixed held-out sequence's attention (every layer and head) is captured during training
 * and scored against the pointer a Pointer Network would use (the input position holding the
 * token each output position must emit).
 *
 * Snapshots: `attention/L<l>` (heatmap [1, H, T, T], labels = the input tokens then the
 * predicted output tokens), `attention/pointer` (heatmap [T, T] of 0/1 pointer targets).
 * Metrics: train/loss, train/accuracy (token), test/accuracy (token), test/sequence-accuracy,
 * pointer/L<l> (mean attention mass on the pointer targets, over heads).
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import type { MultiHeadAttention } from '../../../gpu/layers/attention.ts';
import { inputBlindAccuracy, seqBatch, defaultSeqSpec, type SeqBatch, type SeqSpec } from '../../seq-task.ts';
import { MetricAccumulator } from '../../../gpu/kernels/metrics.ts';
import { logEveryFor, logTrainWindow, warmupFor } from '../../train-events.ts';
import { noGrad } from '../../../gpu/autograd.ts';
import { argmax } from '../../../gpu/kernels/reduce.ts';
import { disposeModel, parameterCount } from '../../../gpu/nn.ts';
import { streams } from '../../../gpu/streams.ts';
import { buildPreset, type Model } from '../../../gpu/models/index.ts';
import { AttentionModel, Transformer } from '../../../gpu/models/transformer.ts';
import { buildOptimizer, buildSchedule, trainStep } from '../../train.ts';
import { captureAttention } from './capture.ts';
import { pointerMass, sortPointers } from './maps.ts';
import { defineRun } from '../../declare.ts';
import { sortAttention } from './sort-attention.experiment.ts';

type SortEvent = EventOf<typeof sortAttention>;

function toSortSpec(spec: SpecOf<typeof sortAttention>): SeqSpec {
  const p = spec.params;
  return {
    ...defaultSeqSpec,
    ...p,
    task: 'sort',
    warmupSteps: warmupFor(p.steps),
    seed: spec.seed,
    logEvery: logEveryFor(p.steps),
  };
}

function attentionLayers(model: Model): MultiHeadAttention[] {
  if (model instanceof Transformer) return model.blocks.map((b) => b.attn);
  if (model instanceof AttentionModel) return [model.attn];
  return [];
}

/** Token and whole-sequence accuracy of greedy per-position predictions on `held`. */
async function heldOut(
  ctx: GpuContext,
  model: Model,
  held: SeqBatch,
  s: SeqSpec,
): Promise<{ token: number; sequence: number }> {
  const predicted = ctx.scope(() =>
    noGrad(ctx, () => argmax(model.forward(ctx.tensor(held.inputs, [s.evalSize, s.length], 'u32')), 1).keep()),
  );
  ctx.flush();
  const pred = await predicted.read();
  predicted.dispose();
  let tokens = 0;
  let sequences = 0;
  for (let e = 0; e < s.evalSize; e++) {
    let all = true;
    for (let t = 0; t < s.length; t++) {
      const ok = pred[e * s.length + t] === held.targets[e * s.length + t];
      tokens += ok ? 1 : 0;
      all &&= ok;
    }
    sequences += all ? 1 : 0;
  }
  return { token: tokens / (s.evalSize * s.length), sequence: sequences / s.evalSize };
}

export async function* sortAttentionRun(ctx: RunContext, s: SeqSpec): AsyncGenerator<SortEvent> {
  const gpu = ctx.gpu;
  const model = buildPreset(gpu, s.model, {
    inputShape: [s.length],
    classes: s.vocab,
    seed: s.seed,
    layers: s.layers,
    features: s.features,
    heads: s.heads,
  });
  const optimizer = buildOptimizer(model, { optimizer: 'adam', lr: s.lr, momentum: 0, weightDecay: 0 });
  const lrAt = buildSchedule(s, s.steps);
  const metrics = new MetricAccumulator(gpu);
  const layers = attentionLayers(model);
  const held = seqBatch('sort', s.evalSize, s.length, s.vocab, s.seed, streams.data(1));
  // The sequence drawn: the first held-out one, so the maps are of an input the model never trains on.
  const shown = held.inputs.slice(0, s.length);
  const pointers = sortPointers(shown);
  const T = s.length;

  const snapshots = async function* (step: number): AsyncGenerator<SortEvent> {
    const cap = await captureAttention(gpu, layers, () => model.forward(gpu.tensor(shown, [1, T], 'u32')));
    const labels = [...shown, ...cap.predicted].map(String);
    for (const [l, p] of cap.probs.entries()) {
      // Measured before the map is yielded: the worker hands snapshot buffers over to the UI.
      let mass = 0;
      for (let h = 0; h < s.heads; h++)
        mass = Math.max(mass, pointerMass(p.subarray(h * T * T, (h + 1) * T * T), pointers, T));
      yield {
        type: 'snapshot',
        snapshot: { kind: 'heatmap', name: `attention/L${l}`, step, shape: [1, s.heads, T, T], data: p, labels },
      };
      yield { type: 'metric', name: `pointer/L${l}`, step, value: mass };
    }
  };

  try {
    yield {
      type: 'log',
      message: `${s.model} (${parameterCount(model).toLocaleString('en-US')} parameters) sorting length ${T} over ${s.vocab} tokens: ${s.steps} steps of ${s.batch}`,
    };
    yield {
      type: 'snapshot',
      snapshot: {
        kind: 'heatmap',
        name: 'attention/pointer',
        step: 0,
        shape: [T, T],
        data: Float32Array.from(pointers),
        labels: [...shown].map(String),
      },
    };
    yield* snapshots(0);
    const every = Math.max(1, Math.round(s.steps / 6));
    ctx.work.plan(s.steps);
    ctx.work.span(s.steps, { examplesPerUnit: s.batch });
    for (let step = 0; step < s.steps; step++) {
      await ctx.work.step();
      const b = seqBatch('sort', s.batch, T, s.vocab, s.seed, streams.noise(step, 0));
      gpu.scope(() =>
        trainStep(
          model,
          optimizer,
          gpu.tensor(b.inputs, [s.batch, T], 'u32'),
          gpu.tensor(b.targets, [s.batch * T], 'u32'),
          lrAt(step),
          metrics,
          step,
        ),
      );
      gpu.flush();
      const done = step + 1;
      if ((done % s.logEvery === 0 || done === s.steps) && !(yield* logTrainWindow(metrics, done))) return;
      if (done % every === 0 || done === s.steps) yield* snapshots(done);
    }
    const acc = await heldOut(gpu, model, held, s);
    yield { type: 'metric', name: 'test/accuracy', step: s.steps, value: acc.token };
    yield { type: 'metric', name: 'test/sequence-accuracy', step: s.steps, value: acc.sequence };
    yield {
      type: 'done',
      summary: {
        steps: s.steps,
        testTokenAccuracy: acc.token,
        testSequenceAccuracy: acc.sequence,
        inputBlindTokenAccuracy: inputBlindAccuracy(held, s.length, s.vocab),
        parameters: parameterCount(model),
        seconds: ctx.elapsed(),
      },
    };
  } finally {
    metrics.dispose();
    optimizer.dispose();
    disposeModel(model);
  }
}

export const sortAttentionRunner: ExperimentRun = defineRun(sortAttention, (ctx, spec) =>
  sortAttentionRun(ctx, toSortSpec(spec)),
);
