// Bits of inductive bias (Boopathy et al. 2024) from sampled hypotheses: for each data set and
// hypothesis space (an MLP, a one-layer 3×3 CNN, or random features), batches of small two-layer ReLU
// networks are trained at once by full-batch Adam
// (gpu/kernels/ensemble-mlp.ts: one weight tensor per layer for the whole batch, no readback in a
// step), each batch's test risks are read back once, and the errors so far are fitted with a
// scaled non-central χ² whose lower tail gives −log₂ P(error ≤ target) (kernels/error-tail.ts).
import {
  ensembleAdamState,
  ensembleHidden,
  ensembleMlpInit,
  ensembleMlpRisk,
  ensembleMlpStep,
} from '../../../gpu/kernels/ensemble-mlp.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { labelsOf, seededSubset } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { fitScaledChi2, fittedDensity, inductiveBiasBits } from '../../kernels/error-tail.ts';
import { flatRows, patchCount, patchRows, pooledImages } from '../../kernels/image-rows.ts';
import { centredOneHot } from '../../kernels/ridge-risk.ts';
import { permutation } from '../../loader.ts';
import { inductiveBias } from './inductive-bias.experiment.ts';

/** Data sets sampled, in order; the index keys each one's Philox streams so other params never shift them. */
const SETS = ['mnist', 'cifar10', 'mnist-shuffled'] as const;
type SetName = (typeof SETS)[number];
/** Hypothesis spaces: which layers train, and whether the first layer is a 3×3 convolution. */
const SPACES = [
  { name: 'mlp', trainHidden: true, conv: false },
  { name: 'cnn', trainHidden: true, conv: true },
  { name: 'random-features', trainHidden: false, conv: false },
] as const;
/** Spaces each value of the `classes` parameter samples. */
const SPACES_OF: Record<string, readonly string[]> = {
  mlp: ['mlp'],
  cnn: ['cnn'],
  'random-features': ['random-features'],
  'mlp-cnn': ['mlp', 'cnn'],
  all: ['mlp', 'cnn', 'random-features'],
};
const KERNEL = 3;
/** Points of the fitted density drawn over the histogram. */
const TAIL_POINTS = 160;
/** Philox streams: 2 per batch of models (W1, W2), 2^16 batches per data set. */
const streamOf = (set: number, batch: number) => 2 * (set * 2 ** 16 + batch);
const LABEL_STREAM = 2 ** 20;

/** Input rows of the train and test examples (a convolution's: every patch of every example). */
interface Rows {
  x: Tensor;
  xt: Tensor;
  inputs: number;
  positions: number;
}

/** One data set's targets, and its input rows on the GPU for a dense and for a convolutional first layer. */
interface Prepared {
  y: Tensor;
  yt: Tensor;
  classes: number;
  /** Test risk of predicting the class mean (zero, for centred targets): errors are relative to it. */
  nullRisk: number;
  dense: Rows;
  /** Only where a sampled space convolves. */
  conv: Rows | null;
}

