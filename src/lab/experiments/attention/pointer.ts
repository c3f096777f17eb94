/**
 * Pointer networks (Vinyals et al. 2015) on our attention layers: a transformer encoder over the
 * n + 1 slots of pointer-tasks.ts (no positional encodings, so a net trained on lengths 5–10 runs
 * unchanged at 20), a causal decoder that cross-attends to the encoder, and a single-head pointer
 * whose scaled dot-product logits over the slots ARE the output distribution. The paper uses
 * LSTMs and additive attention; this keeps its pointer-as-output idea on the lab's fused kernels.
 * Trained with teacher forcing and cross-entropy on the pointer; decoded greedily with slots
 * already pointed at masked (as in training).
 *
 * Snapshots per test length n: `pointer/points/n<n>` (heatmap [n, dims] of the input coordinates,
 * `truth` and `predicted` the target and greedy slot sequences), `pointer/probs/n<n>` (heatmap
 * [steps, n + 1]: the pointer distribution at each decoding step; slot 0 is the end token).
 * Metrics: train/loss, train/accuracy (per pointer step), exact/n<n> (whole-sequence match), and
 * for hulls coverage/n<n> (predicted polygon area over the hull's, 0 when not simple); a hull run's
 * summary adds the same scores of the star-polygon baseline on the same inputs.
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { Linear, type Parameter } from '../../../gpu/nn.ts';
import { MultiHeadAttention } from '../../../gpu/layers/attention.ts';
import { LayerNorm } from '../../../gpu/layers/norm.ts';
import { StreamCounter } from '../../../gpu/models/transformer.ts';
import { add, scale } from '../../../gpu/ops/elementwise.ts';
import { matmulOp } from '../../../gpu/ops/linear.ts';
import { reshape } from '../../../gpu/ops/conv.ts';
import { crossEntropy } from '../../../gpu/ops/loss.ts';
import { backward, noGrad } from '../../../gpu/autograd.ts';
import { Adam } from '../../../gpu/optim.ts';
import { MetricAccumulator } from '../../../gpu/kernels/metrics.ts';
import { logEveryFor, logTrainWindow, warmupFor } from '../../train-events.ts';
import { bitsArray } from '../../../gpu/rng.ts';
import { streams } from '../../../gpu/streams.ts';
import { buildSchedule } from '../../train.ts';
import {
  decoderFeatures,
  dimsOf,
  pointerBatch,
  pointerMask,
  pointsOf,
  scoreHull,
  slotFeatures,
  starPolygon,
  stepsOf,
  untilEnd,
  type PointerBatch,
  type PointerTask,
} from './pointer-tasks.ts';
import { defineRun } from '../../declare.ts';
import { pointerNetwork } from './pointer-network.experiment.ts';

export interface PointerRun {
  task: PointerTask;
  minLength: number;
  maxLength: number;
  testLengths: number[];
  layers: number;
  features: number;
  heads: number;
  lr: number;
  batch: number;
  steps: number;
  evalSize: number;
  seed: number;
}

type PointerEvent = EventOf<typeof pointerNetwork>;

function toPointerRun(spec: SpecOf<typeof pointerNetwork>): PointerRun {
  return { ...spec.params, testLengths: [...spec.params.testLengths], seed: spec.seed };
}

/**
 * Pre-LN block on a residual stream [B·T, d]: self-attention, cross-attention to a memory
 * [B, S, d] when the block has one, then a GELU MLP. Not models/transformer.ts's block: that one
 * fixes T at construction (lengths vary here) and has no cross-attention.
 */
class PointerBlock {
  readonly ln1: LayerNorm;
  readonly self: MultiHeadAttention;
  readonly lnX: LayerNorm | null;
  readonly cross: MultiHeadAttention | null;
  readonly ln2: LayerNorm;
  readonly fc1: Linear;
  readonly fc2: Linear;

  constructor(
    ctx: GpuContext,
    name: string,
    d: number,
    heads: number,
    seed: number,
    s: StreamCounter,
    decoder: boolean,
  ) {
    this.ln1 = new LayerNorm(ctx, `${name}.ln1`, d);
    this.self = new MultiHeadAttention(ctx, `${name}.self`, d, heads, { seed, streamBase: s.take(8), causal: decoder });
    this.lnX = decoder ? new LayerNorm(ctx, `${name}.lnx`, d) : null;
    this.cross = decoder
      ? new MultiHeadAttention(ctx, `${name}.cross`, d, heads, { seed, streamBase: s.take(8) })
      : null;
    this.ln2 = new LayerNorm(ctx, `${name}.ln2`, d);
    this.fc1 = new Linear(ctx, `${name}.mlp.fc1`, d, 4 * d, { activation: 'gelu', seed, streamBase: s.take(2) });
    this.fc2 = new Linear(ctx, `${name}.mlp.fc2`, 4 * d, d, { init: 'glorot-uniform', seed, streamBase: s.take(2) });
  }

