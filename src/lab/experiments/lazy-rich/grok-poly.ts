/**
 * Kumar et al. (2023): grokking of a quadratic target by a two-layer net as the transition from
 * lazy to rich dynamics, with the linearized twin and the initial-kernel regression baseline.
 */
import type { GpuContext } from '../../../gpu/context.ts';
import { randomNormal } from '../../../gpu/kernels/random.ts';
import { kernelDistance, relativeChange, twoLayerNtk } from '../../../gpu/laziness.ts';
import { normalArray } from '../../../gpu/rng.ts';
import { streams } from '../../../gpu/streams.ts';
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import type { WorkClock } from '../../progress.ts';
import { kernelAlignment, logSteps, matVec } from '../../lazy-rich/linalg.ts';
import { choleskySolve } from '../../numerics/cholesky.ts';
import { TwoLayerNet, type Split } from '../../lazy-rich/two-layer.ts';
import { defineRun } from '../../declare.ts';
import { grokkingLazyRich } from './grokking-lazy-rich.experiment.ts';

export interface GrokPolySpec {
  dim: number;
  trainSize: number;
  testSize: number;
  width: number;
  eps: number;
  lrScale: number;
  steps: number;
  linearized: boolean;
  seed: number;
}

/** What one α value's run measured. */
export interface GrokPolyResult {
  alpha: number;
  /** First logged step with train (test) loss ≤ 10% of its initial value; null if never. */
  trainHit: number | null;
  testHit: number | null;
  /** Test MSE of kernel regression with the initial NTK (ridge → 0). */
  k0Test: number;
  /** Test MSE of the network at the end of the run, and its lowest value over the run. */
  finalTest: number;
  /** Test loss when train first reached 10% (the plateau the kernel phase leaves). */
  testAtTrainHit: number | null;
  /** Test MSE at step 0. */
  initialTest: number;
  /** Lowest test MSE of the linearized twin over the run (NaN without the twin): the lazy limit trained alike. */
  twinTest: number;
  weightChange: number;
  alignment0: number;
  alignmentEnd: number;
  kernelChange: number;
}

function makeSplit(
  ctx: GpuContext,
  n: number,
  d: number,
  beta: Float32Array,
  seed: number,
  stream: number,
): Split & { yHost: Float32Array } {
  const xHost = normalArray(n * d, { seed, stream: streams.data(stream), std: 1 / Math.sqrt(d) });
  const yHost = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let j = 0; j < d; j++) b += beta[j] * xHost[i * d + j];
    yHost[i] = (b * b) / 2;
  }
  return { x: ctx.tensor(xHost, [n, d]).keep(), y: ctx.tensor(yHost).keep(), count: n, yHost };
}

/** Mean of column `col` of per-example stats [P, 4]. */
export function statMean(stats: ArrayLike<number>, col: number): number {
  let s = 0;
  for (let i = col; i < stats.length; i += 4) s += stats[i];
  return s / (stats.length / 4);
}

/**
 * Trains α in sequence for each value, yielding RunEvents; series are suffixed with `tag(α)` so a
 * sweep keeps one curve per α. Returns each α's result. `work` gets a span of `s.steps` per α.
 */
