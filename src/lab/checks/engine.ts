/** Engine acceptance: LeNet-300-100 on the full MNIST training set (the core issue's bar). */
import { defaultTrainSpec, trainRun, type TrainSpec } from '../train.ts';
import type { Check, CheckEnv, CheckResult } from './check.ts';
import { backward } from '../../gpu/autograd.ts';
import { crossEntropy } from '../../gpu/ops/loss.ts';
import { Adam } from '../../gpu/optim.ts';
import { disposeModel } from '../../gpu/nn.ts';
import { randomArray } from '../../gpu/testing.ts';
import { buildPreset } from '../../gpu/models/index.ts';
import { defaultSeqSpec, seqRun, type SeqSpec } from '../seq-task.ts';

const lenetFull: Check = {
  id: 'lenet300-mnist-98',
  claim: 'LeNet-300-100 trained on all 60,000 MNIST images reaches ≥ 98.0% on the 10,000 test images within 10 epochs (falsified if below).',
  async run(env) {
    const spec: TrainSpec = { ...defaultTrainSpec, epochs: 10, batch: 128, lr: 0.1, momentum: 0.9, schedule: 'cosine', seed: 1, logEvery: 469 };
    const data = await env.dataset('mnist');
    for await (const ev of trainRun(env.gpu, data, spec)) {
      if (ev.type === 'metric' && ev.split === 'test') env.log(`epoch ${ev.epoch}: test ${(100 * ev.accuracy).toFixed(2)}%`);
      if (ev.type === 'error') return { pass: false, measured: ev.message };
      if (ev.type === 'done') {
        const s = ev.summary;
        return {
          pass: s.testAccuracy >= 0.98,
          measured: `test ${(100 * s.testAccuracy).toFixed(2)}% (threshold 98.0%) after ${s.epochs} epochs, ${Math.round(s.examplesPerSecond)} examples/s, ${s.seconds.toFixed(0)} s`,
        };
      }
    }
    return { pass: false, measured: 'run ended without a summary' };
  },
};

/** Trains `spec` and passes when the final test accuracy reaches `threshold` within `maxSeconds`. */
async function trainTo(env: CheckEnv, spec: TrainSpec, threshold: number, maxSeconds = Infinity): Promise<CheckResult> {
  const data = await env.dataset(spec.dataset);
  for await (const ev of trainRun(env.gpu, data, spec)) {
    if (ev.type === 'log') env.log(ev.message);
    if (ev.type === 'metric' && ev.split === 'test') env.log(`epoch ${ev.epoch}: test ${(100 * ev.accuracy).toFixed(2)}%`);
    if (ev.type === 'error') return { pass: false, measured: ev.message };
    if (ev.type === 'done') {
      const s = ev.summary;
      return {
        pass: s.testAccuracy >= threshold && s.seconds <= maxSeconds,
        measured: `test ${(100 * s.testAccuracy).toFixed(2)}% on ${s.testExamples} (threshold ${(100 * threshold).toFixed(0)}%) after ${s.epochs} epochs of ${s.trainExamples}, ${s.seconds.toFixed(0)} s training${Number.isFinite(maxSeconds) ? ` (limit ${maxSeconds} s)` : ''}`,
      };
    }
  }
  return { pass: false, measured: 'run ended without a summary' };
}

/** `npm run lab -- train --model=conv4 --width=0.25 --dataset=cifar10 --augment=1 --train-size=10000 --test-size=1000 --epochs=4 --optimizer=adam --lr=0.002 --batch=64 --warmup=50` */
const conv4Cifar: Check = {
  id: 'conv4-cifar10-45',
  claim: 'Conv-4 at width 0.25 trained (with crop + flip augmentation) on a seeded 10,000-image CIFAR-10 subset for 4 epochs reaches ≥ 45% on the first 1,000 test images within 20 minutes of training (falsified if below or slower).',
  run: (env) =>
    trainTo(
      env,
      { ...defaultTrainSpec, dataset: 'cifar10', model: 'conv4', width: 0.25, augment: true, trainSize: 10000, testSize: 1000, epochs: 4, optimizer: 'adam', lr: 0.002, batch: 64, warmupSteps: 50, logEvery: 50 },
      0.45,
      1200,
    ),
};

