/**
 * Power et al. (2022), in Gromov's (2023) small form: a two-layer MLP on one-hot (a, b) pairs
 * learns (a + b) mod p from a fraction of the p² pairs with full-batch AdamW. With weight decay it
 * first memorizes the training pairs and only much later generalizes ("grokking").
 */
import { backward, noGrad } from '../../../gpu/autograd.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import { mean } from '../../../gpu/kernels/reduce.ts';
import { softmaxCrossEntropy } from '../../../gpu/kernels/softmax.ts';
import { Linear } from '../../../gpu/nn.ts';
import { activation } from '../../../gpu/ops/elementwise.ts';
import { crossEntropy } from '../../../gpu/ops/loss.ts';
import { AdamW } from '../../../gpu/optim.ts';
import { uniformArray } from '../../../gpu/rng.ts';
import { streams } from '../../../gpu/streams.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { logSteps } from '../../lazy-rich/linalg.ts';
import { defineRun } from '../../declare.ts';
import { grokkingModular } from './grokking-modular.experiment.ts';

export type ModularActivation = 'quadratic' | 'relu';

export interface ModularSpec {
  modulus: number;
  trainFraction: number;
  width: number;
  activation: ModularActivation;
  lr: number;
  weightDecay: number;
  /** Multiplies the Kaiming init of both layers (larger is lazier and groks later). */
  initScale: number;
  steps: number;
  seed: number;
}

export interface ModularResult {
  weightDecay: number;
  /** First logged step with train (test) accuracy ≥ 99% (95%); null if never. */
  memorized: number | null;
  generalized: number | null;
  /** Test accuracy when the training set was first memorized. */
  testAtMemorized: number | null;
  finalTrain: number;
  finalTest: number;
}

/** The p² pairs split at random into train and test: one-hot inputs [n, 2p] and u32 labels (a + b) mod p. */
function pairs(ctx: GpuContext, p: number, fraction: number, seed: number): { train: Split; test: Split } {
  const u = uniformArray(p * p, { seed, stream: streams.data(0) });
  const order = Array.from({ length: p * p }, (_, i) => i).sort((i, j) => u[i] - u[j] || i - j);
  const nTrain = Math.min(p * p - 1, Math.max(1, Math.round(fraction * p * p)));
  const build = (ids: number[]): Split => {
    const x = new Float32Array(ids.length * 2 * p);
    const y = new Uint32Array(ids.length);
    ids.forEach((id, r) => {
      const a = Math.floor(id / p);
      const b = id % p;
      x[r * 2 * p + a] = 1;
      x[r * 2 * p + p + b] = 1;
      y[r] = (a + b) % p;
    });
    return { x: ctx.tensor(x, [ids.length, 2 * p]).keep(), y: ctx.tensor(y, [ids.length], 'u32').keep() };
  };
  return { train: build(order.slice(0, nTrain)), test: build(order.slice(nTrain)) };
}

interface Split {
  x: Tensor;
  y: Tensor;
}

/**
 * Trains one weight decay, logging train/test accuracy and loss on a log-step axis (series
 * suffixed with `tag`), and returns when it memorized and when it generalized. `checkpoint` is
 * awaited every 16 steps and after the last, with the steps taken since the call before.
 */
