// CKA guidance (Subramaniam et al. 2024): copies of one deep fully connected net, from the same
// initial weights and on the same batches, train on cross-entropy alone (the control), on
// cross-entropy + λ·Σ(1 − CKA) to a frozen guide CNN, and optionally on the guidance term alone for
// a warm start. The guide's Grams of each batch are computed once and shared; CKA, its gradient and
// the evaluation's layer × layer CKA matrix stay on the GPU, read once per evaluation.
import { backward, noGrad } from '../../../gpu/autograd.ts';
import { MetricAccumulator } from '../../../gpu/kernels/metrics.ts';
import { ConvNet } from '../../../gpu/models/conv.ts';
import { disposeModel, mlp, type Sequential } from '../../../gpu/nn.ts';
import { centredGram, ckaMatrix, ckaToGram } from '../../../gpu/ops/cka.ts';
import { add, scale } from '../../../gpu/ops/elementwise.ts';
import { crossEntropy } from '../../../gpu/ops/loss.ts';
import type { Adam } from '../../../gpu/optim.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { seededSubset } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { GpuSplit } from '../../loader.ts';
import {
  guideLayerCount,
  guideLayerNames,
  guideLayers,
  pairedGuideLayer,
  targetLayerName,
  targetLayers,
} from '../../representations/guidance-layers.ts';
import { buildOptimizer, evaluate, trainStep } from '../../train.ts';
import { ckaGuidance } from './cka-guidance.experiment.ts';

/** The guide's weights come from another seed than the target's (same Philox streams otherwise). */
const GUIDE_SEED_OFFSET = 7919;
/** Evaluation batch (accuracy only, no gradients). */
const EVAL_BATCH = 500;

/** PyTorch's nn.Linear default draws U(±1/√fan-in): Kaiming uniform (variance gain²/fan-in) at gain 1/√3. */
const INITS = {
  torch: { init: 'kaiming-uniform', gain: 1 / Math.sqrt(3) },
  he: { init: 'kaiming-normal' },
} as const;

type Mode = 'task' | 'task+guide' | 'guide';
const ARMS = ['unguided', 'guided', 'warm-start'] as const;
type ArmName = (typeof ARMS)[number];

interface Arm {
  name: ArmName;
  model: Sequential;
  optimizer: Adam;
  metrics: MetricAccumulator;
}

const adam = (model: Sequential, lr: number) =>
  buildOptimizer(model, { optimizer: 'adam', lr, momentum: 0, weightDecay: 0 }) as Adam;

