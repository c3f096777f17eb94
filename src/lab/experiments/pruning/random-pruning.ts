/**
 * The random-pruning runner: for every width, the dense MLP and the same init under a random mask
 * at uniform and at ERK layer densities, trained alike. Series at step = width: `acc/<method>`
 * and `gap/<method>` (dense − sparse); the widest net's densities at step 0.
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { disposeModel } from '../../../gpu/nn.ts';
import { erkDensities } from '../../../gpu/pruning.ts';
import { buildNet, layersOf, randomMasks, setMasks, trainFrom } from './core.ts';
import { splits, trainSpec } from './imp-setup.ts';
import { defineRun } from '../../declare.ts';
import { randomPruning } from './random-pruning.experiment.ts';

const SPARSE = ['uniform', 'ERK'] as const;

async function* sweep(
  ctx: RunContext,
  spec: SpecOf<typeof randomPruning>,
): AsyncGenerator<EventOf<typeof randomPruning>> {
  const { train, test, dims } = await splits(ctx, spec);
  const widths = [...spec.params.hidden];
  const density = spec.params.density;
  // Three trainings (dense, uniform, ERK) per width, of the same length.
  const recipe = trainSpec(spec.params, train.count);
  ctx.work.plan(3 * widths.length * recipe.steps);
  try {
    for (const w of widths) {
      const s = { ...recipe, hidden: [w, w] };
      ctx.work.span(3 * s.steps, { label: `width ${w}`, examplesPerUnit: s.batch });
      const acc: Record<string, number> = {};
      for (const method of ['dense', ...SPARSE] as const) {
        const model = buildNet(ctx.gpu, s, spec.seed, dims);
        try {
          const layers = layersOf(model);
          const shapes = layers.map((l) => [...l.weight.shape]);
          if (method !== 'dense') {
            const dens =
              method === 'ERK' ? erkDensities(shapes, density).map((d) => Math.min(1, d)) : shapes.map(() => density);
            setMasks(model, randomMasks(model, dens, spec.seed));
            if (w === widths[widths.length - 1])
              for (const [i, l] of layers.entries())
                yield { type: 'metric', name: `density/${method}/${l.weight.name}`, step: 0, value: dens[i] };
          }
          acc[method] = (await trainFrom(model, train, test, s, spec.seed, 0, { checkpoint: ctx.work.step })).accuracy;
        } finally {
          disposeModel(model);
        }
      }
      yield { type: 'metric', name: 'acc/dense', step: w, value: acc.dense };
      for (const m of SPARSE) {
        yield { type: 'metric', name: `acc/${m}`, step: w, value: acc[m] };
        yield { type: 'metric', name: `gap/${m}`, step: w, value: acc.dense - acc[m] };
      }
    }
    yield { type: 'done', summary: { widths: widths.join(', '), density } };
  } finally {
    train.dispose();
    test.dispose();
  }
}

export const randomPruningRunner: ExperimentRun = defineRun(randomPruning, sweep);
