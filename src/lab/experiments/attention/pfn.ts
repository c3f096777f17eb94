/**
 * "Transformers can do Bayesian inference" (PFN, Müller et al. 2022) on a 1-D GP prior: every step
 * draws fresh tasks (pfn-tasks.ts, on the CPU: a ≤ 64×64 Cholesky per task), the transformer
 * reads each task as a set of tokens — the first n are context (x, y), the rest queries (x only) —
 * and predicts a Gaussian for each query's y. Attention's key-length mask (`lengths` = n per task)
 * lets every token see exactly the n context tokens: context attends to context, queries to the
 * context only (never to themselves or each other), so each query's prediction is a function of
 * the context alone and the queries of one task are independent test points.
 *
 * Snapshots: `pfn/bands` (heatmap [E, 5, G]: rows grid x, PFN mean, PFN σ, GP mean, GP σ — σ of
 * the noisy y), `pfn/context` ([E, C, 2] context (x, y) per drawn task, NaN-padded to C).
 * Metrics: train/nll (PFN, per query point), train/gp-nll and train/prior-nll (the exact posterior
 * and the prior on the same training tasks), eval/nll, eval/gp-nll, eval/prior-nll, eval/mean-mse
 * (mean over queries of (μ_PFN − μ_GP)², in units of the prior variance 1), eval/mean-corr. The done
 * summary adds the same scores of three baselines on the held-out tasks (pfn-tasks.ts).
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import type { Parameter } from '../../../gpu/nn.ts';
import { Linear } from '../../../gpu/nn.ts';
import { LayerNorm } from '../../../gpu/layers/norm.ts';
import { StreamCounter, TransformerBlock } from '../../../gpu/models/transformer.ts';
import { add, addScalar, exp, mul, neg, square, sub } from '../../../gpu/ops/elementwise.ts';
import { mean } from '../../../gpu/ops/reduce.ts';
import { reshape } from '../../../gpu/ops/conv.ts';
import { backward, noGrad } from '../../../gpu/autograd.ts';
import { Adam } from '../../../gpu/optim.ts';
import { makeSchedule } from '../../../gpu/schedule.ts';
import { MetricAccumulator } from '../../../gpu/kernels/metrics.ts';
import { logEveryFor, readWindow, warmupFor } from '../../train-events.ts';
import { streams } from '../../../gpu/streams.ts';
import { gaussianNll, gpPosterior, type GpPrior } from '../../numerics/gp.ts';
import { pearson } from '../../numerics/stats.ts';
import {
  misspecifiedGp,
  priorPredictor,
  sampleTasks,
  scorePredictor,
  scoreTasks,
  split,
  type TaskBatch,
} from './pfn-tasks.ts';
import { defineRun } from '../../declare.ts';
import { pfnGp } from './pfn-gp.experiment.ts';

export interface PfnRun {
  prior: GpPrior;
  points: number;
  maxContext: number;
  layers: number;
  features: number;
  heads: number;
  lr: number;
  batch: number;
  steps: number;
  evalTasks: number;
  examples: number;
  seed: number;
}

type PfnEvent = EventOf<typeof pfnGp>;

function toPfnRun(spec: SpecOf<typeof pfnGp>): PfnRun {
  const { lengthScale, noise, ...rest } = spec.params;
  return { ...rest, prior: { lengthScale, noise }, seed: spec.seed };
}

/** Token features: (x, y on context tokens else 0, 1 on context tokens else 0). */
const FEATURES = 3;

/**
 * Encoder MLP on the token features (no positional encoding: a task is a set), pre-LN blocks
 * whose attention sees only each task's context, and two heads: mean and log-variance of y.
 */
export class PfnModel {
  readonly enc1: Linear;
  readonly enc2: Linear;
  readonly blocks: TransformerBlock[];
  readonly lnF: LayerNorm;
  readonly headMean: Linear;
  readonly headLogVar: Linear;

  constructor(ctx: GpuContext, o: { layers: number; features: number; heads: number; points: number; seed: number }) {
    const s = new StreamCounter();
    const d = o.features;
    this.enc1 = new Linear(ctx, 'enc1', FEATURES, d, { activation: 'gelu', seed: o.seed, streamBase: s.take(2) });
    this.enc2 = new Linear(ctx, 'enc2', d, d, { init: 'glorot-uniform', seed: o.seed, streamBase: s.take(2) });
    this.blocks = Array.from(
      { length: o.layers },
      (_, i) => new TransformerBlock(ctx, `blocks.${i}`, d, o.heads, o.points, { seed: o.seed, streams: s }),
    );
    this.lnF = new LayerNorm(ctx, 'ln_f', d);
    this.headMean = new Linear(ctx, 'head.mean', d, 1, { init: 'glorot-uniform', seed: o.seed, streamBase: s.take(2) });
    this.headLogVar = new Linear(ctx, 'head.logvar', d, 1, {
      init: 'glorot-uniform',
      seed: o.seed,
      streamBase: s.take(2),
    });
  }

