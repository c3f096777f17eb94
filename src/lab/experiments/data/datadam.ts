// DataDAM (Sajedi et al. 2023): for each images-per-class, learn a synthetic set by matching the
// class-mean attention maps and embeddings of a real batch through a random ConvNet drawn fresh
// every iteration (its weights refilled in place), then train a fresh ConvNet on the distilled set
// and one on the real images it started from (the control: same size, init and steps) and test both.
// Readbacks happen only at the snapshots (the synthetic images and the loss), never per iteration.
import { backward } from '../../../gpu/autograd.ts';
import { embeddingLookup } from '../../../gpu/kernels/embedding.ts';
import { randomNormal } from '../../../gpu/kernels/random.ts';
import { disposeModel } from '../../../gpu/nn.ts';
import { Adam } from '../../../gpu/optim.ts';
import { streams } from '../../../gpu/streams.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { seededSubset, toFloat } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { GpuSplit } from '../../loader.ts';
import { attentionMatchingLoss } from '../../data/attention-matching.ts';
import { DistillConvNet } from '../../data/distill-convnet.ts';
import { byClass, classBatch, classLabels, SyntheticSet, toDisplay } from '../../data/synthetic-set.ts';
import { adamOnRows } from '../../train-rows.ts';
import { evaluate } from '../../train.ts';
import { datadam } from './datadam.experiment.ts';

/** Snapshots of the synthetic images per distillation, evenly spread (plus the start). */
const FRAMES = 12;