/** `npm run lab -- train --model=vit --dataset=mnist --epochs=2 --optimizer=adam --lr=0.001 --batch=128 --warmup=100` */
const vitMnist: Check = {
  id: 'vit-mnist-95',
  claim: 'A 2-block ViT (d = 64, 7×7 patches) trained on all of MNIST for 2 epochs reaches ≥ 95% on the 10,000 test images (falsified if below).',
  run: (env) => trainTo(env, { ...defaultTrainSpec, dataset: 'mnist', model: 'vit', epochs: 2, optimizer: 'adam', lr: 0.001, batch: 128, warmupSteps: 100, logEvery: 100 }, 0.95),
};

/** `npm run lab -- seq --task=sort --length=8` (1 block, d = 64, 4 heads, 1500 steps of 64). */
const transformerSort: Check = {
  id: 'transformer-sort-99',
  claim: 'A 1-block transformer learns to sort sequences of 8 tokens over a vocabulary of 10 to ≥ 99% token accuracy on 1,024 held-out sequences in 1,500 steps (falsified if below).',
  async run(env) {
    const spec: SeqSpec = { ...defaultSeqSpec };
    for await (const ev of seqRun(env.gpu, spec)) {
      if (ev.type === 'log') env.log(ev.message);
      if (ev.type === 'metric') env.log(`${ev.split} step ${ev.step}: token accuracy ${(100 * ev.accuracy).toFixed(2)}%`);
      if (ev.type === 'error') return { pass: false, measured: ev.message };
      if (ev.type === 'done') {
        const s = ev.summary;
        return { pass: s.testTokenAccuracy >= 0.99, measured: `held-out token accuracy ${(100 * s.testTokenAccuracy).toFixed(2)}% (threshold 99%) after ${s.steps} steps, ${s.seconds.toFixed(0)} s` };
      }
    }
    return { pass: false, measured: 'run ended without a summary' };
  },
};

/** Full-width presets on CIFAR-shaped input: five Adam steps on one batch of 4 must lower the loss. */
const presetsLearn: Check = {
  id: 'presets-full-width-learn',
  claim: 'Every image preset at full width (conv2, conv4, conv6, resnet20, vit) runs forward + backward on 32×32×3 inputs and lowers the loss of a fixed batch of 4 over 5 Adam steps (falsified if any loss is not finite or does not fall).',
  async run(env) {
    const ctx = env.gpu;
    const lines: string[] = [];
    let pass = true;
    for (const name of ['conv2', 'conv4', 'conv6', 'resnet20', 'vit']) {
      const model = buildPreset(ctx, name, { inputShape: [32, 32, 3], classes: 10, seed: 1 });
      const x = ctx.tensor(randomArray(4 * 3072, 1, -1, 1), [4, 3072]).keep();
      const y = ctx.tensor([1, 3, 5, 7], [4], 'u32').keep();
      const opt = new Adam(model.parameters(), { lr: 1e-3 });
      const losses: number[] = [];
      for (let step = 0; step < 5; step++) {
        const loss = ctx.scope(() => {
          const ce = crossEntropy(model.forward(x), y);
          backward(ce.loss);
          opt.step();
          return ce.loss;
        });
        losses.push((await loss.read())[0]);
        loss.dispose();
      }
      const ok = losses.every(Number.isFinite) && losses[4] < losses[0];
      pass &&= ok;
      lines.push(`${name} ${losses[0].toFixed(3)}→${losses[4].toFixed(3)}${ok ? '' : ' (no fall)'}`);
      env.log(lines[lines.length - 1]);
      opt.dispose();
      x.dispose();
      y.dispose();
      disposeModel(model);
    }
    return { pass, measured: `loss over 5 steps: ${lines.join(', ')}` };
  },
};

export const checks = [lenetFull, conv4Cifar, vitMnist, transformerSort, presetsLearn];
