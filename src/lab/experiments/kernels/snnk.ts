// Scalable neural network kernels on an MNIST subset: the ordinary MLP 784 → h → 10, the
// SNNK-MLP φ(x)ᵀψ → 10 (ψ m×h trained), and the fully bundled net φ(x)ᵀM (M m×10) trained by Adam
// and solved in closed form, each placed at its trainable-parameter count. φ(x) = ReLU(Gx + b)/√m
// with G, b Gaussian from the counter-based RNG (nested in m), fused into one matmul; its Gram
// matrix is compared with the exact arc-cosine kernel (kernels/ntk.ts) on a probe of test images.
import { noGrad } from '../../../gpu/autograd.ts';
import { ridgeSolve } from '../../../gpu/kernels/cholesky.ts';
import { binary, scale } from '../../../gpu/kernels/elementwise.ts';
import { packBytes } from '../../../gpu/kernels/gather.ts';
import { matmul } from '../../../gpu/kernels/matmul.ts';
import { ntkLayer } from '../../../gpu/kernels/ntk.ts';
import { randomNormal } from '../../../gpu/kernels/random.ts';
import { argmax, norm2 } from '../../../gpu/kernels/reduce.ts';
import { disposeModel, mlp, parameterCount, type Module } from '../../../gpu/nn.ts';
import { streams } from '../../../gpu/streams.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { labelsOf, seededSubset, toFloat } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun, RunContext } from '../../experiment.ts';
import { centredOneHot } from '../../kernels/ridge-risk.ts';
import { adamOnRows, type RowTraining } from '../../train-rows.ts';
import { snnk } from './snnk.experiment.ts';

/** The bias's spread: pixels in [0, 1] give G·x a spread of about ‖x‖/√d ≈ 0.3 on MNIST. */
const BIAS_STD = 0.3;
/** Test images on which the m-feature Gram matrix is compared with the exact kernel. */
const KERNEL_PROBE = 200;
const CLASSES = 10;

/**
 * ReLU(x·Gᵀ + b) for the first m random features: [rows, m]. Unscaled, so every feature is O(1)
 * whatever m and Adam needs no m-dependent step; the kernel estimate divides ΦΦᵀ by m.
 */
function featureMap(gpu: GpuContext, x: Tensor, m: number, seed: number): Tensor {
  const d = x.shape[1];
  const g = randomNormal(gpu, [m, d], { seed, stream: streams.data(10), std: 1 / Math.sqrt(d) });
  const b = randomNormal(gpu, [m], { seed, stream: streams.data(11), std: BIAS_STD });
  return matmul(x, g, { transB: true, bias: b, activation: 'relu' });
}

