// ELR (Liu et al. 2020): flip a share of a training pool's labels, then train two networks from the
// same init on the same batches, one with cross-entropy (the control) and one with ELR, an epoch
// at a time each. After every epoch, both are measured on the flipped examples (predicted = their
// true label, = their wrong training label) and on the clean test set.
import { disposeModel, type Module } from '../../../gpu/nn.ts';
import { labelsOf, seededSubset } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { GpuSplit } from '../../loader.ts';
import { relabeled, symmetricNoise } from '../../data/label-noise.ts';
import { labelFits, packedTruth } from '../../data/label-fits.ts';
import { NoisyLearner, type NoisyLoss } from '../../data/noisy-training.ts';
import { buildModel, evaluate, type ModelPreset } from '../../train.ts';
import { elr } from './elr.experiment.ts';

const LOSSES: readonly NoisyLoss[] = ['ce', 'elr'];
const EVAL_BATCH = 500;

export const elrRunner: ExperimentRun = defineRun(elr, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset(p.dataset);
  const classes = data.manifest.classes.length;
  const shape = data.manifest.shape;
  const pool = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
  const noise = symmetricNoise(labelsOf(data.train, pool), classes, p.noise / 100, spec.seed);
  const noisyTrain = relabeled(data.train, pool, noise.labels);
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  // Both networks start from this init and draw the same batches: they differ only in the loss.
  const initSeed = spec.seed * 1000 + 1;
  const build = (): Module =>
    buildModel(
      gpu,
      { model: p.model as ModelPreset, hidden: p.hidden, seed: initSeed },
      shape.reduce((a, b) => a * b, 1),
      classes,
      shape,
    );

  const poolSplit = new GpuSplit(gpu, data, noisyTrain, pool);
  const flippedSplit = new GpuSplit(
    gpu,
    data,
    noisyTrain,
    Array.from(noise.flipped, (k) => pool[k]),
  );
  const truth = packedTruth(
    flippedSplit,
    Uint32Array.from(noise.flipped, (k) => noise.truth[k]),
  ).keep();
  const testSplit = new GpuSplit(gpu, data, data.test, testIdx);
  const learners = LOSSES.map(
    (loss) =>
      new NoisyLearner(build(), poolSplit, {
        loss,
        classes,
        epochs: p.epochs,
        batch: p.batch,
        lr: p.lr,
        momentum: 0.9,
        weightDecay: p.weightDecay,
        lambda: p.lambda,
        beta: p.beta,
        seed: spec.seed,
      }),
  );
  const perEpoch = learners[0].stepsPerEpoch;
  ctx.work.plan(LOSSES.length * p.epochs * perEpoch, 'step');
  try {
    for (let epoch = 0; epoch <= p.epochs; epoch++) {
      for (const [i, learner] of learners.entries()) {
        if (epoch > 0) {
          ctx.work.span(perEpoch, { label: `${LOSSES[i].toUpperCase()} epoch ${epoch}`, examplesPerUnit: p.batch });
          await learner.epoch(epoch - 1, ctx.work.step);
        }
        // Epoch 0 is the shared init: where both curves start.
        const fits = await labelFits(learner.model, flippedSplit, truth, EVAL_BATCH);
        const test = await evaluate(learner.model, testSplit, EVAL_BATCH);
        const loss = LOSSES[i];
        yield { type: 'metric', name: `fit/${loss}/truth`, step: epoch, value: 100 * fits.truth };
        yield { type: 'metric', name: `fit/${loss}/memorized`, step: epoch, value: 100 * fits.memorized };
        yield { type: 'metric', name: `test/${loss}`, step: epoch, value: 100 * test.accuracy };
      }
    }
    ctx.work.close();
    yield {
      type: 'done',
      summary: { pool: pool.length, flipped: noise.flipped.length, epochs: p.epochs, stepsPerEpoch: perEpoch },
    };
  } finally {
    for (const learner of learners) {
      learner.dispose();
      disposeModel(learner.model);
    }
    truth.dispose();
    poolSplit.dispose();
    flippedSplit.dispose();
    testSplit.dispose();
  }
});
