// Rich feature construction (Zhang, Lopez-Paz & Bottou 2022) on ColoredMNIST. Discovery: episode 1
// is ERM on the pooled training environments; each later episode trains a fresh net on the same
// data with the previous episode's wrong and right examples weighted equally (½ CE on each set),
// so the feature the previous episode leaned on no longer pays. Synthesis: one feature extractor
// with a head per episode distils every episode's predictions. Then ERM, IRM-v1 and V-REx train a
// fresh head and the copied features from the ERM start (episode 1) and from the RFC start, all on
// full batches, and their accuracy on each environment (the test one has the colour reversed) is
// measured as they train.
import { backward, noGrad } from '../../../gpu/autograd.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import { argmax } from '../../../gpu/kernels/reduce.ts';
import { disposeModel, restore, Sequential, snapshot, type Module } from '../../../gpu/nn.ts';
import { add, scale } from '../../../gpu/ops/elementwise.ts';
import { crossEntropy } from '../../../gpu/ops/loss.ts';
import { irmPenalty, riskVariance } from '../../../gpu/ops/ood-penalties.ts';
import type { Adam } from '../../../gpu/optim.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { seededSubset } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun, RunContext } from '../../experiment.ts';
import { coloredEnvironment, imageSize, type Environment } from '../../representations/colored-mnist.ts';
import {
  binaryHead,
  disposeEnv,
  envAccuracies,
  envTensors,
  featureExtractor,
  MultiHead,
  type EnvTensors,
} from '../../representations/env-net.ts';
import { buildOptimizer } from '../../train.ts';
import { richFeatures } from './rich-features.experiment.ts';

const SIDE = 14;
const ENV_NAMES = ['train1', 'train2', 'test'] as const;
const STARTS = ['erm', 'rfc'] as const;
const METHODS = ['erm', 'irm', 'vrex'] as const;
type Method = (typeof METHODS)[number];

/** Adam with L2 weight decay, as the IRM reference code's ColoredMNIST runs. */
const adam = (model: Module, lr: number, weightDecay: number) =>
  buildOptimizer(model, { optimizer: 'adam', lr, momentum: 0, weightDecay }) as Adam;

/** Steps of full-batch Adam on `loss`, one work-clock step each. */
async function train(
  ctx: RunContext,
  model: Module,
  o: { lr: number; weightDecay: number },
  steps: number,
  loss: () => Tensor,
): Promise<void> {
  const { lr } = o;
  const optimizer = adam(model, lr, o.weightDecay);
  try {
    for (let s = 0; s < steps; s++) {
      ctx.gpu.scope(() => {
        backward(loss());
        optimizer.step(lr);
      });
      ctx.gpu.flush();
      await ctx.work.step();
    }
  } finally {
    optimizer.dispose();
  }
}

/** Inputs [n, d] and binary labels on the CPU. */
type Rows = Pick<Environment, 'x' | 'labels'>;

/** Rows of `e` at `pick`, as a new environment's tensors. */
function subsetOf(gpu: GpuContext, e: Rows, pick: number[]): EnvTensors {
  const d = e.x.length / e.labels.length;
  const x = new Float32Array(pick.length * d);
  pick.forEach((i, k) => x.set(e.x.subarray(i * d, (i + 1) * d), k * d));
  return envTensors(
    gpu,
    x,
    Uint32Array.from(pick, (i) => e.labels[i]),
  );
}

/** The training environments pooled into one set of rows (concatenated in order). */
function pooled(envs: Rows[]): Rows {
  const x = new Float32Array(envs.reduce((n, e) => n + e.x.length, 0));
  const labels = new Uint32Array(envs.reduce((n, e) => n + e.labels.length, 0));
  let [xi, yi] = [0, 0];
  for (const e of envs) {
    x.set(e.x, xi);
    labels.set(e.labels, yi);
    xi += e.x.length;
    yi += e.labels.length;
  }
  return { x, labels };
}

/** `e` with its inputs mapped through `features`; it shares e's labels, so only its x is its own. */
const featureRows = (gpu: GpuContext, features: Module, e: EnvTensors): EnvTensors => ({
  ...e,
  x: noGrad(gpu, () => gpu.scope(() => features.forward(e.x).keep())),
});

