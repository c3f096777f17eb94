// Neural activation patterns as specifications (Geng et al. 2023) on an MNIST MLP. The same net is
// measured twice: at initialization (the control) and after training. Each time, one forward pass
// over the training subset gives every example's bit-packed on/off pattern, per-class counts mine
// the NAPs, and one pass over the test subset tallies who follows which NAP. After training, IBP
// bounds the margin of the true class over ε-balls around test images, plain and inside the NAP
// of the image's class, for every radius of the grid at once. Only small arrays are read back:
// the tally, the masks, the test correctness, and the margins.
import { noGrad } from '../../../gpu/autograd.ts';
import {
  activationPatterns as packPatterns,
  classCounts,
  mineNaps,
  napTally,
  napViolations,
  patternLayout,
  validBits,
  type Naps,
  type PatternLayout,
} from '../../../gpu/kernels/activation-patterns.ts';
import { packBytes } from '../../../gpu/kernels/gather.ts';
import { certifyBoxes, inputBoxes, NO_NAP } from '../../../gpu/kernels/ibp.ts';
import { disposeModel, mlp, type Linear, type Sequential } from '../../../gpu/nn.ts';
import { crossEntropy } from '../../../gpu/ops/loss.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { labelsOf, seededSubset, toFloat } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { EventOf, ExperimentRun } from '../../experiment.ts';
import { logGrid } from '../../kernels/ridge-risk.ts';
import { certifiedCounts, fixedCounts, median, napGrid, recallPrecision } from '../../representations/nap.ts';
import { adamOnRows } from '../../train-rows.ts';
import { activationPatterns } from './activation-patterns.experiment.ts';

const BATCH = 50;
const CLASSES = 10;

/** The hidden layers' post-ReLU activations of x, layer by layer. */
function hiddenActivations(model: Sequential, x: Tensor): Tensor[] {
  const acts: Tensor[] = [];
  let h = x;
  for (const layer of model.layers.slice(0, -1)) {
    h = layer.forward(h);
    acts.push(h);
  }
  return acts;
}

interface Measured {
  naps: Naps;
  tally: Uint32Array;
  fixed: Uint32Array;
  value: Uint32Array;
  /** 1 where the test example is classified correctly. */
  correct: Float32Array;
}

/** Mines the NAPs of `model` on the training rows and tallies the test rows against them. */
async function measure(
  gpu: GpuContext,
  model: Sequential,
  layout: PatternLayout,
  data: { x: Tensor; y: Tensor; sizes: Tensor; valid: Tensor; xt: Tensor; yt: Tensor },
  delta: number,
): Promise<Measured> {
  const out = noGrad(gpu, () =>
    gpu.scope(() => {
      const patterns = packPatterns(gpu, hiddenActivations(model, data.x), layout);
      const naps = mineNaps(classCounts(patterns, data.y, CLASSES), data.sizes, data.valid, delta);
      const testPatterns = packPatterns(gpu, hiddenActivations(model, data.xt), layout);
      const tally = napTally(napViolations(testPatterns, naps), data.yt);
      const correct = crossEntropy(model.forward(data.xt), data.yt).correct;
      return { naps, tally, correct };
    }),
  );
  const [tally, fixed, value, correct] = await Promise.all([
    out.tally.read(),
    out.naps.fixed.read(),
    out.naps.value.read(),
    out.correct.read(),
  ]);
  out.tally.dispose();
  out.correct.dispose();
  return {
    naps: out.naps,
    tally: tally as Uint32Array,
    fixed: fixed as Uint32Array,
    value: value as Uint32Array,
    correct: correct as Float32Array,
  };
}

