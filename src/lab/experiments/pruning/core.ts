/**
 * The pruning family's engine: train a (masked) MLP or Conv-2/4/6 for a number of steps from
 * whatever weights it holds, iterative magnitude pruning (IMP) with rewinding and its two controls, and the
 * instability analysis of Frankle et al. (two copies from one rewind point, test error along the
 * straight line between them). Shared by the experiments and by the verify checks.
 */
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import type { Linear, Module, Sequential } from '../../../gpu/nn.ts';
import { disposeModel, restore, snapshot } from '../../../gpu/nn.ts';
import type { Conv2d } from '../../../gpu/layers/conv.ts';
import { ConvNet } from '../../../gpu/models/conv.ts';
import { ResNet } from '../../../gpu/models/resnet.ts';
import { noGrad } from '../../../gpu/autograd.ts';
import { flatCopy, flatLerp } from '../../../gpu/kernels/flat.ts';
import { MetricAccumulator } from '../../../gpu/kernels/metrics.ts';
import { magnitudePrune, maskDensity, randomMask } from '../../../gpu/pruning.ts';
import { streams } from '../../../gpu/streams.ts';
import {
  augmentStream,
  buildModel,
  buildOptimizer,
  buildSchedule,
  evaluate,
  trainStep,
  type ModelPreset,
  type OptimizerKind,
  type ScheduleKind,
} from '../../train.ts';
import type { GpuSplit } from '../../loader.ts';
import { TrainingDiverged } from '../../experiment.ts';

export interface SparseTrainSpec {
  model: ModelPreset;
  hidden: number[];
  /** Width multiplier of the conv presets (1 = the paper's 64/128/256 channels). */
  width?: number;
  /** Multiplies the MLP's Kaiming init std (default 1). */
  initScale?: number;
  optimizer: OptimizerKind;
  lr: number;
  momentum: number;
  schedule: ScheduleKind;
  batch: number;
  /** Total steps of a full training run (the schedule's length). */
  steps: number;
  /** Evaluations per run (for the early-stop step and the curves). */
  evals: number;
  /** Random crop and flip of training images, drawn from the data-order seed (default off). */
  augment?: boolean;
  /** Decoupled from the masks: pruned weights stay zero (default 0). */
  weightDecay?: number;
}

export interface TrainResult {
  accuracy: number;
  loss: number;
  /**
   * Step of the lowest loss among the evaluations — on the validation split when one is given
   * (Frankle & Carbin's early-stop criterion), else on test — and the test accuracy there.
   */
  earlyStopStep: number;
  earlyStopAccuracy: number;
}

export interface Hooks {
  checkpoint?: () => Promise<void>;
  /** Called before step s (s = from … steps−1) is taken; used to store the rewind point. */
  beforeStep?: (step: number) => Promise<void>;
  /** A held-out split carved from train: picks the early-stop step, so test never does. */
  val?: GpuSplit;
}

/** A layer whose weight IMP prunes: a Linear ([in, out]) or a Conv2d ([outC, inC, k, k]). */
export type MaskedLayer = Linear | Conv2d;

/** The input a net is built for: flat size, classes and, for the conv presets, [H, W, C]. */
export interface Dims {
  inputs: number;
  classes: number;
  shape?: readonly number[];
}

/** The model's prunable layers in forward order: every conv, then every fully connected layer. */
export function layersOf(model: Module): MaskedLayer[] {
  return model instanceof ConvNet || model instanceof ResNet
    ? [...model.convs, ...model.fcs]
    : ((model as Sequential).layers as Linear[]);
}

/** An MLP / LeNet-300-100 (flat inputs) or a Conv-2/4/6 preset (`dims.shape` images). */
export function buildNet(ctx: GpuContext, spec: SparseTrainSpec, seed: number, dims: Dims): Module {
  return buildModel(ctx, { ...spec, seed }, dims.inputs, dims.classes, dims.shape);
}

/**
 * Trains steps `from … spec.steps−1` of a run (the schedule and the data order as if the run had
 * started at 0, so a rewound model resumes where its rewind point was), with a fresh optimizer
 * that keeps the model's masks, evaluating `spec.evals` times (on `hooks.val` when given, else on
 * `test`) to find the early-stop step.
 */