export async function* modularRun(
  gpu: GpuContext,
  s: ModularSpec,
  checkpoint: (steps: number) => Promise<void>,
  tag = '',
): AsyncGenerator<EventOf<typeof grokkingModular>, ModularResult> {
  const p = s.modulus;
  const { train, test } = pairs(gpu, p, s.trainFraction, s.seed);
  // Without biases: the quadratic net is Gromov's f = W₂ (W₁x)², whose solution is known in closed form.
  const opts = { bias: false, seed: s.seed, gain: s.initScale * (s.activation === 'relu' ? Math.SQRT2 : 1) };
  const l1 = new Linear(gpu, 'fc1', 2 * p, s.width, {
    ...opts,
    streamBase: 0,
    activation: s.activation === 'relu' ? 'relu' : 'identity',
  });
  const l2 = new Linear(gpu, 'fc2', s.width, p, { ...opts, streamBase: 2 });
  const forward = (x: Tensor): Tensor => {
    const h = l1.forward(x);
    return l2.forward(s.activation === 'quadratic' ? activation(h, 'square') : h);
  };
  const opt = new AdamW([l1.weight, l2.weight], { lr: s.lr, weightDecay: s.weightDecay, betas: [0.9, 0.98] });
  const measure = (sp: Split): Tensor =>
    gpu.scope(() =>
      noGrad(gpu, () => {
        const ce = softmaxCrossEntropy(forward(sp.x), sp.y);
        const out = gpu.empty([2]);
        gpu.copy(mean(ce.perExample), out, 4, 0, 0);
        gpu.copy(mean(ce.correct), out, 4, 0, 4);
        return out;
      }),
    );
  const r: ModularResult = {
    weightDecay: s.weightDecay,
    memorized: null,
    generalized: null,
    testAtMemorized: null,
    finalTrain: 0,
    finalTest: 0,
  };
  const schedule = logSteps(s.steps, 24);
  let next = 0;
  try {
    for (let step = 0; step <= s.steps; step++) {
      if (step === schedule[next]) {
        next++;
        const [a, b] = [measure(train), measure(test)];
        const [[trL, trA], [teL, teA]] = await Promise.all([a.read(), b.read()]);
        [a, b].forEach((t) => t.dispose());
        if (!Number.isFinite(trL)) throw new Error(`diverged at step ${step}: lower the learning rate`);
        const x = step + 1; // log-step axes cannot show step 0
        yield { type: 'metric', name: `train/loss${tag}`, step: x, value: trL };
        yield { type: 'metric', name: `test/loss${tag}`, step: x, value: teL };
        yield { type: 'metric', name: `train/accuracy${tag}`, step: x, value: trA };
        yield { type: 'metric', name: `test/accuracy${tag}`, step: x, value: teA };
        if (r.memorized === null && trA >= 0.99) {
          r.memorized = x;
          r.testAtMemorized = teA;
        }
        if (r.generalized === null && teA >= 0.95) r.generalized = x;
        [r.finalTrain, r.finalTest] = [trA, teA];
      }
      if (step === s.steps) break;
      gpu.scope(() => {
        const ce = crossEntropy(forward(train.x), train.y);
        backward(ce.loss);
        opt.step();
      });
      if (step % 16 === 15 || step + 1 === s.steps) {
        gpu.flush();
        await checkpoint((step % 16) + 1);
      }
    }
  } finally {
    opt.dispose();
    [l1.weight, l2.weight, train.x, train.y, test.x, test.y].forEach((t) => t.dispose());
  }
  return r;
}

/** Generalization step over memorization step; a run that never generalizes counts its last step (a lower bound). */
export function modularDelay(r: ModularResult, steps: number): number {
  if (r.memorized === null) return NaN;
  return (r.generalized ?? steps + 1) / r.memorized;
}

/** `count` weight decays log-spaced from `min` to `max` (just `max` when count is 1). */
export function decayGrid(max: number, min: number, count: number): number[] {
  if (count <= 1) return [max];
  return Array.from({ length: count }, (_, k) => min * (max / min) ** (k / (count - 1)));
}

async function* run(
  ctx: RunContext,
  spec: SpecOf<typeof grokkingModular>,
): AsyncGenerator<EventOf<typeof grokkingModular>> {
  const q = spec.params;
  const base: ModularSpec = {
    modulus: Number(q.modulus),
    trainFraction: Number(q.trainFraction),
    width: Number(q.width),
    activation: q.activation === 'relu' ? 'relu' : 'quadratic',
    lr: Number(q.lr),
    weightDecay: Number(q.weightDecay),
    initScale: Number(q.initScale),
    steps: Number(q.steps),
    seed: spec.seed,
  };
  const decays = decayGrid(base.weightDecay, Number(q.weightDecayMin), Number(q.sweep));
  const results: ModularResult[] = [];
  ctx.work.plan(decays.length * base.steps);
  for (const wd of decays) {
    const tag = decays.length > 1 ? ` wd=${wd.toPrecision(2)}` : '';
    ctx.work.span(base.steps, { label: `the run at weight decay ${wd.toPrecision(2)}` });
    let r: ModularResult;
    try {
      r = yield* modularRun(ctx.gpu, { ...base, weightDecay: wd }, ctx.work.step, tag);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('diverged')) {
        yield { type: 'error', kind: 'diverged', message: e.message };
        return;
      }
      throw e;
    }
    results.push(r);
    yield { type: 'metric', name: 'sweep/generalized-step', step: wd, value: r.generalized ?? base.steps + 1 };
    yield { type: 'metric', name: 'sweep/memorized-step', step: wd, value: r.memorized ?? base.steps + 1 };
  }
  const last = results[results.length - 1];
  yield {
    type: 'done',
    summary: {
      weightDecay: last.weightDecay,
      memorizedAtStep: last.memorized ?? 'never',
      testAccuracyWhenMemorized: last.testAtMemorized === null ? 'n/a' : Number(last.testAtMemorized.toFixed(3)),
      generalizedAtStep: last.generalized ?? 'never',
      delay: Number(modularDelay(last, base.steps).toFixed(2)),
      finalTrainAccuracy: Number(last.finalTrain.toFixed(3)),
      finalTestAccuracy: Number(last.finalTest.toFixed(3)),
    },
  };
}

export const grokkingModularRunner: ExperimentRun = defineRun(grokkingModular, run);