  /** features [B·T, 3], contexts u32 [B] → mean and log-variance, each [B·T, 1]. */
  predict(features: Tensor, contexts: Tensor): { mean: Tensor; logVar: Tensor } {
    const B = contexts.size;
    const T = features.shape[0] / B;
    const d = this.enc2.outFeatures;
    let h = this.enc2.forward(this.enc1.forward(features));
    for (const b of this.blocks) {
      // TransformerBlock.forward takes no mask and a fixed length (the bands evaluate longer
      // sequences); this is the same pre-LN block with key lengths and any T.
      const x = reshape(b.ln1.forward(h), [B, T, d]);
      h = add(h, reshape(b.attn.attend(x, x, { lengths: contexts }), h.shape));
      h = add(h, b.fc2.forward(b.fc1.forward(b.ln2.forward(h))));
    }
    h = this.lnF.forward(h);
    return { mean: this.headMean.forward(h), logVar: this.headLogVar.forward(h) };
  }

  parameters(): Parameter[] {
    return [this.enc1, this.enc2, ...this.blocks, this.lnF, this.headMean, this.headLogVar].flatMap((m) =>
      m.parameters(),
    );
  }
}

/**
 * Inputs of a task batch: token features [B·T, 3], targets [B·T, 1], and per-token loss weights
 * [B·T, 1] that carry the ½ of the Gaussian NLL.
 */
export function encodeTasks(t: TaskBatch): { features: Float32Array; targets: Float32Array; weights: Float32Array } {
  const n = t.tasks * t.points;
  const features = new Float32Array(n * FEATURES);
  const weights = new Float32Array(n);
  for (let b = 0; b < t.tasks; b++) {
    const c = t.contexts[b];
    // The loss is a mean over all B·T tokens; T/(queries) per query makes it the mean over tasks of each task's mean query NLL.
    const w = t.points / (t.points - c) / 2;
    for (let i = 0; i < t.points; i++) {
      const k = b * t.points + i;
      const ctx = i < c;
      features[k * FEATURES] = t.x[k];
      features[k * FEATURES + 1] = ctx ? t.y[k] : 0;
      features[k * FEATURES + 2] = ctx ? 1 : 0;
      weights[k] = ctx ? 0 : w;
    }
  }
  return { features, targets: t.y, weights };
}

/** Per-token w·(log 2πv + (y − μ)²/v) with v = e^logVar, [B·T, 1]: the Gaussian NLL when w holds its ½ (encodeTasks). */
export function weightedNll(p: { mean: Tensor; logVar: Tensor }, targets: Tensor, weights: Tensor): Tensor {
  const fit = mul(square(sub(targets, p.mean)), exp(neg(p.logVar)));
  return mul(add(addScalar(p.logVar, Math.log(2 * Math.PI)), fit), weights);
}

/** Token features of context (xc, yc) followed by queries xq, as one task of T = n + queries tokens. */
function oneTask(xc: ArrayLike<number>, yc: ArrayLike<number>, xq: ArrayLike<number>): TaskBatch {
  const n = xc.length;
  const T = n + xq.length;
  const x = new Float32Array(T);
  const y = new Float32Array(T);
  x.set(xc);
  y.set(yc);
  x.set(xq, n);
  return { tasks: 1, points: T, x, y, contexts: Uint32Array.of(n) };
}

/** The model's predictive mean and variance at every token of `t` (no graph). */
export async function predictTasks(
  gpu: GpuContext,
  model: PfnModel,
  t: TaskBatch,
): Promise<{ mean: Float32Array; variance: Float32Array }> {
  const { features } = encodeTasks(t);
  const [m, lv] = gpu.scope(() =>
    noGrad(gpu, () => {
      const p = model.predict(
        gpu.tensor(features, [t.tasks * t.points, FEATURES]),
        gpu.tensor(t.contexts, [t.tasks], 'u32'),
      );
      return [p.mean.keep(), p.logVar.keep()];
    }),
  );
  gpu.flush();
  const [mean, logVar] = (await Promise.all([m.read(), lv.read()])) as Float32Array[];
  m.dispose();
  lv.dispose();
  return { mean, variance: logVar.map(Math.exp) };
}

