/**
 * Building blocks of two landscape experiments. Opposing signals (Rosenfeld & Risteski 2023):
 * train full-batch while recording every training example's loss at every step (a GPU window
 * buffer read back once per window), find the loss spikes, and the examples whose losses move in
 * opposition there. Random teachers (Sarnthein et al. 2023): distill a student into a frozen
 * random network without labels and compare both by closed-form ridge probes on their features.
 */
import type { GpuContext } from '../gpu/context.ts';
import type { Tensor } from '../gpu/tensor.ts';
import { backward, noGrad } from '../gpu/autograd.ts';
import { crossEntropy, mseLoss, softmax } from '../gpu/ops/loss.ts';
import { addScalar, log, mul, scale } from '../gpu/ops/elementwise.ts';
import { sum } from '../gpu/ops/reduce.ts';
import { disposeModel, Linear, mlp, Sequential, type Module } from '../gpu/nn.ts';
import { Conv2d, Flatten, MaxPool2d, Reshape } from '../gpu/layers/conv.ts';
import { Adam, SGD } from '../gpu/optim.ts';
import { labelsOf, seededSubset, type Dataset } from './datasets.ts';
import type { GpuSplit } from './loader.ts';
import { landscapeData, paramsOf, readFlat, sharpness, writeFlat } from './landscape.ts';

export interface LossTrace {
  /** losses[t·n + i]: loss of example i at the weights before step t, t = 0 … steps − 1. */
  losses: Float32Array;
  n: number;
  steps: number;
  /** Mean loss per step. */
  mean: Float32Array;
  sharpness: Array<{ step: number; value: number }>;
}

/**
 * Full-batch training (GD without momentum, or Adam) on all of `split`, recording every
 * example's loss each step; the top Hessian eigenvalue is measured every `every` steps (0: never).
 */
export async function perExampleTrace(
  model: Module,
  split: GpuSplit,
  o: {
    steps: number;
    lr: number;
    optimizer: 'gd' | 'adam';
    window?: number;
    every: number;
    iterations: number;
    seed: number;
    checkpoint?: () => Promise<void>;
    onWindow?: (done: number, mean: Float32Array) => void;
    onSharpness?: (step: number, value: number) => void;
  },
): Promise<LossTrace> {
  const ctx = split.ctx;
  const n = split.count;
  const win = Math.max(1, Math.min(o.window ?? 25, o.steps));
  const order = split.order(null).keep();
  const full = split.batch(order, 0, n);
  full.x.keep();
  full.y.keep();
  const entries = model.parameters().map((p) => ({ name: p.name, tensor: p.tensor }));
  const opt = o.optimizer === 'adam' ? new Adam(entries, { lr: o.lr }) : new SGD(entries, { lr: o.lr, momentum: 0 });
  const buffer = ctx.empty([win * n]).keep();
  const losses = new Float32Array(o.steps * n);
  const mean = new Float32Array(o.steps);
  const sharp: LossTrace['sharpness'] = [];
  try {
    let start = 0;
    for (let step = 0; step < o.steps; step++) {
      await o.checkpoint?.();
      if (o.every > 0 && step % o.every === 0) {
        const value = await sharpness(model, full.x, full.y, { iterations: o.iterations, eps: 1e-3, seed: o.seed });
        sharp.push({ step, value });
        o.onSharpness?.(step, value);
      }
      ctx.scope(() => {
        const ce = crossEntropy(model.forward(full.x), full.y);
        ctx.copy(ce.perExample, buffer, n * 4, 0, (step - start) * n * 4);
        backward(ce.loss);
        opt.step(o.lr);
      });
      ctx.flush();
      if (step + 1 - start === win || step + 1 === o.steps) {
        const rows = step + 1 - start;
        const r = (await buffer.read()) as Float32Array;
        losses.set(r.subarray(0, rows * n), start * n);
        for (let t = start; t <= step; t++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += losses[t * n + i];
          mean[t] = s / n;
          if (!Number.isFinite(mean[t])) throw new Error(`training diverged at step ${t}: try a smaller step size`);
        }
        start = step + 1;
        o.onWindow?.(start, mean);
      }
    }
    return { losses, n, steps: o.steps, mean, sharpness: sharp };
  } finally {
    order.dispose();
    full.x.dispose();
    full.y.dispose();
    buffer.dispose();
    opt.dispose();
  }
}

