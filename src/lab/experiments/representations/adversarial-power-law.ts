// Adversarial error vs ε for a linear model, an MLP and a small CNN trained on one MNIST subset
// (with its true labels, or shuffled).
// The attacked set is split into chunks; per chunk and model the input gradient comes from the
// tape (the chunk is a leaf with requiresGrad), every perturbation is the sign-step kernel, and
// the flip counts of every ε are summed on the GPU: one read per model, after its attack.
import { backward, noGrad } from '../../../gpu/autograd.ts';
import { binary, mul } from '../../../gpu/kernels/elementwise.ts';
import { packBytes } from '../../../gpu/kernels/gather.ts';
import { randomNormal } from '../../../gpu/kernels/random.ts';
import { sum } from '../../../gpu/kernels/reduce.ts';
import { signStep } from '../../../gpu/kernels/sign-step.ts';
import { buildPreset } from '../../../gpu/models/index.ts';
import { disposeModel, mlp, type Module } from '../../../gpu/nn.ts';
import { crossEntropy } from '../../../gpu/ops/loss.ts';
import { streams } from '../../../gpu/streams.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { toFloat } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { logGrid } from '../../kernels/ridge-risk.ts';
import { attackedSet } from '../../representations/attacked-set.ts';
import { fitPowerLaw } from '../../representations/power-law.ts';
import { rowsAt } from '../../representations/rows.ts';
import { adamOnRows } from '../../train-rows.ts';
import { adversarialPowerLaw } from './adversarial-power-law.experiment.ts';

const BATCH = 50;
/** Attacked images per chunk: bounds the CNN's activations kept for the input gradient. */
const CHUNK = 100;
/** Images shown beside their adversarial versions. */
const SHOWN = 8;
/** The radius shown: the grid's nearest to 0.1, where MNIST perturbations are visible. */
const SHOWN_EPS = 0.1;
const MODELS = ['linear', 'mlp', 'cnn'] as const;
type ModelName = (typeof MODELS)[number];

function buildModel(gpu: GpuContext, name: ModelName, seed: number, hidden: number, width: number): Module {
  if (name === 'linear') return mlp(gpu, [784, 10], { seed, activation: 'relu' });
  if (name === 'mlp') return mlp(gpu, [784, hidden, hidden, 10], { seed, activation: 'relu' });
  return buildPreset(gpu, 'conv2', { inputShape: [28, 28, 1], classes: 10, seed, width });
}

/** ∂(mean cross-entropy)/∂x at x, from the tape with x as a leaf. */
function inputGradient(gpu: GpuContext, model: Module, x: Tensor, y: Tensor): Tensor {
  const leaf = gpu.empty(x.shape);
  gpu.copy(x, leaf, x.bytes);
  leaf.requiresGrad = true;
  backward(crossEntropy(model.forward(leaf), y).loss);
  // Detached: disposing the leaf (at the end of the caller's scope) disposes its .grad.
  const grad = leaf.grad!;
  leaf.grad = null;
  return grad;
}

/** [1]: how many of the images `clean` marks correct are misclassified at x. */
function flips(model: Module, x: Tensor, y: Tensor, clean: Tensor): Tensor {
  const correct = crossEntropy(model.forward(x), y).correct;
  return sum(binary('sub', clean, mul(clean, correct)));
}