export interface PfnScores {
  /** Mean NLL per query point (per task, then over tasks) of the PFN, the exact GP, and the prior. */
  nll: number;
  gpNll: number;
  priorNll: number;
  /** Mean over all query points of (μ_PFN − μ_GP)², relative to the prior variance k(x, x) = 1. */
  meanMse: number;
  /** Pearson correlation of μ_PFN and μ_GP over all query points. */
  meanCorr: number;
}

/** Scores the PFN against the exact GP posterior on the held-out tasks `t`. */
export async function scorePfn(gpu: GpuContext, model: PfnModel, t: TaskBatch, prior: GpPrior): Promise<PfnScores> {
  const pred = await predictTasks(gpu, model, t);
  const exact = scoreTasks(t, prior);
  let nll = 0;
  let se = 0;
  const a: number[] = [];
  const g: number[] = [];
  for (let b = 0; b < t.tasks; b++) {
    const { yq } = split(t, b);
    const post = exact.posteriors[b];
    const base = b * t.points + t.contexts[b];
    let s = 0;
    for (let q = 0; q < yq.length; q++) {
      s += gaussianNll(yq[q], pred.mean[base + q], pred.variance[base + q]);
      se += (pred.mean[base + q] - post.mean[q]) ** 2;
      a.push(pred.mean[base + q]);
      g.push(post.mean[q]);
    }
    nll += s / yq.length;
  }
  return {
    nll: nll / t.tasks,
    gpNll: exact.gpNll,
    priorNll: exact.priorNll,
    meanMse: se / a.length,
    meanCorr: pearson(a, g),
  };
}

/** Dense x grid of the band plot. */
const GRID = 64;

/** Band snapshots of the drawn tasks, context sizes spread from 2 to maxContext. */
async function bands(gpu: GpuContext, model: PfnModel, shown: TaskBatch, r: PfnRun, step: number): Promise<PfnEvent[]> {
  const E = shown.tasks;
  const grid = Float32Array.from({ length: GRID }, (_, i) => -1 + (2 * i) / (GRID - 1));
  const data = new Float32Array(E * 5 * GRID);
  const ctxData = new Float32Array(E * r.maxContext * 2).fill(NaN);
  for (let e = 0; e < E; e++) {
    const { xc, yc } = split(shown, e);
    const pred = await predictTasks(gpu, model, oneTask(xc, yc, grid));
    const exact = gpPosterior(xc, yc, grid, r.prior);
    const rows = [
      grid,
      pred.mean.subarray(xc.length),
      pred.variance.subarray(xc.length).map(Math.sqrt),
      exact.mean,
      exact.variance.map(Math.sqrt),
    ];
    rows.forEach((row, k) => data.set(row, (e * 5 + k) * GRID));
    for (let i = 0; i < xc.length; i++) ctxData.set([xc[i], yc[i]], (e * r.maxContext + i) * 2);
  }
  return [
    {
      type: 'snapshot',
      snapshot: {
        kind: 'heatmap',
        name: 'pfn/bands',
        step,
        shape: [E, 5, GRID],
        data,
        labels: ['x', 'PFN mean', 'PFN σ', 'GP mean', 'GP σ'],
      },
    },
    {
      type: 'snapshot',
      snapshot: { kind: 'heatmap', name: 'pfn/context', step, shape: [E, r.maxContext, 2], data: ctxData },
    },
  ];
}