export interface OpposingGroups {
  /** The step whose mean loss rose (against the step before). */
  step: number;
  rise: number;
  /** Examples whose loss rose most / fell most over that step, k each. */
  rising: number[];
  falling: number[];
  /** Pearson correlation of the two groups' mean-loss changes over the `window` steps after the spike (not used to pick them). */
  correlation: number;
}

/** Pearson correlation; NaN when either side is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Mean loss of a group of examples at each step from..to (inclusive). */
export function groupTrace(t: LossTrace, group: number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = from; s <= to; s++) out.push(group.reduce((acc, i) => acc + t.losses[s * t.n + i], 0) / group.length);
  return out;
}

/**
 * The `spikes` largest one-step rises of the mean loss (at least `window` steps apart, with
 * `window` steps before them, which skips the transient of the first steps, and after them), and at each the k examples whose loss rose most and fell most.
 * Their correlation is measured only after the spike step, so picking them cannot force it.
 */
export function opposingGroups(t: LossTrace, o: { spikes: number; k: number; window: number }): OpposingGroups[] {
  const candidates: Array<{ step: number; rise: number }> = [];
  for (let s = o.window; s + o.window < t.steps; s++) {
    const rise = t.mean[s] - t.mean[s - 1];
    if (rise > 0) candidates.push({ step: s, rise });
  }
  candidates.sort((a, b) => b.rise - a.rise);
  const picked: typeof candidates = [];
  for (const c of candidates) {
    if (picked.length >= o.spikes) break;
    if (picked.every((p) => Math.abs(p.step - c.step) > o.window)) picked.push(c);
  }
  return picked.map(({ step, rise }) => {
    const change = Array.from({ length: t.n }, (_, i) => t.losses[step * t.n + i] - t.losses[(step - 1) * t.n + i]);
    const byChange = Array.from({ length: t.n }, (_, i) => i).sort((a, b) => change[b] - change[a] || a - b);
    const k = Math.min(o.k, Math.floor(t.n / 2));
    const rising = byChange.slice(0, k);
    const falling = byChange.slice(-k).reverse();
    const diffs = (g: number[]) => {
      const tr = groupTrace(t, g, step, step + o.window);
      return tr.slice(1).map((v, j) => v - tr[j]);
    };
    return { step, rise, rising, falling, correlation: pearson(diffs(rising), diffs(falling)) };
  });
}

/** Activations of every layer but the last (the representation a probe reads), [B, h]. */
export function features(model: Sequential, x: Tensor): Tensor {
  return model.layers.slice(0, -1).reduce((h, layer) => layer.forward(h), x);
}

/** Features of all of `split` (in order), read back as [count, h]. */
export async function readFeatures(
  model: Sequential,
  split: GpuSplit,
  batch = 500,
): Promise<{ data: Float32Array; dim: number }> {
  const ctx = split.ctx;
  const order = split.order(null).keep();
  const parts: Float32Array[] = [];
  let dim = 0;
  try {
    for (let offset = 0; offset < split.count; offset += batch) {
      const f = ctx.scope(() =>
        noGrad(ctx, () => features(model, split.batch(order, offset, Math.min(batch, split.count - offset)).x)),
      );
      dim = f.shape[1];
      parts.push((await f.read()) as Float32Array);
      f.dispose();
    }
  } finally {
    order.dispose();
  }
  const data = new Float32Array(split.count * dim);
  let at = 0;
  for (const p of parts) {
    data.set(p.subarray(0, p.length), at);
    at += p.length;
  }
  return { data, dim };
}

