// Relative representations (Moschella et al.): two encoders per kind of code, absolute (the latent)
// and relative (cosines to anchor latents), trained epoch by epoch in turn. After each epoch every
// (encoder i, head j) pair of each kind is scored on the test set — i ≠ j is zero-shot stitching —
// and the two runs' codes of the test set are compared (cosine, CKA, and the kNN-Jaccard of retrieving
// run 2's codes from run 1's); all of an epoch's numbers are one read.
import { noGrad } from '../../../gpu/autograd.ts';
import { embeddingLookup } from '../../../gpu/kernels/embedding.ts';
import { packBytes } from '../../../gpu/kernels/gather.ts';
import { sum } from '../../../gpu/kernels/reduce.ts';
import { disposeModel } from '../../../gpu/nn.ts';
import { crossEntropy } from '../../../gpu/ops/loss.ts';
import { labelsOf, seededSubset, toFloat } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { ckaOf, knnJaccard, linearCkaParts, meanRowCosine } from '../../representations/code-similarity.ts';
import { rowsAt } from '../../representations/rows.ts';
import { RelativeNet, stitch, type CodeMode } from '../../representations/relative-net.ts';
import { AdamOnRows } from '../../train-rows.ts';
import { relativeRepresentations } from './relative-representations.experiment.ts';

const BATCH = 50;
const MODES: readonly CodeMode[] = ['absolute', 'relative'];
const RUNS = [0, 1] as const;
/** Test images per class whose codes are shown. */
const SHOWN_PER_CLASS = 5;
/**
 * Per mode, in the epoch's read: accuracy of (e1 h1, e1 h2, e2 h1, e2 h2), mean cosine, CKA's 3
 * norms, kNN-Jaccard.
 */
const PER_MODE = 9;
/**
 * kNN-Jaccard ranks all pairs of its probe rows (two [N, N] similarity matrices): the first this many
 * test images; run 1's code of each queries run 2's codes, whose own neighbours are the reference.
 */
const KNN_PROBE = 1000;

/** Indices reordered by class (stable), so that plots of anchors and examples group by class. */
function byClass(indices: Uint32Array, labels: Uint32Array): Uint32Array {
  const order = [...indices.keys()].sort((a, b) => labels[a] - labels[b] || a - b);
  return Uint32Array.from(order, (i) => indices[i]);
}

