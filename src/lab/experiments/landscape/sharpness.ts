/**
 * landscape-sharpness: full-batch gradient descent with the top Hessian eigenvalue measured every
 * few steps, against the stability threshold 2/η. Metrics only, no snapshots.
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { disposeModel } from '../../../gpu/nn.ts';
import { buildMlp } from '../../landscape/nets.ts';
import { gradientDescentSharpness } from '../../landscape/sharpness.ts';
import { defineRun } from '../../declare.ts';
import { landscapeSharpness } from './landscape-sharpness.experiment.ts';
import { Outbox } from './outbox.ts';
import { loadLandscapeData } from './data.ts';

type Event = EventOf<typeof landscapeSharpness>;

async function* sharp(ctx: RunContext, spec: SpecOf<typeof landscapeSharpness>): AsyncGenerator<Event> {
  const p = spec.params;
  const { steps, lr } = p;
  const ld = await loadLandscapeData(ctx, spec, { train: p.trainSize, eval: 1, test: 1 });
  const model = buildMlp(ctx.gpu, ld.inputs, p.hidden, ld.classes, spec.seed, {
    activation: p.activation,
    initScale: p.initScale,
  });
  const out = new Outbox<Event>();
  // Full-batch steps; the last measurement (at step = steps) takes no step.
  ctx.work.plan(steps);
  ctx.work.span(steps, { examplesPerUnit: ld.train.count });
  try {
    const pts = yield* out.during(
      gradientDescentSharpness(model, ld.train, {
        steps,
        lr,
        every: p.every,
        iterations: p.iterations,
        seed: spec.seed,
        loss: p.loss,
        checkpoint: ctx.work.step,
        onPoint: (step, loss, s) => {
          out.push({ type: 'metric', name: 'train/loss', step, value: loss });
          if (s !== null) {
            out.push({ type: 'metric', name: 'sharpness', step, value: s });
            out.push({ type: 'metric', name: 'threshold', step, value: 2 / lr });
          }
        },
      }),
    );
    const later = pts.filter((q) => q.step > 0).map((q) => q.sharpness);
    yield {
      type: 'done',
      summary: { twoOverEta: 2 / lr, maxSharpness: Math.max(...later), finalLoss: pts.at(-1)!.loss },
    };
  } finally {
    disposeModel(model);
    ld.dispose();
  }
}

export const landscapeSharpnessRunner: ExperimentRun = defineRun(landscapeSharpness, sharp);