/** Solves the symmetric positive-definite system A·X = B in place (A [m, m], B [m, c]) by Cholesky. */
function choleskySolve(a: Float64Array, b: Float64Array, m: number, c: number): Float64Array {
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j];
    for (let k = 0; k < j; k++) d -= a[j * m + k] ** 2;
    if (!(d > 0)) throw new Error('ridge probe: the regularized Gram matrix is not positive definite');
    const l = Math.sqrt(d);
    a[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let s = a[i * m + j];
      for (let k = 0; k < j; k++) s -= a[i * m + k] * a[j * m + k];
      a[i * m + j] = s / l;
    }
  }
  for (let col = 0; col < c; col++) {
    for (let i = 0; i < m; i++) {
      let s = b[i * c + col];
      for (let k = 0; k < i; k++) s -= a[i * m + k] * b[k * c + col];
      b[i * c + col] = s / a[i * m + i];
    }
    for (let i = m - 1; i >= 0; i--) {
      let s = b[i * c + col];
      for (let k = i + 1; k < m; k++) s -= a[k * m + i] * b[k * c + col];
      b[i * c + col] = s / a[i * m + i];
    }
  }
  return b;
}

/**
 * Linear probe by closed-form ridge regression on one-hot labels (features standardized on the
 * training part, plus a bias): test accuracy of the argmax. λ is relative to the Gram matrix's
 * mean diagonal, so it means the same for any feature scale.
 */
export function ridgeProbe(
  train: { data: Float32Array; labels: ArrayLike<number> },
  test: { data: Float32Array; labels: ArrayLike<number> },
  dim: number,
  classes: number,
  lambda = 1e-2,
): number {
  const n = train.labels.length;
  const mu = new Float64Array(dim);
  const sd = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mu[j] += train.data[i * dim + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sd[j] += (train.data[i * dim + j] - mu[j]) ** 2 / n;
  for (let j = 0; j < dim; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  const m = dim + 1;
  const row = (d: Float32Array, i: number, out: Float64Array): Float64Array => {
    for (let j = 0; j < dim; j++) out[j] = (d[i * dim + j] - mu[j]) / sd[j];
    out[dim] = 1;
    return out;
  };
  const gram = new Float64Array(m * m);
  const rhs = new Float64Array(m * classes);
  const r = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    row(train.data, i, r);
    for (let a = 0; a < m; a++) {
      if (r[a] === 0) continue;
      for (let b = 0; b < m; b++) gram[a * m + b] += r[a] * r[b];
      rhs[a * classes + train.labels[i]] += r[a];
    }
  }
  let trace = 0;
  for (let a = 0; a < m; a++) trace += gram[a * m + a] / m;
  for (let a = 0; a < dim; a++) gram[a * m + a] += lambda * trace;
  const w = choleskySolve(gram, rhs, m, classes);
  let correct = 0;
  const tn = test.labels.length;
  for (let i = 0; i < tn; i++) {
    row(test.data, i, r);
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let a = 0; a < m; a++) s += r[a] * w[a * classes + c];
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    if (best === test.labels[i]) correct++;
  }
  return correct / tn;
}

/** Temperatures of the DINO-style distillation loss (DINO's defaults: a sharper teacher). */
export const TEACHER_TEMPERATURE = 0.04;
export const STUDENT_TEMPERATURE = 0.1;

/**
 * Cross-entropy between the teacher's and the student's temperature softmaxes, averaged over the
 * batch: −mean_i Σ_c softmax(t_i/τt)_c · log softmax(s_i/τs)_c (the KL divergence up to the
 * teacher's constant entropy). The tiny floor keeps log finite where a probability underflows.
 */
export function softDistillLoss(student: Tensor, teacher: Tensor): Tensor {
  const ctx = student.ctx;
  const target = noGrad(ctx, () => softmax(scale(teacher, 1 / TEACHER_TEMPERATURE)));
  const logP = log(addScalar(softmax(scale(student, 1 / STUDENT_TEMPERATURE)), 1e-30));
  return scale(sum(mul(logP, target)), -1 / student.shape[0]);
}