export const adversarialPowerLawRunner: ExperimentRun = defineRun(adversarialPowerLaw, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset('mnist');
  const { trainIdx, trainLabels, attacked } = attackedSet(data, p, spec.seed);
  const eps = logGrid(p.epsMin, p.epsMax, p.epsCount);
  const E = eps.length;
  const shownAt = eps.reduce(
    (b, e, i) => (Math.abs(Math.log(e / SHOWN_EPS)) < Math.abs(Math.log(eps[b] / SHOWN_EPS)) ? i : b),
    0,
  );
  const chunks = Math.ceil(p.testSize / CHUNK);
  const stepsPerModel = p.epochs * Math.floor(p.trainSize / BATCH);
  // Units: Adam steps, then one attack step per (chunk, ε): the adversarial and the noise pass at that radius.
  ctx.work.plan(MODELS.length * (stepsPerModel + chunks * E), 'Adam step + attack step');

  const fixed = gpu.scope(() => ({
    x: gpu.tensor(toFloat(data, data.train, trainIdx, { normalize: 'unit' }), [p.trainSize, 784]),
    // Bytes, as gatherLabels reads them.
    labels: packBytes(gpu, trainLabels),
    xt: gpu.tensor(toFloat(data, attacked.split, attacked.idx, { normalize: 'unit' }), [p.testSize, 784]),
    yt: gpu.tensor(attacked.labels, [p.testSize], 'u32'),
  }));
  for (const t of Object.values(fixed)) t.keep();
  try {
    for (const e of eps.keys()) yield { type: 'metric', name: 'epsilon', step: e, value: eps[e] };
    const shownTensor = gpu.scope(() => rowsAt(gpu, fixed.xt, 0, SHOWN));
    const shown = (await shownTensor.read()) as Float32Array;
    shownTensor.dispose();
    yield {
      type: 'snapshot',
      snapshot: { kind: 'image-grid', name: 'examples/original', step: 0, shape: [SHOWN, 28, 28, 1], data: shown },
    };
    for (const name of MODELS) {
      const model = buildModel(gpu, name, spec.seed, p.hidden, p.cnnWidth);
      try {
        ctx.work.span(stepsPerModel, { label: `train ${name}`, unit: 'Adam step' });
        await adamOnRows(
          ctx,
          model,
          { labels: fixed.labels, epochs: p.epochs, batch: BATCH, lr: p.lr, seed: spec.seed },
          fixed.x,
        );
        ctx.work.span(chunks * E, { label: `attack ${name}`, unit: 'attack step' });
        // [clean correct, adversarial flips per ε, noise flips per ε], summed over chunks.
        let counts = gpu.tensor(new Float32Array(1 + 2 * E)).keep();
        let examples: Tensor | null = null;
        for (let c = 0; c < chunks; c++) {
          const rows = Math.min(CHUNK, p.testSize - c * CHUNK);
          const chunk = gpu.scope(() => {
            const x0 = rowsAt(gpu, fixed.xt, c * CHUNK, rows);
            const y = rowsAt(gpu, fixed.yt, c * CHUNK, rows);
            const clean = noGrad(gpu, () => crossEntropy(model.forward(x0), y).correct);
            // The same random directions for every model: a sign pattern at the attack's L∞ norm.
            const noise = randomNormal(gpu, [rows, 784], { seed: spec.seed, stream: streams.data(20 + c), std: 1 });
            const grad = p.attack === 'fgsm' ? inputGradient(gpu, model, x0, y) : null;
            return { x0, y, clean, noise, grad };
          });
          const parts: Tensor[] = [gpu.scope(() => sum(chunk.clean))];
          const noiseParts: Tensor[] = [];
          for (const [i, e] of eps.entries()) {
            const out = gpu.scope(() => {
              let adv = chunk.x0;
              if (chunk.grad) adv = signStep(chunk.x0, chunk.grad, chunk.x0, { alpha: e, eps: e });
              else
                for (let k = 0; k < p.pgdSteps; k++)
                  adv = signStep(adv, inputGradient(gpu, model, adv, chunk.y), chunk.x0, { alpha: e / 4, eps: e });
              return noGrad(gpu, () => {
                const noisy = signStep(chunk.x0, chunk.noise, chunk.x0, { alpha: e, eps: e });
                const shownRows = c === 0 && i === shownAt ? rowsAt(gpu, adv, 0, SHOWN) : null;
                return {
                  adv: flips(model, adv, chunk.y, chunk.clean),
                  noise: flips(model, noisy, chunk.y, chunk.clean),
                  shownRows,
                };
              });
            });
            parts.push(out.adv);
            noiseParts.push(out.noise);
            if (out.shownRows) examples = out.shownRows;
            gpu.flush();
            await ctx.work.step();
          }
          const next = gpu.scope(() => {
            const joined = gpu.empty([1 + 2 * E]);
            [...parts, ...noiseParts].forEach((t, k) => gpu.copy(t, joined, 4, 0, 4 * k));
            return binary('add', counts, joined);
          });
          for (const t of [...parts, ...noiseParts, ...Object.values(chunk)]) t?.dispose();
          counts.dispose();
          counts = next.keep();
        }
        const totals = await counts.read();
        counts.dispose();
        const correct = totals[0];
        const adversarial = eps.map((_, i) => totals[1 + i] / correct);
        const noise = eps.map((_, i) => totals[1 + E + i] / correct);
        const tag = ` ${name}`;
        yield { type: 'metric', name: `clean/accuracy${tag}`, step: 0, value: correct / p.testSize };
        for (const i of eps.keys()) {
          yield { type: 'metric', name: `adversarial/error${tag}`, step: i, value: adversarial[i] };
          yield { type: 'metric', name: `noise/error${tag}`, step: i, value: noise[i] };
        }
        const fit = fitPowerLaw(eps, adversarial, p.fitMax);
        yield { type: 'metric', name: `fit/exponent${tag}`, step: 0, value: fit.exponent };
        yield { type: 'metric', name: `fit/r2${tag}`, step: 0, value: fit.r2 };
        if (examples) {
          const images = (await (examples as Tensor).read()) as Float32Array;
          (examples as Tensor).dispose();
          yield {
            type: 'snapshot',
            snapshot: {
              kind: 'image-grid',
              name: `examples/adversarial${tag}`,
              step: shownAt,
              shape: [SHOWN, 28, 28, 1],
              data: images,
              labels: [`ε = ${eps[shownAt].toPrecision(2)}`],
            },
          };
        }
      } finally {
        disposeModel(model);
      }
    }
    ctx.work.close();
    yield { type: 'done', summary: { attack: p.attack, labels: p.labels, radii: E, shownEpsilon: eps[shownAt] } };
  } finally {
    for (const t of Object.values(fixed)) t.dispose();
  }
});