export const inductiveBiasRunner: ExperimentRun = defineRun(inductiveBias, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const pool = Number(p.pool);
  const spaces = SPACES.filter((s) => SPACES_OF[p.classes].includes(s.name));
  const sets = SETS.filter((s) => p.control || s !== 'mnist-shuffled');
  const series = sets.flatMap((set) => spaces.map((space) => ({ set, space, name: `${set}/${space.name}` })));
  const batches = Math.ceil(p.hypotheses / p.batch);
  ctx.work.plan(series.length * batches * (p.steps + 1));

  const prepared = new Map<SetName, Prepared>();
  const prepare = async (set: SetName): Promise<Prepared> => {
    const data = await ctx.dataset(set === 'cifar10' ? 'cifar10' : 'mnist');
    const classes = data.manifest.classes.length;
    const trainIdx = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
    const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
    let trainLabels = labelsOf(data.train, trainIdx);
    if (set === 'mnist-shuffled') {
      const order = permutation(trainLabels.length, spec.seed, LABEL_STREAM);
      trainLabels = Uint32Array.from(order, (j) => trainLabels[j]);
    }
    const testTargets = centredOneHot(labelsOf(data.test, testIdx), classes);
    const train = pooledImages(data, data.train, trainIdx, pool);
    const test = pooledImages(data, data.test, testIdx, pool);
    const upload = (tr: Float32Array, te: Float32Array, positions: number): Rows => {
      const inputs = tr.length / (p.trainSize * positions);
      return {
        x: gpu.tensor(tr, [p.trainSize * positions, inputs]),
        xt: gpu.tensor(te, [p.testSize * positions, inputs]),
        inputs,
        positions,
      };
    };
    return {
      y: gpu.tensor(centredOneHot(trainLabels, classes), [p.trainSize, classes]),
      yt: gpu.tensor(testTargets, [p.testSize, classes]),
      classes,
      nullRisk: testTargets.reduce((a, v) => a + v * v, 0) / p.testSize,
      dense: upload(flatRows(train), flatRows(test), 1),
      conv: spaces.some((s) => s.conv)
        ? upload(patchRows(train, KERNEL), patchRows(test, KERNEL), patchCount(train, KERNEL))
        : null,
    };
  };

  const errors = new Float32Array(series.length * p.hypotheses).fill(NaN);
  const tail = new Float32Array((series.length + 1) * TAIL_POINTS).fill(NaN);
  const summary: Record<string, number | string> = {};
  try {
    for (const [si, s] of series.entries()) {
      if (!prepared.has(s.set)) prepared.set(s.set, await prepare(s.set));
      const data = prepared.get(s.set)!;
      const rows = s.space.conv ? data.conv! : data.dense;
      const mine = errors.subarray(si * p.hypotheses, (si + 1) * p.hypotheses);
      for (let b = 0; b < batches; b++) {
        ctx.work.span(p.steps + 1, { label: `${s.name}: ${Math.min((b + 1) * p.batch, p.hypotheses)} hypotheses` });
        const models = Math.min(p.batch, p.hypotheses - b * p.batch);
        const net = ensembleMlpInit(gpu, {
          models,
          inputs: rows.inputs,
          hidden: s.space.conv ? p.channels : p.hidden,
          positions: rows.positions,
          outputs: data.classes,
          seed: spec.seed,
          stream: streamOf(SETS.indexOf(s.set), b),
        });
        const state = ensembleAdamState(net);
        // A frozen hidden layer's features are computed once per batch.
        const frozenHidden = s.space.trainHidden ? undefined : ensembleHidden(rows.x, net);
        for (let t = 1; t <= p.steps; t++) {
          ensembleMlpStep(rows.x, data.y, net, state, { lr: p.lr, step: t, frozenHidden });
          await ctx.work.step();
        }
        frozenHidden?.dispose();
        for (const v of Object.values(state)) (v as Tensor).dispose();
        const risk = ensembleMlpRisk(rows.xt, data.yt, net);
        net.w1.dispose();
        net.w2.dispose();
        const values = await risk.read();
        risk.dispose();
        await ctx.work.step();
        if (!values.every(Number.isFinite)) {
          yield {
            type: 'error',
            kind: 'diverged',
            message: `${s.name}: a network's test risk is not finite after ${p.steps} steps; lower the learning rate.`,
          };
          return;
        }
        mine.set(
          values.map((v) => v / data.nullRisk),
          b * p.batch,
        );
        const count = b * p.batch + models;
        const sampled = mine.subarray(0, count);
        const bits = inductiveBiasBits(p.target, fitScaledChi2(sampled));
        const mean = sampled.reduce((a, v) => a + v, 0) / count;
        yield { type: 'metric', name: `bits/${s.name}`, step: count, value: bits };
        yield { type: 'metric', name: `error/${s.name}`, step: count, value: mean };
        // Row 0 of the tail snapshot is the x grid: 0 to past every sampled error and the target.
        let hi = p.target;
        for (const v of errors) if (v > hi) hi = v;
        const xs = Array.from({ length: TAIL_POINTS }, (_, i) => (1.05 * hi * i) / (TAIL_POINTS - 1));
        tail.set(xs, 0);
        for (const sj of series.keys()) {
          const theirs = errors.subarray(sj * p.hypotheses, (sj + 1) * p.hypotheses).filter(Number.isFinite);
          if (theirs.length >= 3) tail.set(fittedDensity(xs, fitScaledChi2(theirs)), (sj + 1) * TAIL_POINTS);
        }
        const labels = series.map((v) => v.name);
        yield {
          type: 'snapshot',
          snapshot: {
            kind: 'heatmap',
            name: 'ib/errors',
            step: count,
            shape: [series.length, p.hypotheses],
            data: errors.slice(),
            labels,
          },
        };
        yield {
          type: 'snapshot',
          snapshot: {
            kind: 'heatmap',
            name: 'ib/tail',
            step: count,
            shape: [series.length + 1, TAIL_POINTS],
            data: tail.slice(),
            labels: ['x', ...labels],
          },
        };
        if (b === batches - 1) {
          const half = Math.floor(p.hypotheses / 2);
          summary[`bits/${s.name}`] = bits;
          summary[`bitsHalf/${s.name}`] = inductiveBiasBits(p.target, fitScaledChi2(mine.subarray(0, half)));
          summary[`error/${s.name}`] = mean;
          summary[`min/${s.name}`] = sampled.reduce((a, v) => Math.min(a, v), Infinity);
        }
      }
    }
    yield {
      type: 'done',
      summary: {
        ...summary,
        series: series.map((s) => s.name).join(','),
        target: p.target,
        hypotheses: p.hypotheses,
        seconds: ctx.elapsed(),
      },
    };
  } finally {
    for (const d of prepared.values())
      for (const t of [d.y, d.yt, d.dense.x, d.dense.xt, d.conv?.x, d.conv?.xt]) t?.dispose();
  }
});
