/**
 * The layer-pruning-init runner: the dense residual MLP, the same init with blocks removed, and
 * with the same number of parameters removed as inner units, trained alike for every seed. Series
 * at step = seed: `lp/acc/<arm>`, `lp/params/<arm>`, `lp/seconds/<arm>`; heatmap `lp/blocks`
 * ([2, blocks]: row 0 kept flags, row 1 the block scores of the first seed).
 */
import type { EventOf, ExperimentRun, ParamsOf, RunContext, SpecOf } from '../../experiment.ts';
import { ARMS, probeBatch, trainArm, type LayerPruningSpec } from './layer-pruning.ts';
import { searchSplits } from './random-search.ts';
import { defineRun } from '../../declare.ts';
import { layerPruningInit } from './layer-pruning-init.experiment.ts';

function layerSpecOf(p: ParamsOf<typeof layerPruningInit.params>, trainCount: number): LayerPruningSpec {
  return {
    width: p.width,
    blocks: p.blocks,
    fraction: p.fraction,
    criterion: p.criterion,
    train: {
      model: 'mlp',
      hidden: [],
      optimizer: 'adam',
      lr: p.lr,
      momentum: 0,
      schedule: 'constant',
      batch: p.batch,
      steps: Math.ceil(trainCount / p.batch) * p.epochs,
      evals: 1,
    },
  };
}

async function* runLayerPruning(
  ctx: RunContext,
  spec: SpecOf<typeof layerPruningInit>,
): AsyncGenerator<EventOf<typeof layerPruningInit>> {
  const p = spec.params;
  const data = await ctx.dataset(p.dataset);
  // The validation split is only the source of the CKA probe batch.
  const { train, val, test } = await searchSplits(ctx.gpu, data, p.trainSize, 256, p.testSize, spec.seed);
  const s = layerSpecOf(p, train.count);
  const seeds = p.seeds;
  const probe = probeBatch(val, 256).keep();
  ctx.work.plan(seeds * ARMS.length * s.train.steps);
  try {
    for (let k = 0; k < seeds; k++) {
      const seed = spec.seed + k;
      for (const arm of ARMS) {
        ctx.work.span(s.train.steps, { label: `the ${arm} arm of seed ${seed}`, examplesPerUnit: s.train.batch });
        const r = await trainArm(
          ctx.gpu,
          arm,
          s,
          seed,
          train,
          test,
          probe,
          data.manifest.classes.length,
          ctx.work.step,
        );
        yield { type: 'metric', name: `lp/acc/${arm}`, step: seed, value: r.accuracy };
        yield { type: 'metric', name: `lp/params/${arm}`, step: seed, value: r.parameters };
        yield { type: 'metric', name: `lp/seconds/${arm}`, step: seed, value: r.seconds };
        if (arm === 'layer' && k === 0) {
          const scores = Float32Array.from(r.scores);
          const lo = Math.min(...scores);
          const hi = Math.max(...scores);
          const row = Float32Array.from(scores, (v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5));
          yield {
            type: 'snapshot',
            snapshot: {
              kind: 'heatmap',
              name: 'lp/blocks',
              step: seed,
              shape: [2, s.blocks],
              data: Float32Array.from([...r.kept.map(Number), ...row]),
            },
          };
        }
        yield {
          type: 'log',
          message: `seed ${seed} ${arm}: ${(100 * r.accuracy).toFixed(2)}% with ${r.parameters} parameters in ${r.seconds.toFixed(1)} s`,
        };
      }
    }
    yield { type: 'done', summary: { seeds, blocks: s.blocks, removed: Math.round(s.fraction * s.blocks) } };
  } finally {
    probe.dispose();
    [train, val, test].forEach((x) => x.dispose());
  }
}

export const layerPruningInitRunner: ExperimentRun = defineRun(layerPruningInit, runLayerPruning);