export async function* grokPolyRuns(
  gpu: GpuContext,
  s: GrokPolySpec,
  alphas: readonly number[],
  work: WorkClock,
  tag: (alpha: number) => string,
): AsyncGenerator<EventOf<typeof grokkingLazyRich>, GrokPolyResult[]> {
  const { dim: D, trainSize: P, width: N, eps } = s;
  const beta = normalArray(D, { seed: s.seed, stream: streams.data(0) });
  const train = makeSplit(gpu, P, D, beta, s.seed, 1);
  const test = makeSplit(gpu, s.testSize, D, beta, s.seed, 2);
  const readout = gpu.tensor(new Float32Array(N).fill(1)).keep();
  const w0 = randomNormal(gpu, [D, N], { seed: s.seed, stream: streams.init(0) }).keep();
  const options = { activation: 'poly' as const, loss: 'mse' as const, eps, twin: s.linearized, center: true };
  // φ'(z⁰) per split, shared by every α: the NTK at init up to (α/N)², to which kernel regression is invariant.
  const probe = new TwoLayerNet(gpu, w0, readout, { ...options, c: 1 });
  probe.attach(train);
  probe.attach(test);
  probe.dispose();
  const [kTrTr, kTeTr] = await Promise.all([
    twoLayerNtk(train.x, train.d0!, train.x, train.d0!, 1).read(),
    twoLayerNtk(test.x, test.d0!, train.x, train.d0!, 1).read(),
  ]);
  const trace = Array.from({ length: P }, (_, i) => kTrTr[i * P + i]).reduce((acc, v) => acc + v, 0);
  const coef = choleskySolve(kTrTr, train.yHost, P, { ridge: 1e-6 * (trace / P) });
  const pred = matVec(kTeTr, coef, s.testSize, P);
  const k0Test = test.yHost.reduce((acc, y, i) => acc + (pred[i] - y) ** 2, 0) / s.testSize;
  const alignment0 = kernelAlignment(kTrTr, train.yHost, P);
  const k0Gpu = gpu.tensor(kTrTr, [P, P]).keep();

  const results: GrokPolyResult[] = [];
  const schedule = logSteps(s.steps, 24);
  for (const alpha of alphas) {
    const t = tag(alpha);
    work.span(s.steps, { label: `the run at α = ${fmtAlpha(alpha)}`, examplesPerUnit: P });
    const net = new TwoLayerNet(gpu, w0, readout, { ...options, c: alpha / N });
    const lr = (s.lrScale * N) / (alpha * alpha);
    const r: GrokPolyResult = {
      alpha,
      trainHit: null,
      testHit: null,
      k0Test,
      finalTest: NaN,
      testAtTrainHit: null,
      initialTest: NaN,
      twinTest: s.linearized ? Infinity : NaN,
      weightChange: 0,
      alignment0,
      alignmentEnd: alignment0,
      kernelChange: 0,
    };
    yield { type: 'metric', name: `k0/test-loss${t}`, step: 1, value: k0Test };
    yield { type: 'metric', name: `k0/test-loss${t}`, step: s.steps + 1, value: k0Test };
    let initial: number[] = [];
    let next = 0;
    for (let step = 0; step <= s.steps; step++) {
      if (step === schedule[next]) {
        next++;
        const [trS, teS, kt, wc, kc] = gpu.scope(() => {
          const dNow = net.slopes(train.x);
          const kNow = twoLayerNtk(train.x, dNow, train.x, dNow, 1);
          return [
            net.evaluate(train),
            net.evaluate(test),
            kNow,
            relativeChange([net.w()], [w0]),
            kernelDistance(kNow, k0Gpu),
          ];
        });
        const [trH, teH, kHost, wcH, kcH] = await Promise.all([trS, teS, kt, wc, kc].map((v) => v.read()));
        [trS, teS, kt, wc, kc].forEach((v) => v.dispose());
        const nums = [statMean(trH, 0), statMean(teH, 0), statMean(trH, 1), statMean(teH, 1)];
        if (step === 0) {
          initial = nums;
          r.initialTest = nums[1];
        }
        if (s.linearized) r.twinTest = Math.min(r.twinTest, nums[3]);
        const [trL, teL] = nums;
        if (!Number.isFinite(trL))
          throw new Error(`diverged at step ${step} (α = ${alpha}, lr = ${lr.toPrecision(3)}): lower the LR factor`);
        const x = step + 1; // log-step axes cannot show step 0
        yield { type: 'metric', name: `train/loss${t}`, step: x, value: trL };
        yield { type: 'metric', name: `test/loss${t}`, step: x, value: teL };
        if (s.linearized) {
          yield { type: 'metric', name: `lin-train/loss${t}`, step: x, value: nums[2] };
          yield { type: 'metric', name: `lin-test/loss${t}`, step: x, value: nums[3] };
        }
        r.alignmentEnd = kernelAlignment(kHost as Float32Array, train.yHost, P);
        r.weightChange = wcH[0];
        r.kernelChange = kcH[0];
        yield { type: 'metric', name: `lazy/weight-change${t}`, step: x, value: r.weightChange };
        yield { type: 'metric', name: `lazy/kernel-change${t}`, step: x, value: r.kernelChange };
        yield { type: 'metric', name: `lazy/alignment${t}`, step: x, value: r.alignmentEnd };
        if (r.trainHit === null && trL <= 0.1 * initial[0]) {
          r.trainHit = x;
          r.testAtTrainHit = teL;
        }
        if (r.testHit === null && teL <= 0.1 * initial[1]) r.testHit = x;
        r.finalTest = teL;
      }
      if (step === s.steps) break;
      net.step(train, lr);
      if (step % 16 === 15 || step + 1 === s.steps) {
        gpu.flush();
        await work.step((step % 16) + 1);
      }
    }
    net.dispose();
    results.push(r);
    yield { type: 'metric', name: 'sweep/grok-delay', step: alpha, value: grokDelay(r, s.steps) };
    yield { type: 'metric', name: 'sweep/weight-change', step: alpha, value: r.weightChange };
    yield { type: 'metric', name: 'sweep/test-loss', step: alpha, value: r.finalTest };
  }
  [train, test].forEach((sp) => [sp.x, sp.y, sp.h0!, sp.d0!].forEach((x) => x.dispose()));
  [readout, w0, k0Gpu].forEach((x) => x.dispose());
  return results;
}