/** `net`'s predicted class of every row of x, kept on the GPU. */
const predictions = (gpu: GpuContext, net: Module, x: Tensor): Tensor =>
  noGrad(gpu, () => gpu.scope(() => argmax(net.forward(x), 1)).keep());

/** The objective of `method`: mean risk over the training environments plus its weighted penalty. */
function oodLoss(
  net: Module,
  envs: EnvTensors[],
  method: Method,
  weight: number,
): { loss: Tensor; penalty: Tensor | null } {
  const logits = envs.map((e) => net.forward(e.x));
  const risks = logits.map((z, i) => crossEntropy(z, envs[i].y).loss);
  const risk = scale(
    risks.reduce((s, r) => add(s, r)),
    1 / envs.length,
  );
  if (method === 'erm') return { loss: risk, penalty: null };
  const penalty =
    method === 'irm'
      ? scale(
          logits.map((z, i) => irmPenalty(z, envs[i].oneHot)).reduce((s, p) => add(s, p)),
          1 / envs.length,
        )
      : riskVariance(risks);
  const total = add(risk, scale(penalty, weight));
  // As in the IRM reference code: a large weight rescales the loss so Adam's steps stay comparable.
  return { loss: weight > 1 ? scale(total, 1 / weight) : total, penalty };
}