export async function trainFrom(
  model: Module,
  train: GpuSplit,
  test: GpuSplit,
  spec: SparseTrainSpec,
  orderSeed: number,
  from: number,
  hooks: Hooks = {},
): Promise<TrainResult> {
  const ctx = train.ctx;
  const optimizer = buildOptimizer(model, { ...spec, weightDecay: spec.weightDecay ?? 0 });
  const lrAt = buildSchedule({ schedule: spec.schedule, lr: spec.lr, warmupSteps: 0 }, spec.steps);
  const metrics = new MetricAccumulator(ctx);
  const perEpoch = Math.ceil(train.count / spec.batch);
  const evalAt = new Set(Array.from({ length: spec.evals }, (_, i) => Math.round(((i + 1) * spec.steps) / spec.evals)));
  let order: Tensor | null = null;
  let epoch = -1;
  let last = { accuracy: NaN, loss: NaN };
  let best = { step: from, loss: Infinity, accuracy: NaN };
  try {
    for (let s = from; s < spec.steps; s++) {
      await hooks.checkpoint?.();
      await hooks.beforeStep?.(s);
      if (Math.floor(s / perEpoch) !== epoch) {
        order?.dispose();
        epoch = Math.floor(s / perEpoch);
        order = train.order({ seed: orderSeed, epoch });
      }
      const offset = (s % perEpoch) * spec.batch;
      const size = Math.min(spec.batch, train.count - offset);
      ctx.scope(() => {
        const b = train.batch(order!, offset, size, augmentStream(spec.augment, orderSeed, s));
        trainStep(model, optimizer, b.x, b.y, lrAt(s), metrics, s);
      });
      ctx.flush();
      if (evalAt.has(s + 1)) {
        // The loss totals are read only here, where the evaluation reads back anyway.
        const window = await metrics.read();
        if (window.divergedAt !== null) throw new TrainingDiverged(window.divergedAt);
        // With a validation split, test is read only where val improves and at the end (it is the slow part on SwiftShader).
        const fin = s + 1 === spec.steps;
        const criterion = hooks.val ? (await evaluate(model, hooks.val, 1000)).loss : NaN;
        const improves = !hooks.val || criterion < best.loss;
        if (improves || fin) last = await evaluate(model, test, 1000);
        const c = hooks.val ? criterion : last.loss;
        if (c < best.loss) best = { step: s + 1, loss: c, accuracy: last.accuracy };
      }
    }
    if (!evalAt.has(spec.steps) || from >= spec.steps) last = await evaluate(model, test, 1000);
    return {
      accuracy: last.accuracy,
      loss: last.loss,
      earlyStopStep: best.step,
      earlyStopAccuracy: Number.isNaN(best.accuracy) ? last.accuracy : best.accuracy,
    };
  } finally {
    order?.dispose();
    metrics.dispose();
    optimizer.dispose();
  }
}

/** Replaces every layer's mask (the old ones are disposed; null = dense). */
export function setMasks(model: Module, masks: (Tensor | null)[]): void {
  layersOf(model).forEach((l, i) => {
    if (l.mask && l.mask !== masks[i]) l.mask.dispose();
    l.mask = masks[i];
  });
}

/** Copies of the masks, for a second model (each model owns and disposes its masks). */
export function cloneMasks(ctx: GpuContext, masks: (Tensor | null)[]): (Tensor | null)[] {
  return masks.map((m) => {
    if (!m) return null;
    const c = ctx.empty(m.shape).keep();
    flatCopy([c], [m]);
    return c;
  });
}

export async function densities(model: Module): Promise<number[]> {
  const out: number[] = [];
  for (const l of layersOf(model)) out.push(l.mask ? await maskDensity(l.mask) : 1);
  return out;
}

/** One IMP pruning step on the trained weights: `rate` of each layer's survivors, the output layer at `outputRate`. */
export async function pruneRound(
  model: Module,
  rate: number,
  outputRate: number,
  scope: 'layer' | 'global',
): Promise<Tensor[]> {
  const layers = layersOf(model);
  const last = layers[layers.length - 1].weight.name;
  return magnitudePrune(
    layers.map((l) => ({ tensor: l.weight, mask: l.mask })),
    rate,
    { scope, rates: { [last]: outputRate } },
  );
}