export const activationPatternsRunner: ExperimentRun = defineRun(activationPatterns, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset('mnist');
  const trainIdx = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const trainLabels = labelsOf(data.train, trainIdx);
  const testLabels = labelsOf(data.test, testIdx);
  const count = (labels: Uint32Array) => {
    const n = new Array<number>(CLASSES).fill(0);
    for (const c of labels) n[c]++;
    return n;
  };
  const layout = patternLayout([p.hidden, p.hidden]);
  const eps = logGrid(p.epsMin, p.epsMax, p.epsCount);
  const E = eps.length;
  const steps = p.epochs * Math.floor(p.trainSize / BATCH);
  // Units: Adam steps, plus one sweep over the data each for mining before and after training and for IBP.
  ctx.work.plan(steps + 3, 'Adam step + sweep');

  const fixed = gpu.scope(() => ({
    x: gpu.tensor(toFloat(data, data.train, trainIdx, { normalize: 'unit' }), [p.trainSize, 784]),
    y: gpu.tensor(trainLabels, [p.trainSize], 'u32'),
    // Bytes, as gatherLabels reads them.
    bytes: packBytes(gpu, Uint8Array.from(trainLabels)),
    sizes: gpu.tensor(count(trainLabels), [CLASSES], 'u32'),
    valid: gpu.tensor(validBits(layout), [layout.words], 'u32'),
    xt: gpu.tensor(toFloat(data, data.test, testIdx, { normalize: 'unit' }), [p.testSize, 784]),
    yt: gpu.tensor(testLabels, [p.testSize], 'u32'),
  }));
  for (const t of Object.values(fixed)) t.keep();
  const model = mlp(gpu, [784, p.hidden, p.hidden, CLASSES], { seed: spec.seed, activation: 'relu' });
  const kept: Naps[] = [];
  try {
    const testSizes = count(testLabels);
    const report = function* (
      net: 'untrained' | 'trained',
      m: Measured,
    ): Generator<EventOf<typeof activationPatterns>> {
      const { recall, precision } = recallPrecision(m.tally, testSizes);
      const grid = napGrid(m.fixed, m.value, layout);
      const fixedPer = fixedCounts(grid, CLASSES);
      const tag = ` ${net}` as const;
      const accuracy = m.correct.reduce((a, b) => a + b, 0) / p.testSize;
      yield { type: 'metric', name: `accuracy${tag}`, step: 0, value: accuracy };
      for (let c = 0; c < CLASSES; c++) {
        yield { type: 'metric', name: `nap/recall${tag}`, step: c, value: recall[c] };
        yield { type: 'metric', name: `nap/precision${tag}`, step: c, value: precision[c] };
        yield { type: 'metric', name: `nap/fixed${tag}`, step: c, value: fixedPer[c] };
      }
      yield {
        type: 'snapshot',
        snapshot: {
          kind: 'heatmap',
          name: `nap${tag}`,
          step: 0,
          shape: [CLASSES, 2 * p.hidden],
          data: grid,
          labels: layout.widths.map((w, l) => `layer ${l + 1}: ${w}`),
        },
      };
    };

    ctx.work.span(1, { label: 'mine NAPs of the untrained net', unit: 'sweep' });
    const before = await measure(gpu, model, layout, fixed, p.delta);
    before.naps.fixed.dispose();
    before.naps.value.dispose();
    await ctx.work.step();
    yield* report('untrained', before);

    ctx.work.span(steps, { label: 'train', unit: 'Adam step' });
    await adamOnRows(
      ctx,
      model,
      { labels: fixed.bytes, epochs: p.epochs, batch: BATCH, lr: p.lr, seed: spec.seed },
      fixed.x,
    );

    ctx.work.span(1, { label: 'mine NAPs of the trained net', unit: 'sweep' });
    const after = await measure(gpu, model, layout, fixed, p.delta);
    kept.push(after.naps);
    await ctx.work.step();
    yield* report('trained', after);

    ctx.work.span(1, { label: 'interval bound propagation', unit: 'sweep' });
    const n = p.certSize;
    const labels = testLabels.subarray(0, n);
    // Rows: copy 0 is the plain ε-ball, copy 1 the same ball inside the NAP of the image's class.
    const rows = 2 * n * E;
    const specRows = Uint32Array.from({ length: rows }, (_, r) => (r < n * E ? NO_NAP : labels[Math.floor(r / E) % n]));
    const target = Uint32Array.from({ length: rows }, (_, r) => labels[Math.floor(r / E) % n]);
    const bounds = noGrad(gpu, () =>
      gpu.scope(() => {
        const x = gpu.empty([n, 784]);
        gpu.copy(fixed.xt, x, n * 784 * 4);
        const boxes = inputBoxes(x, gpu.tensor(eps), { copies: 2, lo: 0, hi: 1 });
        const layers = (model.layers as Linear[]).map((l) => ({ weight: l.weight, bias: l.bias! }));
        return certifyBoxes(
          boxes,
          layers,
          { spec: gpu.tensor(specRows, [rows], 'u32'), target: gpu.tensor(target, [rows], 'u32') },
          after.naps,
          layout,
        );
      }),
    );
    const [margin, empty] = await Promise.all([bounds.margin.read(), bounds.empty.read()]);
    bounds.margin.dispose();
    bounds.empty.dispose();
    await ctx.work.step();

    // The NAP specification covers an image that it admits (its class's NAP) and that the net
    // classifies correctly; elsewhere neither specification is counted as certifying it.
    const testPatterns = noGrad(gpu, () =>
      gpu.scope(() => {
        const x = gpu.empty([n, 784]);
        gpu.copy(fixed.xt, x, n * 784 * 4);
        return napViolations(packPatterns(gpu, hiddenActivations(model, x), layout), after.naps);
      }),
    );
    const violations = (await testPatterns.read()) as Uint32Array;
    testPatterns.dispose();
    const covered = Array.from(labels, (c, i) => after.correct[i] > 0 && violations[i * CLASSES + c] === 0);
    const ball = certifiedCounts(margin, empty, n, E, 0);
    const nap = certifiedCounts(margin, empty, n, E, n * E).map((k, i) => (covered[i] ? k : 0));
    const radius = (k: number) => (k > 0 ? eps[k - 1] : 0);
    for (const e of eps.keys()) {
      yield { type: 'metric', name: 'ibp/epsilon', step: e, value: eps[e] };
      yield { type: 'metric', name: 'ibp/verified ball', step: e, value: ball.filter((k) => k > e).length / n };
      yield { type: 'metric', name: 'ibp/verified nap', step: e, value: nap.filter((k) => k > e).length / n };
    }
    const coveredIdx = covered.flatMap((c, i) => (c ? [i] : []));
    yield { type: 'metric', name: 'ibp/covered', step: 0, value: coveredIdx.length / n };
    yield {
      type: 'metric',
      name: 'ibp/gain',
      step: 0,
      value: coveredIdx.filter((i) => nap[i] > ball[i]).length / n,
    };
    yield { type: 'metric', name: 'ibp/radius ball', step: 0, value: median(coveredIdx.map((i) => radius(ball[i]))) };
    yield { type: 'metric', name: 'ibp/radius nap', step: 0, value: median(coveredIdx.map((i) => radius(nap[i]))) };
    ctx.work.close();
    yield {
      type: 'done',
      summary: { neurons: 2 * p.hidden, radii: E, certified: n },
    };
  } finally {
    for (const naps of kept) {
      naps.fixed.dispose();
      naps.value.dispose();
    }
    disposeModel(model);
    for (const t of Object.values(fixed)) t.dispose();
  }
});