  forward(h: Tensor, B: number, T: number, memory: Tensor | null): Tensor {
    const d = h.shape[1];
    const seq = (x: Tensor) => reshape(x, [B, T, d]);
    h = add(h, reshape(this.self.forward(seq(this.ln1.forward(h))), h.shape));
    if (this.cross && this.lnX && memory)
      h = add(h, reshape(this.cross.attend(seq(this.lnX.forward(h)), memory), h.shape));
    return add(h, this.fc2.forward(this.fc1.forward(this.ln2.forward(h))));
  }

  parameters(): Parameter[] {
    return [this.ln1, this.self, this.lnX, this.cross, this.ln2, this.fc1, this.fc2].flatMap(
      (m) => m?.parameters() ?? [],
    );
  }
}

export class PointerNet {
  readonly embedEnc: Linear;
  readonly embedDec: Linear;
  readonly encoder: PointerBlock[];
  readonly decoder: PointerBlock[];
  readonly lnEnc: LayerNorm;
  readonly lnDec: LayerNorm;
  readonly query: Linear;
  readonly key: Linear;

  constructor(
    ctx: GpuContext,
    inFeatures: number,
    readonly d: number,
    heads: number,
    layers: number,
    seed: number,
  ) {
    const s = new StreamCounter();
    this.embedEnc = new Linear(ctx, 'enc.embed', inFeatures, d, {
      init: 'glorot-uniform',
      seed,
      streamBase: s.take(2),
    });
    this.embedDec = new Linear(ctx, 'dec.embed', inFeatures, d, {
      init: 'glorot-uniform',
      seed,
      streamBase: s.take(2),
    });
    this.encoder = Array.from(
      { length: layers },
      (_, i) => new PointerBlock(ctx, `enc.${i}`, d, heads, seed, s, false),
    );
    this.decoder = Array.from({ length: layers }, (_, i) => new PointerBlock(ctx, `dec.${i}`, d, heads, seed, s, true));
    this.lnEnc = new LayerNorm(ctx, 'enc.ln_f', d);
    this.lnDec = new LayerNorm(ctx, 'dec.ln_f', d);
    this.query = new Linear(ctx, 'pointer.q', d, d, { init: 'glorot-uniform', seed, streamBase: s.take(2) });
    this.key = new Linear(ctx, 'pointer.k', d, d, { init: 'glorot-uniform', seed, streamBase: s.take(2) });
  }

  /** Slot features [B, S, F] → memory [B, S, d]. */
  encode(slots: Tensor): Tensor {
    const [B, S, F] = slots.shape;
    const h = this.encoder.reduce(
      (x, b) => b.forward(x, B, S, null),
      this.embedEnc.forward(reshape(slots, [B * S, F])),
    );
    return reshape(this.lnEnc.forward(h), [B, S, this.d]);
  }

  /** Pointer logits [B·T, S] for decoder inputs [B, T, F] over memory [B, S, d], plus the additive mask [B, T, S]. */
  point(memory: Tensor, dec: Tensor, mask: Tensor): Tensor {
    const [B, T, F] = dec.shape;
    const S = memory.shape[1];
    const h = this.decoder.reduce(
      (x, b) => b.forward(x, B, T, memory),
      this.embedDec.forward(reshape(dec, [B * T, F])),
    );
    const q = reshape(this.query.forward(this.lnDec.forward(h)), [B, T, this.d]);
    const k = reshape(this.key.forward(reshape(memory, [B * S, this.d])), [B, S, this.d]);
    const logits = add(scale(matmulOp(q, k, { transB: true }), 1 / Math.sqrt(this.d)), mask);
    return reshape(logits, [B * T, S]);
  }

  parameters(): Parameter[] {
    return [
      this.embedEnc,
      this.embedDec,
      ...this.encoder,
      ...this.decoder,
      this.lnEnc,
      this.lnDec,
      this.query,
      this.key,
    ].flatMap((m) => m.parameters());
  }