export async function* pfnRun(ctx: RunContext, r: PfnRun): AsyncGenerator<PfnEvent> {
  const gpu = ctx.gpu;
  const model = new PfnModel(gpu, r);
  const optimizer = new Adam(model.parameters(), { lr: r.lr });
  const lrAt = makeSchedule({ kind: 'cosine', lr: r.lr, total: r.steps, warmup: warmupFor(r.steps) });
  const metrics = new MetricAccumulator(gpu);
  const zeros = gpu.tensor(new Float32Array(r.batch * r.points), [r.batch * r.points]).keep();
  // Held-out tasks come from the data streams, training tasks from the per-step noise streams: they never overlap.
  const held = sampleTasks(r.prior, r.evalTasks, r.points, 1, r.maxContext, r.seed, streams.data(0));
  const shown = sampleTasks(r.prior, r.examples, r.maxContext, 1, r.maxContext, r.seed, streams.data(3));
  const lo = Math.min(2, r.maxContext);
  shown.contexts = Uint32Array.from({ length: r.examples }, (_, e) =>
    Math.round(lo + (e * (r.maxContext - lo)) / Math.max(1, r.examples - 1)),
  );
  const logEvery = logEveryFor(r.steps);
  const evalEvery = Math.max(1, Math.round(r.steps / 6));
  const nParams = model.parameters().reduce((n, p) => n + p.tensor.size, 0);

  const evaluate = async function* (step: number): AsyncGenerator<PfnEvent, PfnScores> {
    const s = await scorePfn(gpu, model, held, r.prior);
    yield { type: 'metric', name: 'eval/nll', step, value: s.nll };
    yield { type: 'metric', name: 'eval/gp-nll', step, value: s.gpNll };
    yield { type: 'metric', name: 'eval/prior-nll', step, value: s.priorNll };
    yield { type: 'metric', name: 'eval/mean-mse', step, value: s.meanMse };
    yield { type: 'metric', name: 'eval/mean-corr', step, value: s.meanCorr };
    yield* await bands(gpu, model, shown, r, step);
    return s;
  };

  try {
    yield {
      type: 'log',
      message: `PFN (${nParams.toLocaleString('en-US')} parameters) on GP tasks (ℓ = ${r.prior.lengthScale}, σ = ${r.prior.noise}): ${r.steps} steps of ${r.batch} tasks × ${r.points} points`,
    };
    yield* evaluate(0);
    ctx.work.plan(r.steps);
    ctx.work.span(r.steps, { examplesPerUnit: r.batch });
    let gpSum = 0;
    let priorSum = 0;
    let window = 0;
    let last: PfnScores | null = null;
    for (let step = 0; step < r.steps; step++) {
      await ctx.work.step();
      const tasks = sampleTasks(r.prior, r.batch, r.points, 1, r.maxContext, r.seed, streams.noise(step, 0));
      const enc = encodeTasks(tasks);
      const n = r.batch * r.points;
      gpu.scope(() => {
        const p = model.predict(gpu.tensor(enc.features, [n, FEATURES]), gpu.tensor(tasks.contexts, [r.batch], 'u32'));
        const perToken = weightedNll(p, gpu.tensor(enc.targets, [n, 1]), gpu.tensor(enc.weights, [n, 1]));
        backward(mean(perToken));
        optimizer.step(lrAt(step));
        metrics.add(perToken, zeros, step);
      });
      gpu.flush();
      // The exact posterior's NLL on the very tasks trained on: the floor the PFN loss approaches.
      const exact = scoreTasks(tasks, r.prior);
      gpSum += exact.gpNll;
      priorSum += exact.priorNll;
      window++;
      const done = step + 1;
      if (done % logEvery === 0 || done === r.steps) {
        const m = yield* readWindow(metrics);
        if (!m) return;
        yield { type: 'metric', name: 'train/nll', step: done, value: m.loss };
        yield { type: 'metric', name: 'train/gp-nll', step: done, value: gpSum / window };
        yield { type: 'metric', name: 'train/prior-nll', step: done, value: priorSum / window };
        gpSum = priorSum = window = 0;
      }
      if (done % evalEvery === 0 || done === r.steps) last = yield* evaluate(done);
    }
    const s = last!;
    // Baselines on the same held-out tasks: the prior, and GPs whose length scale is off by 2× either way.
    const priorScore = scorePredictor(held, r.prior, priorPredictor(r.prior));
    const longGp = scorePredictor(held, r.prior, misspecifiedGp(r.prior, 2));
    const shortGp = scorePredictor(held, r.prior, misspecifiedGp(r.prior, 0.5));
    yield {
      type: 'done',
      summary: {
        steps: r.steps,
        nll: s.nll,
        gpNll: s.gpNll,
        priorNll: s.priorNll,
        meanMse: s.meanMse,
        meanCorr: s.meanCorr,
        priorMeanMse: priorScore.meanMse,
        longGpNll: longGp.nll,
        longGpMeanMse: longGp.meanMse,
        shortGpNll: shortGp.nll,
        shortGpMeanMse: shortGp.meanMse,
        parameters: nParams,
        seconds: ctx.elapsed(),
      },
    };
  } finally {
    zeros.dispose();
    metrics.dispose();
    optimizer.dispose();
    for (const p of model.parameters()) p.tensor.dispose();
  }
}

export const pfnGpRunner: ExperimentRun = defineRun(pfnGp, (ctx, spec) => pfnRun(ctx, toPfnRun(spec)));
