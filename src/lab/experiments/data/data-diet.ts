// Data Diet (Paul et al. 2021): score a training pool by EL2N or last-layer GraNd, summed over K
// networks trained a few epochs from independent inits (the score buffer stays on the GPU and is
// read back once, to rank the pool), then retrain fresh networks on the hardest part of the pool,
// on a random part of the same size (the control, same init and step budget) and on all of it.
import { disposeModel, mlp, type Sequential } from '../../../gpu/nn.ts';
import { labelsOf, seededSubset } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { GpuSplit } from '../../loader.ts';
import { epochSteps, fit, scoreSplit } from '../../data/scoring.ts';
import { keptCount, randomOrder, rankByScore } from '../../data/subsets.ts';
import { galleryOf, scoreHistogram } from '../../data/score-summary.ts';
import { evaluate } from '../../train.ts';
import { dataDiet } from './data-diet.experiment.ts';

/** Examples shown at each end of the ranking. */
const GALLERY = 12;
/** A network's init seed, distinct per role (scoring init k, retraining repeat r) and run seed. */
const initSeed = (seed: number, role: 'score' | 'retrain', k: number) => seed * 1000 + (role === 'score' ? 1 : 500) + k;

export const dataDietRunner: ExperimentRun = defineRun(dataDiet, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset(p.dataset);
  const classes = data.manifest.classes.length;
  const d = data.manifest.shape.reduce((a, b) => a * b, 1);
  const pool = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
  const n = pool.length;
  const poolLabels = labelsOf(data.train, pool);
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const pruned = [...new Set(p.pruned)].sort((a, b) => a - b);
  const budget = epochSteps(n, p.epochs, p.batch);
  const scoreSteps = epochSteps(n, p.scoreEpochs, p.batch);
  const build = (seed: number): Sequential => mlp(gpu, [d, ...p.hidden, classes], { seed, activation: 'relu' });
  const fitOpts = { batch: p.batch, lr: p.lr, momentum: 0.9 };
  ctx.work.plan(p.scoreInits * scoreSteps + p.repeats * (1 + 2 * pruned.length) * budget, 'step');

  const poolSplit = new GpuSplit(gpu, data, data.train, pool);
  const testSplit = new GpuSplit(gpu, data, data.test, testIdx);
  const scores = gpu.empty([n]).keep();
  try {
    for (let k = 0; k < p.scoreInits; k++) {
      ctx.work.span(scoreSteps, { label: `scoring net ${k + 1} of ${p.scoreInits}`, examplesPerUnit: p.batch });
      const model = build(initSeed(spec.seed, 'score', k));
      await fit(
        model,
        poolSplit,
        { ...fitOpts, steps: scoreSteps, seed: initSeed(spec.seed, 'score', k) },
        ctx.work.step,
      );
      scoreSplit(model, poolSplit, scores, p.score, k === 0 ? 0 : 1, 256);
      disposeModel(model);
    }
    // The one readback of the scores: ranking the pool is a sort on the CPU.
    const mean = ((await scores.read()) as Float32Array).map((v) => v / p.scoreInits);
    const rank = rankByScore(mean, spec.seed);
    yield { type: 'snapshot', snapshot: scoreHistogram(mean, poolLabels, data.manifest.classes, p.score) };
    const picks = { easiest: rank.slice(n - GALLERY).reverse(), hardest: rank.slice(0, GALLERY) };
    for (const [end, at] of Object.entries(picks) as ['easiest' | 'hardest', Uint32Array][])
      for (const snapshot of galleryOf(data, pool, at, mean, end)) yield { type: 'snapshot', snapshot };

    /** Test accuracy (%) of a fresh network trained on the pool positions `keep` for the full budget. */
    const retrain = async (keep: Uint32Array | null, rep: number, label: string): Promise<number> => {
      ctx.work.span(budget, { label, examplesPerUnit: p.batch });
      const split = keep
        ? new GpuSplit(
            gpu,
            data,
            data.train,
            Array.from(keep, (i) => pool[i]),
          )
        : poolSplit;
      const model = build(initSeed(spec.seed, 'retrain', rep));
      try {
        await fit(
          model,
          split,
          { ...fitOpts, steps: budget, seed: initSeed(spec.seed, 'retrain', rep) },
          ctx.work.step,
        );
        return 100 * (await evaluate(model, testSplit, 500)).accuracy;
      } finally {
        disposeModel(model);
        if (keep) split.dispose();
      }
    };
    for (let rep = 0; rep < p.repeats; rep++) {
      const full = await retrain(null, rep, `full pool, repeat ${rep + 1}`);
      yield { type: 'metric', name: `acc/full/${rep}`, step: 100, value: full };
      const random = randomOrder(n, spec.seed, 1 + rep);
      for (const f of pruned) {
        const kept = keptCount(n, f / 100);
        const step = Math.round((100 * kept) / n);
        const hard = await retrain(rank.slice(0, kept), rep, `hardest ${100 - f}%, repeat ${rep + 1}`);
        yield { type: 'metric', name: `acc/${p.score}/${rep}`, step, value: hard };
        const rnd = await retrain(random.slice(0, kept), rep, `random ${100 - f}%, repeat ${rep + 1}`);
        yield { type: 'metric', name: `acc/random/${rep}`, step, value: rnd };
      }
    }
    ctx.work.close();
    yield { type: 'done', summary: { pool: n, score: p.score, inits: p.scoreInits, budget } };
  } finally {
    scores.dispose();
    poolSplit.dispose();
    testSplit.dispose();
  }
});