/** Random masks with the given per-layer densities (exact counts), one Philox stream per layer. */
export function randomMasks(model: Module, dens: number[], seed: number): Tensor[] {
  return layersOf(model).map((l, i) =>
    randomMask(l.weight.ctx, l.weight.shape, dens[i], { seed, stream: streams.data(100 + i) }),
  );
}

/** Every layer's mask as bytes (0/1) in its weight's layout ([in, out] or [outC, inC, k, k]), for the masks view. */
export async function maskBytes(model: Module): Promise<{ name: string; shape: number[]; data: Uint8Array }[]> {
  const out: { name: string; shape: number[]; data: Uint8Array }[] = [];
  for (const l of layersOf(model)) {
    const data = l.mask
      ? Uint8Array.from((await l.mask.read()) as Float32Array, (v) => (v > 0 ? 1 : 0))
      : new Uint8Array(l.weight.size).fill(1);
    out.push({ name: l.weight.name, shape: [...l.weight.shape], data });
  }
  return out;
}

export interface Instability {
  /** Test error at α = 0, 1/(n−1), …, 1 between the two copies. */
  errors: number[];
  /** max error − mean of the two ends. */
  barrier: number;
  accuracyA: number;
  accuracyB: number;
}

/**
 * Trains two copies of `model` from `start` (weights at step `from`, model's masks kept) with data
 * orders `seedA` and `seedB`, then evaluates `points` models on the line between them.
 */
export async function instability(
  model: Module,
  start: Map<string, Float32Array>,
  from: number,
  train: GpuSplit,
  test: GpuSplit,
  spec: SparseTrainSpec,
  seedA: number,
  seedB: number,
  points: number,
  hooks: Hooks = {},
  /** The model already holds copy A (e.g. IMP's last round, trained from `start` with `seedA`): training is deterministic, so it is not trained again. */
  trainedA?: TrainResult,
): Promise<Instability> {
  const ctx = train.ctx;
  const params = model.parameters().map((p) => p.tensor);
  const hold = (): Tensor[] => {
    const copy = params.map((p) => ctx.empty(p.shape).keep());
    flatCopy(copy, params);
    return copy;
  };
  let a = trainedA;
  if (!a) {
    restore(model, start);
    a = await trainFrom(model, train, test, spec, seedA, from, hooks);
  }
  const wa = hold();
  restore(model, start);
  const b = await trainFrom(model, train, test, spec, seedB, from, hooks);
  const wb = hold();
  try {
    const errors: number[] = [];
    for (let i = 0; i < points; i++) {
      await hooks.checkpoint?.();
      flatLerp(params, wa, wb, i / (points - 1));
      if (model instanceof ResNet) recalibrateNorms(model, train, spec.batch);
      errors.push(1 - (await evaluate(model, test, 1000)).accuracy);
    }
    const barrier = Math.max(...errors) - (errors[0] + errors[points - 1]) / 2;
    return { errors, barrier, accuracyA: a.accuracy, accuracyB: b.accuracy };
  } finally {
    [...wa, ...wb].forEach((t) => t.dispose());
  }
}

/**
 * Resets every BatchNorm's running statistics to the mean of their batch statistics over
 * `batches` training batches (no augmentation). An interpolated net needs this: the running
 * statistics of either end do not describe its activations, and interpolating them does not
 * either, so without it the barrier would measure stale statistics rather than the loss landscape.
 */
export function recalibrateNorms(model: ResNet, train: GpuSplit, batch: number, batches = 20): void {
  const ctx = train.ctx;
  const norms = model.norms();
  const saved = norms.map((n) => n.opts.momentum);
  const order = train.order({ seed: 0, epoch: 0 });
  try {
    const n = Math.min(batches, Math.floor(train.count / batch));
    for (let t = 0; t < n; t++) {
      // Momentum 1/(t+1) makes the running value the plain mean of the t+1 batch statistics seen.
      for (const bn of norms) bn.opts.momentum = 1 / (t + 1);
      ctx.scope(() => noGrad(ctx, () => model.forward(train.batch(order, t * batch, batch).x)));
      ctx.flush();
    }
  } finally {
    norms.forEach((bn, i) => (bn.opts.momentum = saved[i]));
    order.dispose();
  }
}

