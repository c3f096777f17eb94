// Convergent learning (Li et al. 2015): two identical nets from different seeds, trained on the
// same subset, compared layer by layer on a probe set. Each layer's unit–unit correlation matrix
// comes from the GPU (correlation.ts); the units are matched on the CPU (matching.ts). The same
// two nets are compared before training too (the untrained control), and the trained pair once
// more with one net's probe rows shuffled (the chance level of a matched r). Then each layer of B
// is predicted from all of A's units by a lasso over a few λs (sparse-prediction.ts, the paper's
// one-to-many alignment), with its control: the same lasso from A's probe rows shuffled. The
// trained and the shuffled pair's units are also clustered together (many-to-many.ts, the paper's
// many-to-many alignment): with the shuffled probe, A–B correlations are chance's.
import { noGrad } from '../../../gpu/autograd.ts';
import { packBytes } from '../../../gpu/kernels/gather.ts';
import { sum } from '../../../gpu/kernels/reduce.ts';
import { ConvNet } from '../../../gpu/models/conv.ts';
import { disposeModel, mlp, type Module } from '../../../gpu/nn.ts';
import { crossEntropy } from '../../../gpu/ops/loss.ts';
import { streams } from '../../../gpu/streams.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { labelsOf, seededSubset, toFloat } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { permutation } from '../../loader.ts';
import { captureActivations, convNetTaps, mlpTaps, type Tap } from '../../representations/activations.ts';
import {
  compareLayer,
  meanPredicted,
  shuffledRows,
  summarizeMatching,
  type LayerComparison,
} from '../../representations/convergence.ts';
import { alignedByMatching, type Matching } from '../../representations/matching.ts';
import { clusterAgreement, spectralClusters } from '../../representations/many-to-many.ts';
import { sparsePrediction } from '../../representations/sparse-prediction.ts';
import { adamOnRows } from '../../train-rows.ts';
import { convergentLearning } from './convergent-learning.experiment.ts';

const BATCH = 50;
/** Net B's seed: far from any run seed's net A, so that neighbouring run seeds share no net. */
const SEED_B = 100_003;
/**
 * L1 penalties of the sparse prediction, largest first, dense at the sparse end where the paper's
 * question lies. On unit-norm activations the map keeps ~2 of A's units per unit of B at λ = 1,
 * ~6 at 0.5 and most of the layer at 0.01 (MLP 784-128×3, seed 1); above 2·max|r| it keeps none.
 */
const SPARSE_LAMBDAS = [1, 0.7, 0.5, 0.35, 0.25, 0.1, 0.03, 0.01];

interface Net {
  model: Module;
  taps: Tap[];
}

interface Probe {
  /** By layer: [rows, units], kept until disposed. */
  activations: Record<string, Tensor>;
  accuracy: number;
}