export const datadamRunner: ExperimentRun = defineRun(datadam, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset(p.dataset);
  const classes = data.manifest.classes.length;
  const inputShape = data.manifest.shape;
  const perPool = Math.floor(p.trainSize / classes);
  const pool = byClass(data.train, seededSubset(data.train, perPool * classes, spec.seed, { balanced: true }));
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const ipcs = [...p.ipc].sort((a, b) => a - b);
  const every = Math.max(1, Math.floor(p.iterations / FRAMES));
  const distillations = p.ablation ? 2 : 1;
  ctx.work.plan(ipcs.length * (distillations * (p.iterations + p.evalSteps) + p.evalSteps), 'step');

  const pixels = inputShape.reduce((a, b) => a * b, 1);
  // The real pool on the GPU, class k at rows k·perPool …, in the units the test split is fed in.
  const real = gpu.tensor(toFloat(data, data.train, pool, { normalize: 'standard' }), [pool.length, pixels]).keep();
  const testSplit = new GpuSplit(gpu, data, data.test, testIdx);
  const matcher = new DistillConvNet(gpu, {
    inputShape,
    classes,
    width: p.width,
    depth: p.depth,
    seed: spec.seed,
  }).freeze();
  const matching = { classes, power: p.power, mmdWeight: p.mmdWeight, attentionWeight: p.attentionWeight };

  /** Test accuracy (%) of a fresh ConvNet trained on `rows` with `labels` (same init for every set). */
  const trainAndTest = async (rows: Tensor, labels: Tensor, label: string): Promise<number> => {
    ctx.work.span(p.evalSteps, { label });
    const net = new DistillConvNet(gpu, {
      inputShape,
      classes,
      width: p.width,
      depth: p.depth,
      seed: spec.seed + 7919,
    });
    try {
      const batch = rows.shape[0];
      await adamOnRows(ctx, net, { labels, epochs: p.evalSteps, batch, lr: p.evalLr, seed: spec.seed }, rows);
      return 100 * (await evaluate(net, testSplit, 500)).accuracy;
    } finally {
      disposeModel(net);
    }
  };

  try {
    for (const ipc of ipcs) {
      // The control and the start: the first `ipc` of each class's (already shuffled) pool images.
      const startRows = Uint32Array.from(
        { length: classes * ipc },
        (_, i) => Math.floor(i / ipc) * perPool + (i % ipc),
      );
      const start = gpu.scope(() => embeddingLookup(real, gpu.tensor(startRows, [startRows.length], 'u32'))).keep();
      const startPixels = (await start.read()) as Float32Array;
      const labels = classLabels(gpu, classes, ipc);
      const init =
        p.init === 'real'
          ? startPixels
          : ((await gpu
              .scope(() => randomNormal(gpu, start.shape, { seed: spec.seed, stream: streams.data(ipc) }))
              .read()) as Float32Array);
      const frame = (step: number, name: 'synthetic' | 'real', pixels: Float32Array) => ({
        type: 'snapshot' as const,
        snapshot: {
          kind: 'image-grid' as const,
          name: `${name}/${ipc}` as const,
          step,
          shape: [classes * ipc, ...inputShape],
          data: toDisplay(data, pixels),
          labels: data.manifest.classes,
        },
      });
      /**
       * Distils a set from `init` with the attention term at `attentionWeight`; only the shown
       * distillation reports its loss and images. The same nets and real batches for every call.
       */
      async function* distil(attentionWeight: number, shown: boolean) {
        const synthetic = new SyntheticSet(gpu, init, classes, ipc);
        const optimizer = new Adam([synthetic.images], { lr: p.lrImages });
        const weights = { ...matching, attentionWeight };
        try {
          ctx.work.span(p.iterations, {
            label: `distil ${ipc} image${ipc > 1 ? 's' : ''} per class${attentionWeight > 0 ? '' : ' without attention'}`,
          });
          let lossAtFrame: Tensor | null = null;
          for (let it = 0; it < p.iterations; it++) {
            const last = shown && (it + 1 === p.iterations || (it + 1) % every === 0);
            gpu.scope(() => {
              matcher.resample(spec.seed, it);
              const ids = gpu.tensor(
                classBatch(classes, perPool, p.realBatch, { seed: spec.seed, stream: streams.shuffle(it) }),
                [classes * p.realBatch],
                'u32',
              );
              const loss = attentionMatchingLoss(matcher, embeddingLookup(real, ids), synthetic.images, weights);
              backward(loss);
              optimizer.step();
              synthetic.images.grad = null;
              if (last) lossAtFrame = loss.keep();
            });
            gpu.flush();
            await ctx.work.step();
            if (last && lossAtFrame) {
              const lossValue = ((await (lossAtFrame as Tensor).read()) as Float32Array)[0];
              (lossAtFrame as Tensor).dispose();
              lossAtFrame = null;
              if (!Number.isFinite(lossValue))
                throw new Error(`the matching loss diverged at iteration ${it + 1}: lower the pixel learning rate.`);
              yield { type: 'metric' as const, name: `loss/${ipc}` as const, step: it + 1, value: lossValue };
              yield frame(it + 1, 'synthetic', (await synthetic.images.read()) as Float32Array);
            }
          }
          return await trainAndTest(synthetic.images, synthetic.labels, `train on the distilled set (${ipc}/class)`);
        } finally {
          optimizer.dispose();
          synthetic.dispose();
        }
      }
      try {
        yield frame(0, 'real', startPixels);
        yield frame(0, 'synthetic', init);
        const distilled = yield* distil(p.attentionWeight, true);
        yield { type: 'metric', name: 'acc/distilled', step: ipc, value: distilled };
        if (p.ablation) {
          const dm = yield* distil(0, false);
          yield { type: 'metric', name: 'acc/dm', step: ipc, value: dm };
        }
        const control = await trainAndTest(start, labels, `train on the real start set (${ipc}/class)`);
        yield { type: 'metric', name: 'acc/random', step: ipc, value: control };
      } finally {
        start.dispose();
        labels.dispose();
      }
    }
    ctx.work.close();
    yield { type: 'done', summary: { classes, pool: pool.length, ipc: ipcs.join(','), iterations: p.iterations } };
  } finally {
    real.dispose();
    testSplit.dispose();
    disposeModel(matcher);
  }
});