export const richFeaturesRunner: ExperimentRun = defineRun(richFeatures, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset('mnist');
  const trainIdx = seededSubset(data.train, 2 * p.envSize, spec.seed);
  const testIdx = seededSubset(data.test, p.envSize, spec.seed + 1);
  const o = { side: SIDE, seed: spec.seed } as const;
  const cpuEnvs = [
    coloredEnvironment(data.train, trainIdx.subarray(0, p.envSize), p.flip1, 0, o),
    coloredEnvironment(data.train, trainIdx.subarray(p.envSize), p.flip2, 1, o),
    coloredEnvironment(data.test, testIdx, p.flipTest, 2, o),
  ];
  const pool = pooled(cpuEnvs.slice(0, 2));
  const envs = cpuEnvs.map((e) => envTensors(gpu, e.x, e.labels));
  const all = envTensors(gpu, pool.x, pool.labels);
  const inputs = imageSize(SIDE);
  const seedOf = (k: number) => spec.seed * 16 + k;
  const evalAt = new Set(Array.from({ length: p.evals + 1 }, (_, k) => Math.round((k * p.oodSteps) / p.evals)));
  const nArms = STARTS.length * METHODS.length;
  ctx.work.plan((p.episodes + 1) * p.featureSteps + nArms * p.oodSteps, 'Adam step');

  const episodes: Sequential[] = [];
  const owned: EnvTensors[] = [...envs, all];
  let rfc: MultiHead | null = null;
  try {
    for (let k = 1; k <= p.episodes; k++) {
      ctx.work.span(p.featureSteps, { label: `discovery episode ${k}`, unit: 'Adam step' });
      const net = new Sequential([
        featureExtractor(gpu, inputs, p.hidden, seedOf(k)),
        binaryHead(gpu, 'h', p.hidden, seedOf(k)),
      ]);
      episodes.push(net);
      if (k === 1) {
        await train(ctx, net, p, p.featureSteps, () => crossEntropy(net.forward(all.x), all.y).loss);
      } else {
        const onGpu = predictions(gpu, episodes[k - 2], all.x);
        const predicted = (await onGpu.read()) as Uint32Array;
        onGpu.dispose();
        const wrong = [...predicted.keys()].filter((i) => predicted[i] !== pool.labels[i]);
        const right = [...predicted.keys()].filter((i) => predicted[i] === pool.labels[i]);
        if (wrong.length === 0 || right.length === 0)
          throw new Error(
            `episode ${k - 1} is right on ${right.length} and wrong on ${wrong.length} examples: nothing to reweight`,
          );
        const sets = [subsetOf(gpu, pool, wrong), subsetOf(gpu, pool, right)];
        owned.push(...sets);
        await train(ctx, net, p, p.featureSteps, () =>
          scale(
            add(
              crossEntropy(net.forward(sets[0].x), sets[0].y).loss,
              crossEntropy(net.forward(sets[1].x), sets[1].y).loss,
            ),
            0.5,
          ),
        );
      }
      const acc = await envAccuracies(gpu, net, envs);
      for (const [i, env] of ENV_NAMES.entries())
        yield { type: 'metric', name: `episode/accuracy e${k} ${env}`, step: 0, value: acc[i] };
    }

    ctx.work.span(p.featureSteps, { label: 'synthesis', unit: 'Adam step' });
    const targets = episodes.map((net) => predictions(gpu, net, all.x));
    const synth = new MultiHead(
      featureExtractor(gpu, inputs, p.hidden, seedOf(0)),
      episodes.map((_, k) => binaryHead(gpu, `h${k + 1}`, p.hidden, seedOf(0), k)),
    );
    rfc = synth;
    await train(ctx, synth, p, p.featureSteps, () =>
      synth
        .all(all.x)
        .map((z, k) => crossEntropy(z, targets[k]).loss)
        .reduce((s, l) => add(s, l)),
    );
    for (const [k, head] of synth.heads.entries()) {
      const agreement = await envAccuracies(gpu, new Sequential([synth.features, head]), [{ ...all, y: targets[k] }]);
      yield { type: 'metric', name: `synthesis/agreement e${k + 1}`, step: 0, value: agreement[0] };
    }
    for (const t of targets) t.dispose();

    const starts = {
      erm: await snapshot(episodes[0].layers[0]),
      rfc: await snapshot(synth.features),
    };
    for (const start of STARTS)
      for (const method of METHODS) {
        const tag = `${start} ${method}` as const;
        ctx.work.span(p.oodSteps, { label: `${method} from ${start} features`, unit: 'Adam step' });
        const features = featureExtractor(gpu, inputs, p.hidden, seedOf(0));
        restore(features, starts[start]);
        // Every arm's head starts at zero: all start at chance on every environment, so the arms
        // differ in features and objective only, not in how a random head happens to read colour.
        const head = binaryHead(gpu, 'head', p.hidden, seedOf(15));
        gpu.write(head.weight, new Float32Array(head.weight.size));
        // Frozen features are computed once: the head then trains on them as its inputs, and the
        // optimizer sees the head alone.
        const frozen = p.features === 'frozen' ? envs.map((e) => featureRows(gpu, features, e)) : null;
        const armEnvs = frozen ?? envs;
        const net = new Sequential([features, head]);
        const trained: Module = frozen ? head : net;
        const weight = method === 'irm' ? p.irmWeight : p.vrexWeight;
        const optimizer = adam(trained, p.lr, p.weightDecay);
        try {
          for (let s = 0; s <= p.oodSteps; s++) {
            if (evalAt.has(s)) {
              const acc = await envAccuracies(gpu, trained, armEnvs);
              for (const [i, env] of ENV_NAMES.entries())
                yield { type: 'metric', name: `accuracy/${env} ${tag}`, step: s, value: acc[i] };
              if (method !== 'erm') {
                const pen = noGrad(gpu, () =>
                  gpu.scope(() => oodLoss(trained, armEnvs.slice(0, 2), method, weight).penalty!.keep()),
                );
                yield { type: 'metric', name: `penalty/${tag}`, step: s, value: (await pen.read())[0] };
                pen.dispose();
              }
            }
            if (s === p.oodSteps) break;
            gpu.scope(() => {
              backward(oodLoss(trained, armEnvs.slice(0, 2), s < p.annealSteps ? 'erm' : method, weight).loss);
              optimizer.step(p.lr);
            });
            gpu.flush();
            await ctx.work.step();
          }
        } finally {
          optimizer.dispose();
          disposeModel(net);
          for (const e of frozen ?? []) e.x.dispose();
        }
      }
    ctx.work.close();
    yield { type: 'done', summary: { envSize: p.envSize, episodes: p.episodes, oodSteps: p.oodSteps } };
  } finally {
    for (const net of episodes) disposeModel(net);
    if (rfc) disposeModel(rfc);
    for (const e of owned) disposeEnv(e);
  }
});