export interface ImpSpec extends SparseTrainSpec {
  rounds: number;
  rate: number;
  outputRate: number;
  scope: 'layer' | 'global';
  /** Rewind point in steps (0 = the original initialization). */
  rewind: number;
  /** When to also train the two controls (same mask with a fresh init; random mask, same densities): every pruned round, the last one only, or never. */
  controls: 'all' | 'last' | 'none';
  /** false skips the random-mask control (saves one training per control round); default true. */
  randomControl?: boolean;
}

export interface RoundResult {
  round: number;
  /** Per-layer densities and the overall fraction of weights remaining. */
  densities: number[];
  remaining: number;
  ticket: TrainResult;
  reinit: TrainResult | null;
  random: TrainResult | null;
  masks: { name: string; shape: number[]; data: Uint8Array }[];
}

/** Runs `train`, saying which training it was if it diverges. */
async function naming<T>(what: string, train: () => Promise<T>): Promise<T> {
  try {
    return await train();
  } catch (err) {
    throw err instanceof TrainingDiverged ? new TrainingDiverged(err.step, what) : err;
  }
}

/**
 * IMP's round 0 as trained once: its result, the trained dense weights and the weights at every
 * step a rewind may return to. A sweep over rewind points trains it once and hands it to imp()
 * for each point (training is deterministic, so the dense runs would all be the same).
 */
export interface DenseRound {
  result: RoundResult;
  final: Map<string, Float32Array>;
  at: Map<number, Map<string, Float32Array>>;
}

/**
 * IMP from `seed`: round 0 trains the dense net (storing the weights at step `rewind` and at each
 * of `keep`), or takes it from `dense`; each later round prunes the trained weights, rewinds the
 * survivors and retrains. Yields every round; returns the last round's rewind weights and model
 * for further analysis, and round 0 for reuse.
 */