  dispose(): void {
    for (const p of this.parameters()) p.tensor.dispose();
  }
}

/** Training length of a step, uniform in [min, max] from Philox (seed, step). */
function lengthAt(r: PointerRun, step: number): number {
  const u = bitsArray(1, { seed: r.seed, stream: streams.noise(step, 1) })[0] / 2 ** 32;
  return r.minLength + Math.floor(u * (r.maxLength - r.minLength + 1));
}

export interface Decoded {
  /** [count, steps] greedy slot choices. */
  pointed: Uint32Array;
  /** [steps, S] pointer distribution of example 0 at each step (masked slots 0). */
  probs: Float32Array;
}

/**
 * Greedy decoding: one decoder pass per step over the prefix so far (no cache: steps ≤ 65), the
 * argmax of the masked pointer logits of the last row is the next slot.
 */
export async function greedyDecode(ctx: GpuContext, net: PointerNet, b: PointerBatch): Promise<Decoded> {
  const S = b.n + 1;
  const F = dimsOf(b.task) + 1;
  const steps = stepsOf(b.task, b.n);
  const slots = slotFeatures(b);
  const pointed = new Uint32Array(b.count * steps);
  const probs = new Float32Array(steps * S);
  const memory = ctx.scope(() => noGrad(ctx, () => net.encode(ctx.tensor(slots, [b.count, S, F])).keep()));
  try {
    for (let t = 0; t < steps; t++) {
      const len = t + 1;
      const logits = ctx.scope(() =>
        noGrad(ctx, () => {
          const dec = ctx.tensor(decoderFeatures(slots, pointed, b.count, S, F, steps, len), [b.count, len, F]);
          const mask = ctx.tensor(pointerMask(b.task, pointed, b.count, S, steps, len), [b.count, len, S]);
          return net.point(memory, dec, mask).keep();
        }),
      );
      ctx.flush();
      const all = (await logits.read()) as Float32Array;
      logits.dispose();
      for (let e = 0; e < b.count; e++) {
        const row = all.subarray((e * len + t) * S, (e * len + t + 1) * S);
        let best = 0;
        for (let j = 1; j < S; j++) if (row[j] > row[best]) best = j;
        pointed[e * steps + t] = best;
        if (e === 0) {
          let z = 0;
          for (let j = 0; j < S; j++) z += Math.exp(row[j] - row[best]);
          for (let j = 0; j < S; j++) probs[t * S + j] = Math.exp(row[j] - row[best]) / z;
        }
      }
    }
  } finally {
    memory.dispose();
  }
  return { pointed, probs };
}

export interface LengthScore {
  n: number;
  /** Share of inputs whose whole output sequence is right. */
  exact: number;
  /** Hulls: mean area coverage; sorting: NaN. */
  coverage: number;
}

/** Exact match (and hull coverage) of greedy outputs against the references. */
export function scoreDecoded(b: PointerBatch, pointed: Uint32Array): LengthScore {
  const steps = stepsOf(b.task, b.n);
  let exact = 0;
  let coverage = 0;
  for (let e = 0; e < b.count; e++) {
    const pred = pointed.subarray(e * steps, (e + 1) * steps);
    const truth = b.targets.subarray(e * steps, (e + 1) * steps);
    if (b.task === 'sort') exact += pred.every((v, i) => v === truth[i]) ? 1 : 0;
    else {
      const s = scoreHull(pointsOf(b, e), untilEnd(pred));
      exact += s.exact ? 1 : 0;
      coverage += s.coverage;
    }
  }
  return { n: b.n, exact: exact / b.count, coverage: b.task === 'hull' ? coverage / b.count : NaN };
}

/** The slots of the star-polygon baseline (pointer-tasks.ts) for every input of a hull batch, end-padded. */
function starSlots(b: PointerBatch): Uint32Array {
  const steps = stepsOf(b.task, b.n);
  const out = new Uint32Array(b.count * steps);
  for (let e = 0; e < b.count; e++) starPolygon(pointsOf(b, e)).forEach((i, t) => (out[e * steps + t] = i + 1));
  return out;
}