/**
 * One label-free distillation step on the batch `order[offset … offset+size)`: the student
 * matches the frozen teacher's outputs by MSE, or by the DINO-style softmax cross-entropy ('kl');
 * returns the loss tensor (not read back).
 */
export function distillStep(
  student: Module,
  teacher: Module,
  split: GpuSplit,
  order: Tensor,
  offset: number,
  size: number,
  opt: Adam,
  loss: 'mse' | 'kl' = 'mse',
): Tensor {
  const ctx = split.ctx;
  return ctx.scope(() => {
    const b = split.batch(order, offset, size);
    const target = noGrad(ctx, () => teacher.forward(b.x));
    const out = student.forward(b.x);
    const l = loss === 'kl' ? softDistillLoss(out, target) : mseLoss(out, target).loss;
    backward(l);
    opt.step();
    return l;
  });
}

export interface RandomTeacherOptions {
  /** Unlabelled distillation set; its first `probe` examples (with labels) fit the probes. */
  train: number;
  probe: number;
  test: number;
  /**
   * Channels of 3×3 same-padded ReLU convs (no batch norm), each followed by a 2×2 max-pool,
   * before the fully connected layers; absent or empty: an MLP.
   */
  channels?: number[];
  /** Fully connected ReLU widths; the probe reads the last one. */
  hidden: number[];
  /** Width of the teacher's (and student's) output embedding. */
  out: number;
  steps: number;
  batch: number;
  lr: number;
  /** Probe the student every this many steps (and at 0 and the end). */
  every: number;
  seed: number;
  /**
   * Start the student at θT + s·θ' (θ' a fresh independent initialization) instead of θ' alone:
   * the paper's near-teacher initialization, which amplifies the gain. Absent or 0: independent.
   */
  nearTeacher?: number;
  /** Distillation loss: MSE on the outputs, or the DINO-style softmax cross-entropy. Default MSE. */
  loss?: 'mse' | 'kl';
  checkpoint?: () => Promise<void>;
  onProbe?: (step: number, accuracy: number, teacher: number) => void;
  onLoss?: (step: number, loss: number) => void;
}

/**
 * The random-teacher architecture on flat HWC images of `shape`: optional convs (`channels`, each
 * pooled 2×2 — pooling after every conv rather than every pair keeps a CPU adapter's cost low),
 * then ReLU `hidden` layers and a linear `out`-wide embedding. The last layer is the embedding, so
 * `features` reads the last hidden layer.
 */
export function teacherNet(
  ctx: GpuContext,
  shape: readonly number[],
  channels: readonly number[],
  hidden: readonly number[],
  out: number,
  seed: number,
): Sequential {
  const [h, w, c] = shape;
  if (channels.length === 0) return mlp(ctx, [h * w * c, ...hidden, out], { seed, activation: 'relu' });
  const pools = channels.length;
  if (h % 2 ** pools !== 0 || w % 2 ** pools !== 0) throw new Error(`${h}×${w} images do not pool ${pools} times`);
  const layers: Module[] = [new Reshape([h, w, c])];
  let inC = c;
  channels.forEach((ch, k) => {
    layers.push(
      new Conv2d(ctx, `conv${k + 1}`, inC, ch, 3, { padding: 1, activation: 'relu', seed, streamBase: 2 * k }),
    );
    layers.push(new MaxPool2d({ kernel: 2 }));
    inC = ch;
  });
  layers.push(new Flatten());
  const sizes = [(h / 2 ** pools) * (w / 2 ** pools) * inC, ...hidden, out];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const last = i + 2 === sizes.length;
    layers.push(
      new Linear(ctx, `fc${i + 1}`, sizes[i], sizes[i + 1], {
        activation: last ? 'identity' : 'relu',
        seed,
        streamBase: 2 * (channels.length + i),
      }),
    );
  }
  return new Sequential(layers);
}