export const ckaGuidanceRunner: ExperimentRun = defineRun(ckaGuidance, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset(p.dataset);
  const [h, w, c] = data.manifest.shape;
  const trainIdx = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const train = new GpuSplit(gpu, data, data.train, trainIdx);
  // Train accuracy on as many training examples as the test has: the train–test gap on equal footing.
  const trainEval = new GpuSplit(gpu, data, data.train, trainIdx.slice(0, Math.min(p.testSize, p.trainSize)));
  const test = new GpuSplit(gpu, data, data.test, testIdx);
  const guideNames = guideLayerNames(p.guidePairs);
  const G = guideLayerCount(p.guidePairs);
  const D = p.depth;
  const pairOf = (i: number) => pairedGuideLayer(i, D, G);
  const perEpoch = Math.floor(p.trainSize / p.batch);
  const total = perEpoch * p.epochs;
  const evalAt = new Set(Array.from({ length: p.evals + 1 }, (_, k) => Math.round((k * total) / p.evals)));
  const names: ArmName[] = p.warmSteps > 0 ? [...ARMS] : ['unguided', 'guided'];
  const guideTrained = p.guide === 'trained';
  ctx.work.plan((guideTrained ? total : 0) + names.length * total, 'training step');

  const guide = new ConvNet(gpu, p.guidePairs as 1 | 2, {
    inputShape: [h, w, c],
    classes: data.manifest.classes.length,
    width: p.guideWidth,
    seed: spec.seed + GUIDE_SEED_OFFSET,
  });
  const sizes = [h * w * c, ...Array<number>(D).fill(p.width), data.manifest.classes.length];
  const arms: Arm[] = names.map((name) => {
    // Every copy is built from the same seed: the same initial weights.
    const model = mlp(gpu, sizes, { seed: spec.seed, activation: 'relu', ...INITS[p.init] });
    return { name, model, optimizer: adam(model, p.lr), metrics: new MetricAccumulator(gpu) };
  });
  // The CKA probe: the first batch of the test subset, fixed for the whole run.
  const probeOrder = test.order(null).keep();
  const probe = gpu.scope(() => test.batch(probeOrder, 0, p.batch).x).keep();
  try {
    if (guideTrained) {
      ctx.work.span(total, { label: 'train the guide', unit: 'training step' });
      const optimizer = adam(guide as unknown as Sequential, p.lr);
      const metrics = new MetricAccumulator(gpu);
      for (let epoch = 0; epoch < p.epochs; epoch++) {
        const order = train.order({ seed: spec.seed + GUIDE_SEED_OFFSET, epoch });
        for (let s = 0; s < perEpoch; s++) {
          gpu.scope(() => {
            const b = train.batch(order, s * p.batch, p.batch);
            trainStep(guide, optimizer, b.x, b.y, p.lr, metrics, epoch * perEpoch + s);
          });
          gpu.flush();
          await ctx.work.step();
        }
        order.dispose();
      }
      metrics.dispose();
      optimizer.dispose();
    }
    for (const t of guide.parameters()) t.tensor.requiresGrad = false;

    const modeOf = (arm: ArmName, step: number): Mode =>
      arm === 'unguided' ? 'task' : arm === 'guided' ? 'task+guide' : step < p.warmSteps ? 'guide' : 'task';

    /** One Adam step of `arm` on batch (x, y); `grams`: the guide's Grams of x where the step needs them. */
    const stepArm = (arm: Arm, x: Tensor, y: Tensor, grams: Tensor[] | null, mode: Mode, step: number): void =>
      gpu.scope(() => {
        const out = targetLayers(arm.model, x);
        const ce = crossEntropy(out.logits, y);
        let loss = ce.loss;
        if (grams && mode !== 'task') {
          // Σ(1 − CKA) = D − ΣCKA: the constant has no gradient, so the loss carries −λ·ΣCKA.
          const agreement = out.hidden.map((a, i) => ckaToGram(a, grams[pairOf(i)])).reduce((s, t) => add(s, t));
          const guidance = scale(agreement, -p.guideWeight);
          loss = mode === 'guide' ? guidance : add(loss, guidance);
        }
        backward(loss);
        arm.optimizer.step(p.lr);
        arm.metrics.add(ce.perExample, ce.correct, step);
      });

    async function* evaluateArms(step: number) {
      for (const arm of arms) {
        const tag = ` ${arm.name}` as const;
        const window = await arm.metrics.read();
        if (window.divergedAt !== null)
          throw new Error(`The ${arm.name} net diverged at step ${window.divergedAt}: lower the learning rate.`);
        if (window.steps > 0)
          yield { type: 'metric' as const, name: `train/loss${tag}` as const, step, value: window.loss };
        const trainAcc = await evaluate(arm.model, trainEval, EVAL_BATCH);
        const testAcc = await evaluate(arm.model, test, EVAL_BATCH);
        yield { type: 'metric' as const, name: `train/accuracy${tag}` as const, step, value: trainAcc.accuracy };
        yield { type: 'metric' as const, name: `test/accuracy${tag}` as const, step, value: testAcc.accuracy };
        const stats = noGrad(gpu, () =>
          gpu.scope(() => ckaMatrix(targetLayers(arm.model, probe).hidden, guideLayers(guide, probe))),
        );
        const s = await stats.read();
        stats.dispose();
        const matrix = Float32Array.from({ length: D * G }, (_, k) => s[4 * k]);
        for (let i = 0; i < D; i++)
          yield {
            type: 'metric' as const,
            name: `cka/${targetLayerName(i)}${tag}` as const,
            step,
            value: matrix[i * G + pairOf(i)],
          };
        yield {
          type: 'snapshot' as const,
          snapshot: {
            kind: 'heatmap' as const,
            name: `cka-matrix${tag}` as const,
            step,
            shape: [D, G],
            data: matrix,
            labels: [...Array.from({ length: D }, (_, i) => targetLayerName(i)), ...guideNames],
          },
        };
      }
    }

    yield* evaluateArms(0);
    for (const arm of arms) ctx.work.span(0, { label: arm.name, unit: 'training step' });
    ctx.work.span(names.length * total, { label: `train ${names.join(', ')}`, unit: 'training step' });
    for (let epoch = 0; epoch < p.epochs; epoch++) {
      const order = train.order({ seed: spec.seed, epoch });
      for (let s = 0; s < perEpoch; s++) {
        const step = epoch * perEpoch + s;
        gpu.scope(() => {
          const b = train.batch(order, s * p.batch, p.batch);
          const needGrams = arms.some((a) => modeOf(a.name, step) !== 'task');
          const grams = needGrams ? noGrad(gpu, () => guideLayers(guide, b.x).map(centredGram)) : null;
          for (const arm of arms) stepArm(arm, b.x, b.y, grams, modeOf(arm.name, step), step);
        });
        gpu.flush();
        for (const _ of arms) await ctx.work.step();
        if (evalAt.has(step + 1)) yield* evaluateArms(step + 1);
      }
      order.dispose();
    }
    ctx.work.close();
    yield { type: 'done', summary: { dataset: p.dataset, depth: D, guide: p.guide, steps: total } };
  } finally {
    for (const a of arms) {
      disposeModel(a.model);
      a.optimizer.dispose();
      a.metrics.dispose();
    }
    disposeModel(guide);
    probe.dispose();
    probeOrder.dispose();
    for (const s of [train, trainEval, test]) s.dispose();
  }
});