/** Trains the pointer network, then scores greedy decoding at every test length; also used by the checks. */
export async function* pointerRun(ctx: RunContext, r: PointerRun): AsyncGenerator<PointerEvent> {
  const gpu = ctx.gpu;
  const dims = dimsOf(r.task);
  const F = dims + 1;
  const net = new PointerNet(gpu, F, r.features, r.heads, r.layers, r.seed);
  const params = net.parameters();
  const optimizer = new Adam(
    params.map((p) => ({ name: p.name, tensor: p.tensor, mask: null })),
    { lr: r.lr },
  );
  const lrAt = buildSchedule({ schedule: 'cosine', lr: r.lr, warmupSteps: warmupFor(r.steps) }, r.steps);
  const metrics = new MetricAccumulator(gpu);
  const logEvery = logEveryFor(r.steps);
  // One held-out input per test length is drawn in the view; the scored sets are separate draws.
  const shown = r.testLengths.map((n) => pointerBatch(r.task, 1, n, r.seed, streams.data(1000 + n)));

  const snapshots = async function* (step: number): AsyncGenerator<PointerEvent> {
    for (const b of shown) {
      const d = await greedyDecode(gpu, net, b);
      // Copies: the runner transfers snapshot buffers to the UI, and `shown` is decoded again later.
      yield {
        type: 'snapshot',
        snapshot: {
          kind: 'heatmap',
          name: `pointer/points/n${b.n}`,
          step,
          shape: [b.n, dims],
          data: b.points.slice(),
          truth: b.targets.slice(),
          predicted: d.pointed,
        },
      };
      yield {
        type: 'snapshot',
        snapshot: {
          kind: 'heatmap',
          name: `pointer/probs/n${b.n}`,
          step,
          shape: [stepsOf(r.task, b.n), b.n + 1],
          data: d.probs,
        },
      };
    }
  };

  try {
    const count = params.reduce((n, p) => n + p.tensor.size, 0);
    yield {
      type: 'log',
      message: `pointer network (${count.toLocaleString('en-US')} parameters) on ${r.task}, training lengths ${r.minLength}–${r.maxLength}: ${r.steps} steps of ${r.batch}`,
    };
    yield* snapshots(0);
    const every = Math.max(1, Math.round(r.steps / 5));
    ctx.work.plan(r.steps);
    ctx.work.span(r.steps, { examplesPerUnit: r.batch });
    for (let step = 0; step < r.steps; step++) {
      await ctx.work.step();
      const n = lengthAt(r, step);
      const S = n + 1;
      const steps = stepsOf(r.task, n);
      const b = pointerBatch(r.task, r.batch, n, r.seed, streams.noise(step, 0));
      const slots = slotFeatures(b);
      gpu.scope(() => {
        const memory = net.encode(gpu.tensor(slots, [r.batch, S, F]));
        const dec = gpu.tensor(decoderFeatures(slots, b.targets, r.batch, S, F, steps), [r.batch, steps, F]);
        const mask = gpu.tensor(pointerMask(r.task, b.targets, r.batch, S, steps), [r.batch, steps, S]);
        const ce = crossEntropy(net.point(memory, dec, mask), gpu.tensor(b.targets, [r.batch * steps], 'u32'));
        backward(ce.loss);
        optimizer.step(lrAt(step));
        metrics.add(ce.perExample, ce.correct, step);
      });
      gpu.flush();
      const done = step + 1;
      if ((done % logEvery === 0 || done === r.steps) && !(yield* logTrainWindow(metrics, done))) return;
      if (done % every === 0 || done === r.steps) yield* snapshots(done);
    }
    const summary: Record<string, number | string> = { steps: r.steps, parameters: count };
    for (const n of r.testLengths) {
      const b = pointerBatch(r.task, r.evalSize, n, r.seed, streams.data(n));
      const s = scoreDecoded(b, (await greedyDecode(gpu, net, b)).pointed);
      yield { type: 'metric', name: `exact/n${n}`, step: r.steps, value: s.exact };
      summary[`exact${n}`] = s.exact;
      if (r.task === 'hull') {
        yield { type: 'metric', name: `coverage/n${n}`, step: r.steps, value: s.coverage };
        summary[`coverage${n}`] = s.coverage;
        const star = scoreDecoded(b, starSlots(b));
        summary[`starExact${n}`] = star.exact;
        summary[`starCoverage${n}`] = star.coverage;
      }
    }
    summary.seconds = ctx.elapsed();
    yield { type: 'done', summary };
  } finally {
    metrics.dispose();
    optimizer.dispose();
    net.dispose();
  }
}

export const pointerNetworkRunner: ExperimentRun = defineRun(pointerNetwork, (ctx, spec) =>
  pointerRun(ctx, toPointerRun(spec)),
);