export const relativeRepresentationsRunner: ExperimentRun = defineRun(
  relativeRepresentations,
  async function* (ctx, spec) {
    const p = spec.params;
    const gpu = ctx.gpu;
    const data = await ctx.dataset(p.dataset);
    const classes = data.manifest.classes.length;
    const trainIdx = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
    const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
    const anchorIdx = seededSubset(data.train, p.anchors, spec.seed + 2, { balanced: true });
    const anchorIdxByClass = byClass(anchorIdx, labelsOf(data.train, anchorIdx));
    const testLabels = labelsOf(data.test, testIdx);
    // The first SHOWN_PER_CLASS test images of each class, in class order.
    const shown = Uint32Array.from(
      Array.from({ length: classes }, (_, c) =>
        [...testLabels.keys()].filter((i) => testLabels[i] === c).slice(0, SHOWN_PER_CLASS),
      ).flat(),
    );
    const perEpoch = Math.floor(p.trainSize / BATCH);
    // Units: Adam steps of the four networks, and one evaluation per epoch.
    ctx.work.plan(p.epochs * (MODES.length * RUNS.length * perEpoch + 1), 'Adam step + evaluation');

    const fixed = gpu.scope(() => ({
      x: gpu.tensor(toFloat(data, data.train, trainIdx, { normalize: 'unit' }), [p.trainSize, 784]),
      labels: packBytes(gpu, Uint8Array.from(labelsOf(data.train, trainIdx))),
      anchors: gpu.tensor(toFloat(data, data.train, anchorIdxByClass, { normalize: 'unit' }), [p.anchors, 784]),
      xt: gpu.tensor(toFloat(data, data.test, testIdx, { normalize: 'unit' }), [p.testSize, 784]),
      yt: gpu.tensor(testLabels, [p.testSize], 'u32'),
      shown: gpu.tensor(shown, [shown.length], 'u32'),
    }));
    for (const t of Object.values(fixed)) t.keep();
    // Run r of either kind has the same seed: the same encoder initialization and data order.
    const seedOf = (r: number) => spec.seed * 16 + r;
    const nets = MODES.map((mode) =>
      RUNS.map(
        (r) =>
          new RelativeNet(
            gpu,
            {
              mode,
              inputs: 784,
              hidden: r === 0 ? p.hidden : p.hidden2,
              latent: p.latent,
              center: p.center,
              headHidden: p.headHidden,
              classes,
              seed: seedOf(r),
            },
            fixed.anchors,
          ),
      ),
    );
    const trainers = nets.flatMap((pair) =>
      pair.map(
        (net, r) =>
          new AdamOnRows(ctx, net, { labels: fixed.labels, batch: BATCH, lr: p.lr, seed: seedOf(r) }, fixed.x),
      ),
    );
    try {
      for (let epoch = 0; epoch < p.epochs; epoch++) {
        ctx.work.span(trainers.length * perEpoch, {
          label: `epoch ${epoch + 1}`,
          unit: 'Adam step',
          examplesPerUnit: BATCH,
        });
        for (const trainer of trainers) await trainer.epoch(epoch);
        ctx.work.span(1, { label: `stitching after epoch ${epoch + 1}`, unit: 'evaluation' });
        const measured = gpu.scope(() =>
          noGrad(gpu, () =>
            nets.map((pair) => {
              const codes = pair.map((net) => net.codes(fixed.xt));
              const scalars = gpu.empty([PER_MODE]);
              RUNS.forEach((i) =>
                RUNS.forEach((j) => {
                  const logits = i === j ? pair[j].head.forward(codes[i]) : stitch(pair[i], pair[j])(fixed.xt);
                  gpu.copy(sum(crossEntropy(logits, fixed.yt).correct), scalars, 4, 0, 4 * (2 * i + j));
                }),
              );
              gpu.copy(meanRowCosine(codes[0], codes[1]), scalars, 4, 0, 16);
              gpu.copy(linearCkaParts(codes[0], codes[1]), scalars, 12, 0, 20);
              const probe = codes.map((c) => rowsAt(gpu, c, 0, Math.min(p.testSize, KNN_PROBE)));
              gpu.copy(knnJaccard(probe[0], probe[1]), scalars, 4, 0, 32);
              return { scalars, shown: codes.map((c) => embeddingLookup(c, fixed.shown)) };
            }),
          ),
        );
        const values = await Promise.all(
          measured.map(async (m) => ({
            scalars: await m.scalars.read(),
            shown: (await Promise.all(m.shown.map((t) => t.read()))) as Float32Array[],
          })),
        );
        for (const m of measured) for (const t of [m.scalars, ...m.shown]) t.dispose();
        await ctx.work.step();
        const step = epoch + 1;
        for (const [k, mode] of MODES.entries()) {
          const { scalars, shown: shownCodes } = values[k];
          for (const i of RUNS)
            for (const j of RUNS)
              yield {
                type: 'metric',
                name: `accuracy/${mode} e${i + 1} h${j + 1}`,
                step,
                value: scalars[2 * i + j] / p.testSize,
              };
          yield { type: 'metric', name: `similarity/cosine ${mode}`, step, value: scalars[4] };
          yield { type: 'metric', name: `similarity/cka ${mode}`, step, value: ckaOf(scalars.subarray(5, 8)) };
          yield { type: 'metric', name: `similarity/knn-jaccard ${mode}`, step, value: scalars[8] };
          for (const r of RUNS)
            yield {
              type: 'snapshot',
              snapshot: {
                kind: 'heatmap',
                name: `codes/${mode} ${r + 1}`,
                step,
                shape: [shown.length, shownCodes[r].length / shown.length],
                data: shownCodes[r],
                labels: data.manifest.classes,
                // Row classes; columns are anchors in class order (relative) or latent units (absolute).
                truth: Uint32Array.from(shown, (i) => testLabels[i]),
              },
            };
        }
      }
      ctx.work.close();
      yield { type: 'done', summary: { anchors: p.anchors, latent: p.latent, dataset: p.dataset } };
    } finally {
      for (const t of trainers) t.dispose();
      for (const net of nets.flat()) disposeModel(net);
      for (const t of Object.values(fixed)) t.dispose();
    }
  },
);
