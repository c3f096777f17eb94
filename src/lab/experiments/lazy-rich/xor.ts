/**
 * Xu et al. (2023): a two-layer ReLU net on high-dimensional XOR clusters with flipped training
 * labels first fits the noisy labels with a non-generalizing rule, then learns the cluster
 * directions and generalizes while the flipped labels stay fitted.
 *
 * The paper's conditions are asymptotic; at lab sizes the two phases need the signal in a window.
 * One GD step from a tiny init fits every training label through the examples' own noise only if
 * ‖μ‖² ≪ d/√n (the self term d against the other examples' signal √n‖μ‖²); a neuron's ReLU pattern
 * later prefers one cluster of a pair over memorizing both only if ‖μ‖² > 4d/n. The defaults
 * (d 2,000, n 100, ‖μ‖² = 121) sit inside 80 < ‖μ‖² < 200. With ‖μ‖ = 4 at d = 1,000, n = 200 the
 * test accuracy stays near 60% for thousands of steps.
 */
import type { GpuContext } from '../../../gpu/context.ts';
import { bernoulliArray, normalArray } from '../../../gpu/rng.ts';
import { streams } from '../../../gpu/streams.ts';
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { logSteps } from '../../lazy-rich/linalg.ts';
import { TwoLayerNet, type Split } from '../../lazy-rich/two-layer.ts';
import { defineRun } from '../../declare.ts';
import { xorBenignOverfitting } from './xor-benign-overfitting.experiment.ts';

export interface XorSpec {
  dim: number;
  trainSize: number;
  testSize: number;
  width: number;
  noise: number;
  signal: number;
  init: number;
  lr: number;
  steps: number;
  seed: number;
}

export interface XorPoint {
  step: number;
  /** Accuracy on the noisy training labels, on the flipped examples alone, and on clean test. */
  train: number;
  flippedFit: number;
  test: number;
}

/**
 * Cluster k = i mod 4 has mean (+μ₁, −μ₁, +μ₂, −μ₂)[k] with μ₁ = ‖μ‖e₁ and μ₂ = ‖μ‖e₂, labels +1
 * for ±μ₁ and −1 for ±μ₂; the noise is isotropic, so axis-aligned means lose no generality and
 * the plane of the means is the first two input coordinates.
 */
function makeSplit(
  ctx: GpuContext,
  s: XorSpec,
  n: number,
  stream: number,
  flip: number,
): Split & { flipped: Uint8Array; labels: Float32Array } {
  const x = normalArray(n * s.dim, { seed: s.seed, stream: streams.data(stream) });
  const labels = new Float32Array(n);
  const flips =
    flip > 0 ? bernoulliArray(n, { seed: s.seed, stream: streams.data(stream + 1), p: flip }) : new Float32Array(n);
  const flipped = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    x[i * s.dim + (k < 2 ? 0 : 1)] += k % 2 === 0 ? s.signal : -s.signal;
    flipped[i] = flips[i] > 0 ? 1 : 0;
    labels[i] = (k < 2 ? 1 : -1) * (flipped[i] ? -1 : 1);
  }
  return { x: ctx.tensor(x, [n, s.dim]).keep(), y: ctx.tensor(labels).keep(), count: n, flipped, labels };
}

function accuracy(stats: ArrayLike<number>, labels: Float32Array, which?: Uint8Array): number {
  let hit = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    if (which && !which[i]) continue;
    total++;
    if (stats[4 * i + 2] * labels[i] > 0) hit++;
  }
  return total > 0 ? hit / total : NaN;
}