export const convergentLearningRunner: ExperimentRun = defineRun(convergentLearning, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const cnn = p.model === 'cnn';
  const data = await ctx.dataset(cnn ? 'cifar10' : 'mnist');
  const shape = data.manifest.shape;
  const inputs = shape[0] * shape[1] * shape[2];
  const normalize = cnn ? 'standard' : 'unit';
  const trainIdx = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
  const probeIdx = seededSubset(data.test, p.probeSize, spec.seed + 1, { balanced: true });
  const build = (seed: number): Net => {
    if (cnn) {
      const model = new ConvNet(gpu, 2, { inputShape: shape, classes: 10, seed, width: p.cnnWidth });
      return { model, taps: convNetTaps(model) };
    }
    const model = mlp(gpu, [inputs, ...Array<number>(p.depth).fill(p.hidden), 10], { seed, activation: 'relu' });
    return { model, taps: mlpTaps(model) };
  };
  const fixed = gpu.scope(() => ({
    x: gpu.tensor(toFloat(data, data.train, trainIdx, { normalize }), [p.trainSize, inputs]),
    labels: packBytes(gpu, Uint8Array.from(labelsOf(data.train, trainIdx))),
    probe: gpu.tensor(toFloat(data, data.test, probeIdx, { normalize }), [p.probeSize, inputs]),
    probeLabels: gpu.tensor(labelsOf(data.test, probeIdx), [p.probeSize], 'u32'),
  }));
  for (const t of Object.values(fixed)) t.keep();
  const nets = [build(spec.seed), build(spec.seed + SEED_B)];
  const layers = nets[0].taps.map((t) => t.name);
  const L = layers.length;
  const stepsPerNet = p.epochs * Math.floor(p.trainSize / BATCH);
  // Units: Adam steps of both nets, then one comparison per layer and pair (untrained, trained, shuffled).
  const sparse = p.lassoIterations > 0;
  ctx.work.plan(2 * stepsPerNet + (sparse ? 4 : 3) * L, 'Adam step + layer comparison');

  const probe = async (net: Net): Promise<Probe> => {
    const out = noGrad(gpu, () =>
      gpu.scope(() => {
        const c = captureActivations(net.model, fixed.probe, net.taps);
        return { activations: c.activations, correct: sum(crossEntropy(c.output, fixed.probeLabels).correct) };
      }),
    );
    for (const t of Object.values(out.activations)) t.keep();
    const correct = (await out.correct.read())[0];
    out.correct.dispose();
    return { activations: out.activations, accuracy: correct / p.probeSize };
  };
  const release = (ps: Probe[]) => ps.forEach((q) => Object.values(q.activations).forEach((t) => t.dispose()));
  /** Matched r per layer of the untrained pair, shown beside the trained pair's. */
  const untrainedR: Float64Array[] = [];

  async function* compareAll(pair: 'untrained' | 'trained' | 'shuffled', a: Probe, b: Probe) {
    ctx.work.span(L, { label: `compare ${pair}`, unit: 'layer comparison' });
    for (const [l, name] of layers.entries()) {
      const xa = a.activations[name];
      let xb = b.activations[name];
      if (pair === 'shuffled')
        xb = gpu.scope(() => shuffledRows(xb, permutation(xb.shape[0], spec.seed, streams.data(l))));
      let c: LayerComparison;
      try {
        c = await compareLayer(gpu, xa, xb, { ridge: pair === 'shuffled' ? null : p.ridge });
        if (pair !== 'untrained' && p.clusters > 0) {
          // The same start for the trained and the shuffled pair: only the A–B correlations differ.
          const o = { clusters: p.clusters, seed: spec.seed, stream: streams.data(2 * L + 2 * l) };
          const a = clusterAgreement(await spectralClusters(gpu, xa, xb, c.r, o), c.r, c.p, c.q, c.liveA, c.liveB);
          const tag = ` ${pair}`;
          yield { type: 'metric' as const, name: `clusters/within${tag}` as const, step: l + 1, value: a.within };
          yield { type: 'metric' as const, name: `clusters/across${tag}` as const, step: l + 1, value: a.across };
          yield { type: 'metric' as const, name: `clusters/mixed${tag}` as const, step: l + 1, value: a.mixed };
        }
      } finally {
        if (pair === 'shuffled') xb.dispose();
      }
      const one = summarizeMatching(c, c.oneToOne);
      const tag = ` ${pair}`;
      const step = l + 1;
      yield { type: 'metric' as const, name: `one-to-one/mean${tag}` as const, step, value: one.mean };
      yield { type: 'metric' as const, name: `one-to-one/high${tag}` as const, step, value: one.high };
      yield { type: 'metric' as const, name: `one-to-one/low${tag}` as const, step, value: one.low };
      if (pair !== 'shuffled') {
        yield {
          type: 'metric' as const,
          name: `semi/mean${tag}` as const,
          step,
          value: summarizeMatching(c, c.semi).mean,
        };
        yield { type: 'metric' as const, name: `predicted/mean${tag}` as const, step, value: meanPredicted(c) };
      }
      if (pair === 'untrained') untrainedR.push(c.oneToOne.r);
      if (pair === 'trained') {
        trainedMatching.set(name, c.oneToOne);
        yield* layerSnapshots(name, step, c);
      }
      if (pair === 'shuffled') yield matchedSnapshot(name, step, c, lastTrained.get(name)!);
      await ctx.work.step();
    }
  }

  /** The trained pair's Hungarian matching per layer, scored as a one-weight map beside the lasso's. */
  const trainedMatching = new Map<string, Matching>();

  /** Per layer and λ: the lasso's held-out error and nonzeros, the shuffled-rows control, the one-to-one map's error. */
  async function* sparseAll(a: Probe, b: Probe) {
    ctx.work.span(L, { label: 'sparse prediction', unit: 'layer comparison' });
    const o = { lambdas: SPARSE_LAMBDAS, iterations: p.lassoIterations };
    for (const [l, name] of layers.entries()) {
      const [xa, xb] = [a.activations[name], b.activations[name]];
      const real = await sparsePrediction(gpu, xa, xb, { ...o, matching: trainedMatching.get(name) });
      // A's rows in another order than the one-to-one control's: no real relation left to predict from.
      const unrelated = gpu.scope(() => shuffledRows(xa, permutation(xa.shape[0], spec.seed, streams.data(L + l))));
      const control = await sparsePrediction(gpu, unrelated, xb, o).finally(() => unrelated.dispose());
      const step = l + 1;
      for (const [k, point] of real.path.entries()) {
        const tag = ` λ=${point.lambda}`;
        yield { type: 'metric' as const, name: `sparse/error${tag}` as const, step, value: point.error };
        yield { type: 'metric' as const, name: `sparse/nonzeros${tag}` as const, step, value: point.nonzeros };
        yield { type: 'metric' as const, name: `sparse/shuffled${tag}` as const, step, value: control.path[k].error };
      }
      yield { type: 'metric' as const, name: 'one-to-one/error' as const, step, value: real.oneToOne!.error };
      await ctx.work.step();
    }
  }

  /** The trained pair's matched r per layer and unit (rows 0–1), kept for the shuffled pass. */
  const lastTrained = new Map<string, Float64Array[]>();
  function* layerSnapshots(name: string, step: number, c: LayerComparison) {
    const { p: rows, q: cols } = c;
    lastTrained.set(name, [c.oneToOne.r, c.semi.r]);
    yield {
      type: 'snapshot' as const,
      snapshot: {
        kind: 'heatmap' as const,
        name: `correlation/raw ${name}` as const,
        step,
        shape: [rows, cols],
        data: Float32Array.from(c.r),
      },
    };
    yield {
      type: 'snapshot' as const,
      snapshot: {
        kind: 'heatmap' as const,
        name: `correlation/matched ${name}` as const,
        step,
        shape: [rows, cols],
        data: alignedByMatching(c.r, rows, cols, c.oneToOne),
      },
    };
  }
  /** [4, units]: one-to-one and semi-matched r of the trained pair, then the two controls' one-to-one r. */
  function matchedSnapshot(name: string, step: number, shuffled: LayerComparison, trained: Float64Array[]) {
    const rows = [trained[0], trained[1], untrainedR[step - 1], shuffled.oneToOne.r];
    const units = trained[0].length;
    const data = new Float32Array(rows.length * units);
    rows.forEach((r, k) => data.set(r, k * units));
    return {
      type: 'snapshot' as const,
      snapshot: {
        kind: 'heatmap' as const,
        name: `matched/r ${name}` as const,
        step,
        shape: [rows.length, units],
        data,
        labels: ['trained one-to-one', 'trained semi-matching', 'untrained one-to-one', 'shuffled probe one-to-one'],
      },
    };
  }

  try {
    const before = [await probe(nets[0]), await probe(nets[1])];
    try {
      yield* compareAll('untrained', before[0], before[1]);
    } finally {
      release(before);
    }
    for (const [k, net] of nets.entries()) {
      ctx.work.span(stepsPerNet, { label: `train net ${k === 0 ? 'A' : 'B'}`, unit: 'Adam step' });
      const seed = k === 0 ? spec.seed : spec.seed + SEED_B;
      await adamOnRows(
        ctx,
        net.model,
        { labels: fixed.labels, epochs: p.epochs, batch: BATCH, lr: p.lr, seed },
        fixed.x,
      );
    }
    const after = [await probe(nets[0]), await probe(nets[1])];
    try {
      yield { type: 'metric', name: 'probe/accuracy A', step: 0, value: after[0].accuracy };
      yield { type: 'metric', name: 'probe/accuracy B', step: 0, value: after[1].accuracy };
      yield* compareAll('trained', after[0], after[1]);
      yield* compareAll('shuffled', after[0], after[1]);
      if (sparse) yield* sparseAll(after[0], after[1]);
    } finally {
      release(after);
    }
    ctx.work.close();
    yield { type: 'done', summary: { layers: layers.join(' '), model: p.model } };
  } finally {
    for (const n of nets) disposeModel(n.model);
    for (const t of Object.values(fixed)) t.dispose();
  }
});
