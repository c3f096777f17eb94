/**
 * landscape-intrinsic-dim: a dense baseline, then one training run per subspace size d with the
 * weights restricted to θ0 + P·z. Its heatmap snapshot:
 *   intrinsic-dim  [3, n]: d, test accuracy, train loss per subspace run so far; labels[0] = dense accuracy
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { disposeModel, parameterCount } from '../../../gpu/nn.ts';
import { trainModel } from '../../landscape/train-loop.ts';
import { trainSubspace } from '../../landscape/subspace.ts';
import { evaluate } from '../../train.ts';
import { buildNet } from '../../landscape/nets.ts';
import { defineRun } from '../../declare.ts';
import { landscapeIntrinsicDim } from './landscape-intrinsic-dim.experiment.ts';
import { heatmap } from './events.ts';
import { loadLandscapeData } from './data.ts';

async function* intrinsic(
  ctx: RunContext,
  spec: SpecOf<typeof landscapeIntrinsicDim>,
): AsyncGenerator<EventOf<typeof landscapeIntrinsicDim>> {
  const p = spec.params;
  const dims = [...p.dims].sort((a, b) => a - b);
  const { steps, batch } = p;
  const ld = await loadLandscapeData(ctx, spec, { train: p.trainSize, eval: 1, test: p.testSize });
  const build = () => buildNet(ctx.gpu, p.model, ld, p.hidden, spec.seed);
  // The dense baseline, then one training per subspace size, all of `steps`.
  ctx.work.plan((dims.length + 1) * steps);
  const span = (label: string) => ctx.work.span(steps, { label, examplesPerUnit: batch });
  try {
    const dense = build();
    const D = parameterCount(dense);
    const name = p.model === 'lenet' ? 'LeNet' : `MLP ${[ld.inputs, ...p.hidden, ld.classes].join('-')}`;
    yield {
      type: 'log',
      message: `${name}: D = ${D.toLocaleString('en-US')}; dense baseline, then d = ${dims.join(', ')}`,
    };
    span('the dense baseline');
    await trainModel(dense, ld.train, {
      steps,
      batch,
      lr: p.denseLr,
      optimizer: 'adam',
      momentum: 0,
      orderSeed: spec.seed,
      checkpoint: ctx.work.step,
    });
    const base = await evaluate(dense, ld.test, 500);
    disposeModel(dense);
    yield { type: 'metric', name: 'dense/accuracy', step: 0, value: base.accuracy };
    const ds: number[] = [];
    const accs: number[] = [];
    const losses: number[] = [];
    for (const d of dims) {
      span(`d = ${d}`);
      const model = build();
      try {
        const r = await trainSubspace(model, ld.train, ld.test, {
          d,
          steps,
          batch,
          lr: p.lr,
          seed: spec.seed,
          projection: p.projection,
          checkpoint: ctx.work.step,
        });
        ds.push(d);
        accs.push(r.accuracy);
        losses.push(r.trainLoss);
      } finally {
        disposeModel(model);
      }
      yield { type: 'metric', name: 'subspace/accuracy', step: d, value: accs.at(-1)! };
      yield heatmap('intrinsic-dim', [3, ds.length], [...ds, ...accs, ...losses], d, [String(base.accuracy)]);
    }
    const hit = ds.find((_, i) => accs[i] >= 0.9 * base.accuracy);
    yield {
      type: 'done',
      summary: {
        D,
        denseAccuracy: base.accuracy,
        dInt90: hit ?? 'not reached',
        bestSubspaceAccuracy: Math.max(...accs),
      },
    };
  } finally {
    ld.dispose();
  }
}

export const landscapeIntrinsicDimRunner: ExperimentRun = defineRun(landscapeIntrinsicDim, intrinsic);
