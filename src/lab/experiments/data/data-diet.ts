// Data Diet (Paul et al. 2021): score a training pool by EL2N or last-layer GraNd, summed over K
// networks trained a few epochs from independent inits (the score buffer stays on the GPU and is
// read back once, to rank the pool), then retrain fresh networks on the hardest part of the pool,
// on a random part of the same size (the control, same init and step budget) and on all of it.
// Under label noise (labelNoise > 0) the pool's labels are flipped before scoring and retraining,
// and the run reports how well EL2N and GraNd find the flipped labels (AUROC, against random
// scores). Each scoring net also scores the pool's EL2N after every epoch (GPU buffers summed over
// the inits, read back once with the scores): the score history of the examples the gallery shows.
import { disposeModel, mlp, type Sequential } from '../../../gpu/nn.ts';
import { labelsOf, seededSubset } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { GpuSplit } from '../../loader.ts';
import { relabeled, symmetricNoise } from '../../data/label-noise.ts';
import { detectionAuroc, randomScores } from '../../data/noise-detection.ts';
import { epochSteps, fit, scoreSplit, training } from '../../data/scoring.ts';
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
  // Absent at labelNoise = 0, so the default run trains on data.train itself: the same numbers as without the parameter.
  const noise =
    p.labelNoise > 0 ? symmetricNoise(labelsOf(data.train, pool), classes, p.labelNoise / 100, spec.seed) : null;
  const train = noise ? relabeled(data.train, pool, noise.labels) : data.train;
  const poolLabels = labelsOf(train, pool);
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const pruned = [...new Set(p.pruned)].sort((a, b) => a - b);
  const budget = epochSteps(n, p.epochs, p.batch);
  const scoreSteps = epochSteps(n, p.scoreEpochs, p.batch);
  const build = (seed: number): Sequential => mlp(gpu, [d, ...p.hidden, classes], { seed, activation: 'relu' });
  const fitOpts = { batch: p.batch, lr: p.lr, momentum: 0.9 };
  ctx.work.plan(p.scoreInits * scoreSteps + p.repeats * (1 + 2 * pruned.length) * budget, 'step');

  const poolSplit = new GpuSplit(gpu, data, train, pool);
  const testSplit = new GpuSplit(gpu, data, data.test, testIdx);
  const scores = gpu.empty([n]).keep();
  // EL2N after scoring epochs 0 … E, summed over the inits; and, under noise with EL2N ranking, GraNd for its AUROC.
  const history = Array.from({ length: p.scoreEpochs + 1 }, () => gpu.empty([n]).keep());
  const grand = noise && p.score === 'el2n' ? gpu.empty([n]).keep() : null;
  const perEpoch = epochSteps(n, 1, p.batch);
  try {
    for (let k = 0; k < p.scoreInits; k++) {
      ctx.work.span(scoreSteps, { label: `scoring net ${k + 1} of ${p.scoreInits}`, examplesPerUnit: p.batch });
      const model = build(initSeed(spec.seed, 'score', k));
      const keep = k === 0 ? 0 : 1;
      scoreSplit(model, poolSplit, history[0], 'el2n', keep, 256);
      // `training` pauses after each epoch between steps (the same steps as `fit`), where the pool is scored on the GPU.
      const steps = training(
        model,
        poolSplit,
        { ...fitOpts, steps: scoreSteps, seed: initSeed(spec.seed, 'score', k), every: perEpoch },
        ctx.work.step,
      );
      for await (const done of steps) scoreSplit(model, poolSplit, history[done / perEpoch], 'el2n', keep, 256);
      scoreSplit(model, poolSplit, scores, p.score, keep, 256);
      if (grand) scoreSplit(model, poolSplit, grand, 'grand', keep, 256);
      disposeModel(model);
    }
    // The one readback of the scores: ranking the pool is a sort on the CPU.
    const meanOf = async (t: typeof scores) => ((await t.read()) as Float32Array).map((v) => v / p.scoreInits);
    const mean = await meanOf(scores);
    const el2nHistory = await Promise.all(history.map(meanOf));
    const rank = rankByScore(mean, spec.seed);
    yield { type: 'snapshot', snapshot: scoreHistogram(mean, poolLabels, data.manifest.classes, p.score) };
    const picks: Partial<Record<'easiest' | 'hardest' | 'noisy', Uint32Array>> = {
      easiest: rank.slice(n - GALLERY).reverse(),
      hardest: rank.slice(0, GALLERY),
    };
    if (noise) {
      const flipped = new Set(noise.flipped);
      picks.noisy = rank.filter((i) => flipped.has(i)).slice(0, GALLERY);
      const only = { name: 'scores/noisy' as const, positions: noise.flipped };
      yield { type: 'snapshot', snapshot: scoreHistogram(mean, poolLabels, data.manifest.classes, p.score, only) };
      const detectors = {
        el2n: el2nHistory[p.scoreEpochs],
        grand: grand ? await meanOf(grand) : mean,
        random: randomScores(n, spec.seed),
      };
      for (const [rule, s] of Object.entries(detectors))
        yield { type: 'metric', name: `noise/auroc/${rule}`, step: 0, value: detectionAuroc(s, noise.flipped) };
      yield { type: 'metric', name: 'noise/flipped', step: 0, value: noise.flipped.length };
    }
    for (const [end, at] of Object.entries(picks) as ['easiest' | 'hardest' | 'noisy', Uint32Array][])
      for (const snapshot of galleryOf(data, pool, at, mean, end, el2nHistory, noise?.labels))
        yield { type: 'snapshot', snapshot };

    /** Test accuracy (%) of a fresh network trained on the pool positions `keep` for the full budget. */
    const retrain = async (keep: Uint32Array | null, rep: number, label: string): Promise<number> => {
      ctx.work.span(budget, { label, examplesPerUnit: p.batch });
      const split = keep
        ? new GpuSplit(
            gpu,
            data,
            train,
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
    history.forEach((t) => t.dispose());
    grand?.dispose();
    poolSplit.dispose();
    testSplit.dispose();
  }
});