/**
 * Test-reach step over train-reach step (10% of the initial loss). A test loss that never gets
 * there counts as reaching it at the end of the run, so the ratio is a lower bound.
 */
export function grokDelay(r: GrokPolyResult, steps: number): number {
  if (r.trainHit === null) return NaN;
  return (r.testHit ?? steps + 1) / r.trainHit;
}

export function alphaGrid(alpha: number, alphaMin: number, count: number): number[] {
  if (count <= 1) return [alpha];
  return Array.from({ length: count }, (_, k) => alphaMin * (alpha / alphaMin) ** (k / (count - 1)));
}

const fmtAlpha = (a: number): string => (a >= 10 ? a.toFixed(0) : a.toPrecision(2));

async function* run(
  ctx: RunContext,
  spec: SpecOf<typeof grokkingLazyRich>,
): AsyncGenerator<EventOf<typeof grokkingLazyRich>> {
  const p = spec.params;
  const s: GrokPolySpec = {
    dim: Number(p.dim),
    trainSize: Number(p.trainSize),
    testSize: Number(p.testSize),
    width: Number(p.width),
    eps: Number(p.eps),
    lrScale: Number(p.lrScale),
    steps: Number(p.steps),
    linearized: Boolean(p.linearized),
    seed: spec.seed,
  };
  const alphas = alphaGrid(Number(p.alpha), Number(p.alphaMin), Number(p.sweep));
  const tag = (a: number): string => (alphas.length > 1 ? ` α=${fmtAlpha(a)}` : '');
  let results: GrokPolyResult[];
  try {
    ctx.work.plan(alphas.length * s.steps);
    results = yield* grokPolyRuns(ctx.gpu, s, alphas, ctx.work, tag);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('diverged')) {
      yield { type: 'error', kind: 'diverged', message: e.message };
      return;
    }
    throw e;
  }
  const last = results[results.length - 1];
  yield {
    type: 'done',
    summary: {
      alpha: last.alpha,
      trainReach10pct: last.trainHit ?? 'never',
      testReach10pct: last.testHit ?? 'never',
      grokDelay: Number(grokDelay(last, s.steps).toFixed(2)),
      k0RegressionTestMse: Number(last.k0Test.toPrecision(4)),
      finalTestMse: Number(last.finalTest.toPrecision(4)),
      weightChange: Number(last.weightChange.toPrecision(3)),
      kernelChange: Number(last.kernelChange.toPrecision(3)),
    },
  };
}

export const grokkingLazyRichRunner: ExperimentRun = defineRun(grokkingLazyRich, run);
