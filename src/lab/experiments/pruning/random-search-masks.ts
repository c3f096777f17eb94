/**
 * The random-search-masks runner. Series: `rs/proxy/s<seed>` (validation accuracy of candidate c
 * at step = c + 1), `rs/best-of-k/s<seed>` (final test accuracy of the best-of-k mask at step = k;
 * k = 1 is the plain random mask); heatmap `rs/units` ([layers, width], the best mask's kept
 * units of the first seed).
 */
import type { EventOf, ExperimentRun, ParamsOf, RunContext, SpecOf } from '../../experiment.ts';
import type { Dims } from './core.ts';
import { leaders, randomSearch, searchSplits, type SearchSpec } from './random-search.ts';
import { defineRun } from '../../declare.ts';
import { randomSearchMasks } from './random-search-masks.experiment.ts';

/** The search's full and proxy training for a train split of `trainCount` examples. */
function searchSpecOf(p: ParamsOf<typeof randomSearchMasks.params>, trainCount: number): SearchSpec {
  const perEpoch = Math.ceil(trainCount / p.batch);
  return {
    full: {
      model: 'mlp',
      hidden: [...p.hidden],
      optimizer: 'adam',
      lr: p.lr,
      momentum: 0,
      schedule: 'constant',
      batch: p.batch,
      steps: perEpoch * p.epochs,
      evals: 1,
    },
    proxySteps: Math.max(1, Math.round(perEpoch * p.proxyEpochs)),
    candidates: p.candidates,
    density: p.nodeDensity,
  };
}

async function* runRandomSearch(
  ctx: RunContext,
  spec: SpecOf<typeof randomSearchMasks>,
): AsyncGenerator<EventOf<typeof randomSearchMasks>> {
  const p = spec.params;
  const data = await ctx.dataset(p.dataset);
  const { train, val, test } = await searchSplits(ctx.gpu, data, p.trainSize, p.valSize, p.testSize, spec.seed);
  const s = searchSpecOf(p, train.count);
  const dims: Dims = { inputs: train.dim, classes: data.manifest.classes.length };
  const seeds = p.seeds;
  // Per seed, K proxy trainings, then a full training of every candidate that leads after some k:
  // planned as if all K did, and re-planned when the proxy scores say how many do.
  const proxySteps = s.candidates * s.proxySteps;
  let planned = seeds * (proxySteps + s.candidates * s.full.steps);
  ctx.work.plan(planned);
  const batch = { examplesPerUnit: s.full.batch };
  const summary: Record<string, number> = {};
  try {
    for (let k = 0; k < seeds; k++) {
      const seed = spec.seed + k;
      const proxy: number[] = [];
      ctx.work.span(proxySteps, { label: `the ${s.candidates} proxy trainings of seed ${seed}`, ...batch });
      const it = randomSearch(ctx.gpu, train, val, test, s, seed, dims, { checkpoint: ctx.work.step });
      let n = await it.next();
      for (; !n.done; n = await it.next()) {
        proxy.push(n.value.proxy);
        yield { type: 'metric', name: `rs/proxy/s${seed}`, step: n.value.candidate + 1, value: n.value.proxy };
        if (proxy.length === s.candidates) {
          const full = new Set(leaders(proxy)).size;
          planned -= (s.candidates - full) * s.full.steps;
          ctx.work.plan(planned);
          ctx.work.span(full * s.full.steps, { label: `the best-of-k trainings of seed ${seed}`, ...batch });
        }
      }
      const r = n.value;
      for (const [i, a] of r.bestOfK.entries())
        yield { type: 'metric', name: `rs/best-of-k/s${seed}`, step: i + 1, value: a };
      if (k === 0) {
        const width = Math.max(...s.full.hidden);
        const data = new Uint8Array(r.bestUnits.length * width);
        r.bestUnits.forEach((u, l) => data.set(u, l * width));
        yield {
          type: 'snapshot',
          snapshot: { kind: 'heatmap', name: 'rs/units', step: r.best + 1, shape: [r.bestUnits.length, width], data },
        };
      }
      yield {
        type: 'log',
        message: `seed ${seed}: plain random ${(100 * r.bestOfK[0]).toFixed(2)}%, best of ${s.candidates} (candidate ${r.best + 1}) ${(100 * r.bestOfK[r.bestOfK.length - 1]).toFixed(2)}%`,
      };
      summary[`random s${seed}`] = r.bestOfK[0];
      summary[`best-of-K s${seed}`] = r.bestOfK[r.bestOfK.length - 1];
    }
    yield { type: 'done', summary };
  } finally {
    [train, val, test].forEach((x) => x.dispose());
  }
}

export const randomSearchMasksRunner: ExperimentRun = defineRun(randomSearchMasks, runRandomSearch);
