/**
 * landscape-random-teacher: a student distilled from a frozen random teacher, with linear probes
 * of both networks' features. Metrics only, no snapshots.
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { randomTeacherRun } from '../../landscape/random-teacher.ts';
import { defineRun } from '../../declare.ts';
import { landscapeRandomTeacher } from './landscape-random-teacher.experiment.ts';
import { Outbox } from './outbox.ts';

type Event = EventOf<typeof landscapeRandomTeacher>;

async function* teacher(ctx: RunContext, spec: SpecOf<typeof landscapeRandomTeacher>): AsyncGenerator<Event> {
  const p = spec.params;
  const { steps } = p;
  const data = await ctx.dataset(p.dataset);
  const out = new Outbox<Event>();
  ctx.work.plan(steps);
  ctx.work.span(steps, { examplesPerUnit: p.batch });
  const r = yield* out.during(
    randomTeacherRun(ctx.gpu, data, {
      train: p.trainSize,
      probe: p.probeSize,
      test: p.testSize,
      channels: p.channels,
      hidden: p.hidden,
      out: p.out,
      steps,
      batch: p.batch,
      lr: p.lr,
      every: p.every,
      seed: spec.seed,
      loss: p.loss,
      nearTeacher: p.nearTeacher,
      checkpoint: ctx.work.step,
      onLoss: (step, value) => out.push({ type: 'metric', name: 'distill/loss', step, value }),
      onProbe: (step, accuracy, teacherAcc) => {
        out.push({ type: 'metric', name: 'probe/student', step, value: accuracy });
        out.push({ type: 'metric', name: 'probe/teacher', step, value: teacherAcc });
      },
    }),
  );
  const last = r.student.at(-1)!.accuracy;
  yield {
    type: 'done',
    summary: {
      teacherProbe: r.teacher,
      studentProbeAtInit: r.student[0].accuracy,
      studentProbe: last,
      gain: last - r.teacher,
      finalLoss: r.finalLoss,
    },
  };
}

export const landscapeRandomTeacherRunner: ExperimentRun = defineRun(landscapeRandomTeacher, teacher);