export async function* imp(
  ctx: GpuContext,
  train: GpuSplit,
  test: GpuSplit,
  spec: ImpSpec,
  seed: number,
  dims: Dims,
  hooks: Hooks = {},
  reuse: { dense?: DenseRound; keep?: number[] } = {},
): AsyncGenerator<RoundResult, { rewindState: Map<string, Float32Array>; model: Module; dense: DenseRound }> {
  const model = buildNet(ctx, spec, seed, dims);
  const sizes = layersOf(model).map((l) => l.weight.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const orderSeed = seed;
  let dense = reuse.dense;
  let done = false;
  try {
    if (!dense) {
      const at = new Map([[0, await snapshot(model)]]);
      const wanted = new Set([spec.rewind, ...(reuse.keep ?? [])]);
      const result = await naming('The dense run', () =>
        trainFrom(model, train, test, spec, orderSeed, 0, {
          checkpoint: hooks.checkpoint,
          val: hooks.val,
          beforeStep: async (s) => {
            if (s > 0 && wanted.has(s)) at.set(s, await snapshot(model));
          },
        }),
      );
      const dens = await densities(model);
      const round0 = {
        round: 0,
        densities: dens,
        remaining: 1,
        ticket: result,
        reinit: null,
        random: null,
        masks: await maskBytes(model),
      };
      dense = { result: round0, final: await snapshot(model), at };
    } else restore(model, dense.final);
    const rewindState = dense.at.get(spec.rewind);
    if (!rewindState)
      throw new Error(`IMP: no weights stored at rewind step ${spec.rewind} (the run has ${spec.steps} steps)`);
    yield dense.result;
    for (let round = 1; round <= spec.rounds; round++) {
      setMasks(model, await pruneRound(model, spec.rate, spec.outputRate, spec.scope));
      restore(model, rewindState);
      const ticket = await naming(`Round ${round}'s ticket`, () =>
        trainFrom(model, train, test, spec, orderSeed, spec.rewind, { checkpoint: hooks.checkpoint, val: hooks.val }),
      );
      const dens = await densities(model);
      const masks = await maskBytes(model);
      let reinit: TrainResult | null = null;
      let random: TrainResult | null = null;
      if (controlsAt(spec, round)) {
        const masksNow = layersOf(model).map((l) => l.mask);
        reinit = await naming(`Round ${round}'s reinit control`, () =>
          control(ctx, spec, seed + 7919, cloneMasks(ctx, masksNow), train, test, orderSeed, dims, hooks),
        );
        if (spec.randomControl !== false)
          random = await naming(`Round ${round}'s random-mask control`, () =>
            control(ctx, spec, seed, null, train, test, orderSeed, dims, hooks, dens, seed + 104729),
          );
      }
      yield {
        round,
        densities: dens,
        remaining: dens.reduce((a, d, i) => a + d * sizes[i], 0) / total,
        ticket,
        reinit,
        random,
        masks,
      };
    }
    done = true;
    return { rewindState, model, dense };
  } finally {
    if (!done) disposeModel(model);
  }
}

/** Whether IMP trains the controls in `round`. */
function controlsAt(spec: ImpSpec, round: number): boolean {
  return round > 0 && (spec.controls === 'all' || (spec.controls === 'last' && round === spec.rounds));
}

/** The optimizer steps imp() takes in `round`: the dense run, or the ticket from the rewind point and any controls. */
export function impRoundSteps(spec: ImpSpec, round: number): number {
  if (round === 0) return spec.steps;
  const controls = controlsAt(spec, round) ? (spec.randomControl === false ? 1 : 2) : 0;
  return spec.steps - spec.rewind + controls * spec.steps;
}

/** What a rewinding sweep yields for the rewind step k = ks[index]: every IMP round, then the last round and its ticket's instability. */
export type SweepItem = { index: number; k: number } & (
  { round: RoundResult } | { last: RoundResult; instability: Instability }
);

/**
 * Frankle et al.'s rewinding sweep from `seed`: one dense run, then for each rewind step k IMP's
 * rounds from the weights at k, and the instability of the last ticket (copy A; copy B is trained
 * with data order seed + 1000) on `points` nets along the line between the copies.
 */
export async function* rewindSweep(
  ctx: GpuContext,
  train: GpuSplit,
  test: GpuSplit,
  spec: Omit<ImpSpec, 'rewind'>,
  ks: number[],
  seed: number,
  dims: Dims,
  points: number,
  hooks: Hooks = {},
): AsyncGenerator<SweepItem> {
  let dense: DenseRound | undefined;
  for (const [index, k] of ks.entries()) {
    const s: ImpSpec = { ...spec, rewind: k };
    const it = imp(ctx, train, test, s, seed, dims, hooks, { dense, keep: ks });
    let last: RoundResult | null = null;
    let r = await it.next();
    try {
      for (; !r.done; r = await it.next()) {
        last = r.value;
        yield { index, k, round: r.value };
      }
    } finally {
      // A consumer that stops early leaves imp suspended at a yield: ending it disposes its model.
      if (!r.done) await it.return(undefined as never);
    }
    dense = r.value.dense;
    try {
      yield {
        index,
        k,
        last: last!,
        instability: await instability(
          r.value.model,
          r.value.rewindState,
          k,
          train,
          test,
          s,
          seed,
          seed + 1000,
          points,
          hooks,
          last!.ticket,
        ),
      };
    } finally {
      disposeModel(r.value.model);
    }
  }
}

/**
 * A control trained from scratch (steps 0…): a model initialized from `initSeed` with either the
 * given masks or random masks at `dens` (drawn from `maskSeed`).
 */
async function control(
  ctx: GpuContext,
  spec: ImpSpec,
  initSeed: number,
  masks: (Tensor | null)[] | null,
  train: GpuSplit,
  test: GpuSplit,
  orderSeed: number,
  dims: Dims,
  hooks: Hooks,
  dens?: number[],
  maskSeed = 0,
): Promise<TrainResult> {
  const model = buildNet(ctx, spec, initSeed, dims);
  try {
    setMasks(model, masks ?? randomMasks(model, dens!, maskSeed));
    return await trainFrom(model, train, test, spec, orderSeed, 0, { checkpoint: hooks.checkpoint, val: hooks.val });
  } finally {
    disposeModel(model);
  }
}
