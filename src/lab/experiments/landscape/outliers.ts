/**
 * landscape-outliers: full-batch GD (and optionally Adam) with every example's loss recorded each
 * step; at the largest loss spikes, the examples whose losses move in opposition. Per optimizer
 * <opt> (gd, adam):
 *   outliers/<opt>/traces  heatmap [2·spikes, 2w+1]: mean loss of the rising, then falling group of each spike over
 *                          steps s−w … s+w; labels = one caption per spike, then 'from:<s−w>' per spike
 *   outliers/<opt>/images  gallery [2k·spikes, h, w, c]: each spike's k rising, then k falling examples
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { groupTrace, opposingGroups, perExampleTrace } from '../../landscape/opposing-signals.ts';
import { seededSubset } from '../../datasets.ts';
import { disposeModel } from '../../../gpu/nn.ts';
import { buildMlp } from '../../landscape/nets.ts';
import { landscapeData } from '../../landscape/data.ts';
import { defineRun } from '../../declare.ts';
import { landscapeOutliers } from './landscape-outliers.experiment.ts';
import { heatmap } from './events.ts';
import { Outbox } from './outbox.ts';

type Event = EventOf<typeof landscapeOutliers>;

async function* outliers(ctx: RunContext, spec: SpecOf<typeof landscapeOutliers>): AsyncGenerator<Event> {
  const p = spec.params;
  const { steps, trainSize: n, k, window: w } = p;
  const data = await ctx.dataset(p.dataset);
  const ld = landscapeData(ctx.gpu, data, { train: n, eval: 1, test: 1 }, spec.seed);
  const pick = seededSubset(data.train, ld.train.count, spec.seed);
  const runs: Array<{ opt: 'gd' | 'adam'; lr: number }> = [{ opt: 'gd', lr: p.lr }];
  if (p.adamLr > 0) runs.push({ opt: 'adam', lr: p.adamLr });
  const out = new Outbox<Event>();
  const summary: Record<string, number | string> = { twoOverEta: 2 / p.lr };
  ctx.work.plan(runs.length * steps);
  try {
    for (const run of runs) {
      ctx.work.span(steps, { label: `the ${run.opt === 'gd' ? 'GD' : 'Adam'} run`, examplesPerUnit: n });
      const model = buildMlp(ctx.gpu, ld.inputs, p.hidden, ld.classes, spec.seed);
      const name = run.opt === 'gd' ? 'train/loss' : 'adam/loss';
      let sent = 0;
      try {
        const trace = yield* out.during(
          perExampleTrace(model, ld.train, {
            steps,
            lr: run.lr,
            optimizer: run.opt,
            every: run.opt === 'gd' ? p.every : 0,
            iterations: p.iterations,
            seed: spec.seed,
            checkpoint: ctx.work.step,
            onSharpness: (step, value) => {
              out.push({ type: 'metric', name: 'sharpness', step, value });
              out.push({ type: 'metric', name: 'threshold', step, value: 2 / run.lr });
            },
            onWindow: (done, mean) => {
              for (; sent < done; sent++) out.push({ type: 'metric', name, step: sent, value: mean[sent] });
            },
          }),
        );
        const groups = opposingGroups(trace, { spikes: p.spikes, k, window: w });
        const [h, wd, c] = ld.train.shape;
        const dim = h * wd * c;
        const members = groups.flatMap((g) => [...g.rising, ...g.falling]);
        const images = new Uint8Array(members.length * dim);
        members.forEach((m, j) => images.set(data.train.images.subarray(pick[m] * dim, (pick[m] + 1) * dim), j * dim));
        const truth = Uint32Array.from(members, (m) => data.train.labels[pick[m]]);
        yield {
          type: 'snapshot',
          snapshot: {
            kind: 'gallery',
            name: `outliers/${run.opt}/images`,
            step: steps,
            shape: [members.length, h, wd, c],
            data: images,
            truth,
            predicted: truth,
            labels: data.manifest.classes,
          },
        };
        const traces = groups.flatMap((g) => [
          groupTrace(trace, g.rising, g.step - w, g.step + w),
          groupTrace(trace, g.falling, g.step - w, g.step + w),
        ]);
        yield heatmap(`outliers/${run.opt}/traces`, [traces.length, 2 * w + 1], traces.flat(), steps, [
          ...groups.map(
            (g) =>
              `spike at step ${g.step}: mean loss +${g.rise.toFixed(3)}; correlation of the groups' changes afterwards ${g.correlation.toFixed(2)}`,
          ),
          ...groups.map((g) => `from:${g.step - w}`),
        ]);
        const corr = groups.map((g) => g.correlation);
        summary[`${run.opt}Spikes`] = groups.map((g) => g.step).join(', ') || 'none';
        summary[`${run.opt}MeanCorrelation`] = corr.length ? corr.reduce((a, b) => a + b, 0) / corr.length : 'no spike';
        summary[`${run.opt}FinalLoss`] = trace.mean[steps - 1];
        if (run.opt === 'gd' && trace.sharpness.length)
          summary.maxSharpness = Math.max(...trace.sharpness.map((q) => q.value));
        yield {
          type: 'log',
          message: `${run.opt === 'gd' ? 'GD' : 'Adam'}: ${groups.map((g) => `spike at ${g.step} (corr ${g.correlation.toFixed(2)})`).join(', ') || 'no loss spike'}`,
        };
      } finally {
        disposeModel(model);
      }
    }
    yield { type: 'done', summary };
  } finally {
    ld.dispose();
  }
}

export const landscapeOutliersRunner: ExperimentRun = defineRun(landscapeOutliers, outliers);
