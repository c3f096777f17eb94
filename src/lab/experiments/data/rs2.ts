// RS2 (Okanovic et al. 2023): one step budget spent four ways on a fraction r of a pool, from one
// init per repeat: a fresh random r·n every epoch (RS2), a static random r·n (the control), the
// hardest r·n by EL2N (scored once, like Data Diet, by K nets trained a few epochs), and the whole
// pool. Every training gathers its batches on the GPU from an index buffer per epoch (subsets.ts),
// and is evaluated on the test subset at evenly spaced steps, the curves' points.
import { buildPreset } from '../../../gpu/models/index.ts';
import { disposeModel, mlp, type Module } from '../../../gpu/nn.ts';
import { seededSubset } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { GpuSplit } from '../../loader.ts';
import { epochSteps, fit, scoreSplit, training } from '../../data/scoring.ts';
import {
  randomOrder,
  rankByScore,
  repeatedRandomSampler,
  staticSampler,
  type EpochSampler,
} from '../../data/subsets.ts';
import { evaluate } from '../../train.ts';
import {
  rs2,
  rs2Budget,
  rs2EpochSize,
  RS2_LABELS as LABELS,
  RS2_SAMPLERS as SAMPLERS,
  type Rs2Sampler as Sampler,
} from './rs2.experiment.ts';

/**
 * Seeds distinct per role and repeat: scoring net k, the repeat's shared init, and the repeat's
 * draws (subsets and data orders).
 */
const seedOf = (seed: number, role: 'score' | 'init' | 'draw', k: number) =>
  seed * 1000 + { score: 1, init: 500, draw: 700 }[role] + k;

export const rs2Runner: ExperimentRun = defineRun(rs2, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset(p.dataset);
  const shape = data.manifest.shape;
  const classes = data.manifest.classes.length;
  const d = shape.reduce((a, b) => a * b, 1);
  const pool = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
  const n = pool.length;
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const size = rs2EpochSize(n, p.fraction);
  const budget = rs2Budget(p);
  const referenceSteps = p.reference ? epochSteps(n, p.epochs, p.batch) : 0;
  const scoreSteps = epochSteps(n, p.scoreEpochs, p.batch);
  const every = Math.max(1, Math.ceil(budget / p.evals));
  const build = (seed: number): Module =>
    p.model === 'mlp'
      ? mlp(gpu, [d, ...p.hidden, classes], { seed, activation: 'relu' })
      : buildPreset(gpu, 'conv2', { inputShape: shape, classes, seed, width: p.width });
  const fitOpts = { batch: p.batch, lr: p.lr, momentum: 0.9 };
  ctx.work.plan(p.repeats * (p.scoreInits * scoreSteps + SAMPLERS.length * budget + referenceSteps), 'step');

  const poolSplit = new GpuSplit(gpu, data, data.train, pool);
  const testSplit = new GpuSplit(gpu, data, data.test, testIdx);
  const scores = gpu.empty([n]).keep();
  const accuracy = async (model: Module) => 100 * (await evaluate(model, testSplit, 500)).accuracy;
  try {
    for (let rep = 0; rep < p.repeats; rep++) {
      const draw = seedOf(spec.seed, 'draw', rep);
      for (let k = 0; k < p.scoreInits; k++) {
        ctx.work.span(scoreSteps, { label: `EL2N scoring net ${k + 1} of ${p.scoreInits}`, examplesPerUnit: p.batch });
        const seed = seedOf(spec.seed, 'score', rep * p.scoreInits + k);
        const model = build(seed);
        try {
          await fit(model, poolSplit, { ...fitOpts, steps: scoreSteps, seed }, ctx.work.step);
          scoreSplit(model, poolSplit, scores, 'el2n', k === 0 ? 0 : 1, 256);
        } finally {
          disposeModel(model);
        }
      }
      // The one readback of the scores: ranking the pool is a sort on the CPU.
      const rank = rankByScore((await scores.read()) as Float32Array, draw);
      const samplers: Record<Sampler, EpochSampler | undefined> = {
        rs2: repeatedRandomSampler(n, size, draw),
        random: staticSampler(randomOrder(n, draw, 1).slice(0, size), draw),
        el2n: staticSampler(rank.slice(0, size), draw),
        // The whole pool, reshuffled every epoch (fit's default).
        full: undefined,
      };
      for (const name of SAMPLERS) {
        ctx.work.span(budget, { label: `${LABELS[name]}, repeat ${rep + 1}`, examplesPerUnit: p.batch });
        const model = build(seedOf(spec.seed, 'init', rep));
        try {
          const o = { ...fitOpts, steps: budget, seed: draw, sampler: samplers[name], every };
          for await (const done of training(model, poolSplit, o, ctx.work.step))
            yield { type: 'metric', name: `acc/${name}/${rep}`, step: done, value: await accuracy(model) };
        } finally {
          disposeModel(model);
        }
      }
      if (p.reference) {
        ctx.work.span(referenceSteps, { label: `full pool for ${referenceSteps} steps, repeat ${rep + 1}` });
        const model = build(seedOf(spec.seed, 'init', rep));
        try {
          await fit(model, poolSplit, { ...fitOpts, steps: referenceSteps, seed: draw }, ctx.work.step);
          yield { type: 'metric', name: `reference/${rep}`, step: referenceSteps, value: await accuracy(model) };
        } finally {
          disposeModel(model);
        }
      }
    }
    ctx.work.close();
    yield { type: 'done', summary: { pool: n, perEpoch: size, budget, referenceSteps } };
  } finally {
    scores.dispose();
    poolSplit.dispose();
    testSplit.dispose();
  }
});