/**
 * Distills a student (its own random init, or one near the teacher) into a frozen random teacher of
 * the same architecture (an MLP, or a small convnet with `channels`) by Adam on the MSE or the
 * softmax cross-entropy between their outputs, without labels; returns the ridge-probe test
 * accuracy of the teacher's and (over training) the student's penultimate features.
 */
export async function randomTeacherRun(
  ctx: GpuContext,
  data: Dataset,
  o: RandomTeacherOptions,
): Promise<{ teacher: number; student: Array<{ step: number; accuracy: number }>; finalLoss: number }> {
  const ld = landscapeData(ctx, data, { train: o.train, eval: o.probe, test: o.test }, o.seed);
  const pick = seededSubset(data.train, Math.min(o.train, data.train.count), o.seed);
  const probeLabels = labelsOf(data.train, pick.subarray(0, ld.evalSet.count));
  const testLabels = labelsOf(
    data.test,
    Uint32Array.from({ length: ld.test.count }, (_, i) => i),
  );
  const net = (seed: number) => teacherNet(ctx, data.manifest.shape, o.channels ?? [], o.hidden, o.out, seed);
  const teacher = net(o.seed * 1000 + 7);
  const student = net(o.seed);
  if (o.nearTeacher) {
    const t = await readFlat(paramsOf(teacher));
    const fresh = await readFlat(paramsOf(student));
    writeFlat(
      paramsOf(student),
      t.map((x, i) => x + o.nearTeacher! * fresh[i]),
    );
  }
  const opt = new Adam(
    student.parameters().map((p) => ({ name: p.name, tensor: p.tensor })),
    { lr: o.lr },
  );
  const probe = async (m: Sequential): Promise<number> => {
    const a = await readFeatures(m, ld.evalSet);
    const b = await readFeatures(m, ld.test);
    return ridgeProbe({ data: a.data, labels: probeLabels }, { data: b.data, labels: testLabels }, a.dim, ld.classes);
  };
  const perEpoch = Math.ceil(ld.train.count / o.batch);
  let order: Tensor | null = null;
  const losses = ctx.empty([o.steps]).keep();
  try {
    const teacherAcc = await probe(teacher);
    const student0 = await probe(student);
    const curve = [{ step: 0, accuracy: student0 }];
    o.onProbe?.(0, student0, teacherAcc);
    let finalLoss = NaN;
    let logged = 0;
    for (let step = 0; step < o.steps; step++) {
      await o.checkpoint?.();
      const offset = (step % perEpoch) * o.batch;
      if (offset === 0) {
        order?.dispose();
        order = ld.train.order({ seed: o.seed, epoch: Math.floor(step / perEpoch) }).keep();
      }
      const l = distillStep(
        student,
        teacher,
        ld.train,
        order!,
        offset,
        Math.min(o.batch, ld.train.count - offset),
        opt,
        o.loss,
      );
      ctx.copy(l, losses, 4, 0, step * 4);
      l.dispose();
      ctx.flush();
      const last = step + 1 === o.steps;
      if ((step + 1) % o.every === 0 || last) {
        const all = (await losses.read()) as Float32Array;
        for (; logged <= step; logged++) o.onLoss?.(logged + 1, all[logged]);
        finalLoss = all[step];
        if (!Number.isFinite(finalLoss))
          throw new Error(`distillation diverged by step ${step + 1}: try a smaller learning rate`);
        const acc = await probe(student);
        curve.push({ step: step + 1, accuracy: acc });
        o.onProbe?.(step + 1, acc, teacherAcc);
      }
    }
    return { teacher: teacherAcc, student: curve, finalLoss };
  } finally {
    order?.dispose();
    losses.dispose();
    opt.dispose();
    disposeModel(teacher);
    disposeModel(student);
    ld.dispose();
  }
}
