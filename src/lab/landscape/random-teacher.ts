/**
 * Random teachers (Sarnthein et al. 2023): distill a student into a frozen random network without
 * labels and compare both by closed-form ridge probes on their features.
 */
import type { GpuContext } from '../../gpu/context.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import { backward, noGrad } from '../../gpu/autograd.ts';
import { mseLoss, softmax } from '../../gpu/ops/loss.ts';
import { addScalar, log, mul, scale } from '../../gpu/ops/elementwise.ts';
import { sum } from '../../gpu/ops/reduce.ts';
import { disposeModel, Linear, mlp, Sequential, type Module } from '../../gpu/nn.ts';
import { Conv2d, Flatten, MaxPool2d, Reshape } from '../../gpu/layers/conv.ts';
import { Adam } from '../../gpu/optim.ts';
import { labelsOf, seededSubset, type Dataset } from '../datasets.ts';
import type { GpuSplit } from '../loader.ts';
import { landscapeData } from './data.ts';
import { paramsOf, readFlat, writeFlat } from './params-io.ts';
import { featureTensor, ridgeProbe } from './ridge-probe.ts';

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
    const a = featureTensor(m, ld.evalSet);
    const b = featureTensor(m, ld.test);
    try {
      return (await ridgeProbe({ x: a, labels: probeLabels }, { x: b, labels: testLabels }, ld.classes)).accuracy;
    } finally {
      a.dispose();
      b.dispose();
    }
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