export async function* xorRun(
  gpu: GpuContext,
  s: XorSpec,
  /** Awaited every 16 steps and after the last, with the steps taken since the call before. */
  checkpoint: (steps: number) => Promise<void>,
): AsyncGenerator<EventOf<typeof xorBenignOverfitting>, XorPoint[]> {
  const train = makeSplit(gpu, s, s.trainSize, 1, s.noise);
  const test = makeSplit(gpu, s, s.testSize, 3, 0);
  const m = s.width;
  const w0 = gpu
    .tensor(normalArray(s.dim * m, { seed: s.seed, stream: streams.init(0), std: s.init }), [s.dim, m])
    .keep();
  // The paper's fixed readouts aⱼ = ±1/√m (±1/m would slow every GD step's change of f by m).
  const a = Float32Array.from({ length: m }, (_, i) => (i % 2 === 0 ? 1 : -1) / Math.sqrt(m));
  const readout = gpu.tensor(a).keep();
  const net = new TwoLayerNet(gpu, w0, readout, {
    activation: 'relu',
    loss: 'logistic',
    c: 1,
    eps: 0,
    twin: false,
    center: false,
  });
  net.attach(train);
  net.attach(test);
  const points: XorPoint[] = [];
  const schedule = logSteps(s.steps, 24);
  let next = 0;
  for (let step = 0; step <= s.steps; step++) {
    if (step === schedule[next]) {
      next++;
      const [trS, teS] = [net.evaluate(train), net.evaluate(test)];
      const [trH, teH, wH] = await Promise.all([trS.read(), teS.read(), net.weights.read()]);
      [trS, teS].forEach((t) => t.dispose());
      const pt: XorPoint = {
        step,
        train: accuracy(trH, train.labels),
        flippedFit: accuracy(trH, train.labels, train.flipped),
        test: accuracy(teH, test.labels),
      };
      points.push(pt);
      const x = step + 1;
      let loss = 0;
      for (let i = 0; i < s.trainSize; i++) loss += trH[4 * i];
      yield { type: 'metric', name: 'train/loss', step: x, value: loss / s.trainSize };
      yield { type: 'metric', name: 'train/accuracy', step: x, value: pt.train };
      yield { type: 'metric', name: 'train/flipped-fit', step: x, value: pt.flippedFit };
      yield { type: 'metric', name: 'test/accuracy', step: x, value: pt.test };
      // Each neuron's incoming weights on μ₁/‖μ‖ and μ₂/‖μ‖ (rows 0 and 1 of W), and its readout sign.
      const plane = new Float32Array(3 * m);
      for (let i = 0; i < m; i++) plane.set([wH[i], wH[m + i], Math.sign(a[i])], 3 * i);
      yield {
        type: 'snapshot',
        snapshot: {
          kind: 'heatmap',
          name: 'xor-plane',
          step: x,
          shape: [m, 3],
          data: plane,
          labels: ['μ₁', 'μ₂', 'readout sign'],
        },
      };
    }
    if (step === s.steps) break;
    net.step(train, s.lr);
    if (step % 16 === 15 || step + 1 === s.steps) {
      gpu.flush();
      await checkpoint((step % 16) + 1);
    }
  }
  net.dispose();
  [train, test].forEach((sp) => [sp.x, sp.y, sp.h0!, sp.d0!].forEach((t) => t.dispose()));
  [w0, readout].forEach((t) => t.dispose());
  return points;
}

async function* run(
  ctx: RunContext,
  spec: SpecOf<typeof xorBenignOverfitting>,
): AsyncGenerator<EventOf<typeof xorBenignOverfitting>> {
  const p = spec.params;
  const s: XorSpec = {
    dim: Number(p.dim),
    trainSize: Number(p.trainSize),
    testSize: Number(p.testSize),
    width: Number(p.width),
    noise: Number(p.noise),
    signal: Number(p.signal),
    init: Number(p.init),
    lr: Number(p.lr),
    steps: Number(p.steps),
    seed: spec.seed,
  };
  ctx.work.plan(s.steps);
  ctx.work.span(s.steps, { examplesPerUnit: s.trainSize });
  const points = yield* xorRun(ctx.gpu, s, ctx.work.step);
  const last = points[points.length - 1];
  const early = points.find((q) => q.train === 1);
  yield {
    type: 'done',
    summary: {
      firstStepAllFitted: early ? early.step : 'never',
      testAtFirstFit: early ? Number(early.test.toFixed(3)) : 'n/a',
      finalTrain: Number(last.train.toFixed(3)),
      finalFlippedFit: Number(last.flippedFit.toFixed(3)),
      finalTest: Number(last.test.toFixed(3)),
    },
  };
}

export const xorBenignOverfittingRunner: ExperimentRun = defineRun(xorBenignOverfitting, run);