/** Share of rows of `scores` whose largest entry is at the label. O(n·classes) bookkeeping. */
function accuracyOf(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

async function predictedClasses(gpu: GpuContext, scores: () => Tensor): Promise<ArrayLike<number>> {
  const t = gpu.scope(() => noGrad(gpu, () => argmax(scores(), 1)));
  const out = await t.read();
  t.dispose();
  return out;
}

interface Split {
  x: Tensor;
  labels: Uint32Array;
}

/** Adam on cross-entropy over whole batches of `input`'s rows; the test accuracy after the last epoch. */
async function trainGd(ctx: RunContext, model: Module, t: RowTraining, train: Tensor, test: Split): Promise<number> {
  await adamOnRows(ctx, model, t, train);
  return accuracyOf(await predictedClasses(ctx.gpu, () => model.forward(test.x)), test.labels);
}

/** `model` trained by trainGd, then disposed: its trainable-parameter count and test accuracy. */
async function trained(ctx: RunContext, model: Module, t: RowTraining, train: Tensor, test: Split) {
  try {
    return { params: parameterCount(model), acc: await trainGd(ctx, model, t, train, test) };
  } finally {
    disposeModel(model);
  }
}

/** The bundled net's M by ridge on the centred one-hot labels, in closed form; its test accuracy. */
async function closedForm(
  gpu: GpuContext,
  phi: Tensor,
  phiTest: Tensor,
  y: Tensor,
  lambda: number,
  labels: Uint32Array,
) {
  const m = phi.shape[1];
  const { g, r, trace } = gpu.scope(() => ({
    g: matmul(phi, phi, { transA: true }),
    r: matmul(phi, y, { transA: true }),
    trace: norm2(phi),
  }));
  const meanEig = (await trace.read())[0] ** 2 / m;
  trace.dispose();
  const { alphas, info } = gpu.scope(() => ridgeSolve(g, r, [lambda * meanEig]));
  g.dispose();
  r.dispose();
  const ok = (await info.read())[0] === 0;
  info.dispose();
  const weights = alphas[0];
  const acc = ok ? accuracyOf(await predictedClasses(gpu, () => matmul(phiTest, weights)), labels) : NaN;
  weights.dispose();
  return acc;
}

/** ‖ΦΦᵀ/m − K‖_F/‖K‖_F on the probe, K the exact kernel E[ReLU(u)ReLU(v)] of the features' Gaussian (u, v). */
async function kernelError(gpu: GpuContext, probe: Tensor, phiProbe: Tensor): Promise<number> {
  const d = probe.shape[1];
  const t = gpu.scope(() => {
    // Σ = X·Xᵀ/d + σ_b²: the covariance of (g·x + b) over the draw of G and b.
    const cov = matmul(probe, probe, { transB: true });
    const sigma = binary('add', scale(cov, 1 / d), gpu.tensor(new Float32Array([BIAS_STD ** 2])));
    const exact = ntkLayer(sigma, sigma, { activation: 'relu', sw2: 1, sb2: 0 }).sigma;
    const estimate = scale(matmul(phiProbe, phiProbe, { transB: true }), 1 / phiProbe.shape[1]);
    const diff = binary('sub', estimate, exact);
    return { num: norm2(diff), den: norm2(exact) };
  });
  const [num, den] = [(await t.num.read())[0], (await t.den.read())[0]];
  t.num.dispose();
  t.den.dispose();
  return num / den;
}

export const snnkRunner: ExperimentRun = defineRun(snnk, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset(p.dataset);
  const d = data.manifest.shape.reduce((a, b) => a * b, 1);
  const trainIdx = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const trainLabels = labelsOf(data.train, trainIdx);
  const testLabels = labelsOf(data.test, testIdx);
  const features = [...new Set(p.features)].sort((a, b) => a - b);
  const widths = [...new Set(p.mlpWidths)].sort((a, b) => a - b);
  const gdModels = features.length * 2 + widths.length;
  const perEpoch = Math.floor(p.trainSize / p.batch);
  ctx.work.plan(gdModels * p.epochs * perEpoch, 'Adam step');
  ctx.work.span(gdModels * p.epochs * perEpoch);

  const fixed = gpu.scope(() => ({
    x: gpu.tensor(toFloat(data, data.train, trainIdx, { normalize: 'unit' }), [p.trainSize, d]),
    xt: gpu.tensor(toFloat(data, data.test, testIdx, { normalize: 'unit' }), [p.testSize, d]),
    y: gpu.tensor(centredOneHot(trainLabels, CLASSES), [p.trainSize, CLASSES]),
    labels: packBytes(gpu, Uint8Array.from(trainLabels)),
  }));
  const probe = Math.min(KERNEL_PROBE, p.testSize);
  const fit: RowTraining = { labels: fixed.labels, epochs: p.epochs, batch: p.batch, lr: p.lr, seed: spec.seed };
  const summary: Record<string, number> = {};
  try {
    for (const m of features) {
      const phi = gpu.scope(() => ({
        train: featureMap(gpu, fixed.x, m, spec.seed),
        test: featureMap(gpu, fixed.xt, m, spec.seed),
      }));
      try {
        const probeX = gpu.scope(() => {
          const t = gpu.empty([probe, d]);
          gpu.copy(fixed.xt, t, 4 * probe * d);
          return t;
        });
        const phiProbe = gpu.scope(() => featureMap(gpu, probeX, m, spec.seed));
        yield { type: 'metric', name: 'kernel/error', step: m, value: await kernelError(gpu, probeX, phiProbe) };
        probeX.dispose();
        phiProbe.dispose();

        const test = { x: phi.test, labels: testLabels };
        const closed = await closedForm(gpu, phi.train, phi.test, fixed.y, p.lambda, testLabels);
        yield { type: 'metric', name: 'acc/bundled-closed', step: m * CLASSES, value: closed };

        const bundled = await trained(ctx, mlp(gpu, [m, CLASSES], { seed: spec.seed }), fit, phi.train, test);
        yield { type: 'metric', name: 'acc/bundled-gd', step: bundled.params, value: bundled.acc };
        // The SNNK layer φ(x)ᵀψ is linear in ψ: no activation between it and the readout.
        const layer = mlp(gpu, [m, p.snnkWidth, CLASSES], { seed: spec.seed, activation: 'identity' });
        const snnkNet = await trained(ctx, layer, fit, phi.train, test);
        yield { type: 'metric', name: 'acc/snnk', step: snnkNet.params, value: snnkNet.acc };
      } finally {
        phi.train.dispose();
        phi.test.dispose();
      }
    }
    for (const h of widths) {
      const model = mlp(gpu, [d, h, CLASSES], { seed: spec.seed, activation: 'relu' });
      const net = await trained(ctx, model, fit, fixed.x, { x: fixed.xt, labels: testLabels });
      yield { type: 'metric', name: 'acc/mlp', step: net.params, value: net.acc };
      summary[`mlp${h}`] = net.acc;
    }
    yield { type: 'done', summary: { ...summary, trainSize: p.trainSize, features: features.join(',') } };
  } finally {
    for (const v of Object.values(fixed)) v.dispose();
  }
});
