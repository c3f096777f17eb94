/**
 * The lottery-rewind runner: one dense run, then for every rewind point k IMP's rounds rewound to
 * k, and the last ticket's instability: test error along the line between two copies trained from
 * k with different data orders (`interp/k=<k>%` at step = 100·α), its barrier and the ticket's
 * accuracy at step = k; the masks of the first rewind point.
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { impRoundSteps, rewindSweep } from './core.ts';
import { armEvents, maskEvents } from './events.ts';
import { impSpec, splits } from './imp-setup.ts';
import { defineRun } from '../../declare.ts';
import { lotteryRewind } from './lottery-rewind.experiment.ts';

/** Nets evaluated along the line between the two copies. */
const POINTS = 11;

async function* rewind(
  ctx: RunContext,
  spec: SpecOf<typeof lotteryRewind>,
): AsyncGenerator<EventOf<typeof lotteryRewind>> {
  const { train, test, dims } = await splits(ctx, spec);
  const ks = [...spec.params.rewinds];
  const base = impSpec(spec.params, train.count, 'none', 0);
  const steps = ks.map((pct) => Math.round((pct / 100) * base.steps));
  // What the sweep yields, in order: per rewind point its rounds (round 0, the dense run, is trained
  // once for all) and the instability, whose copy B trains from the rewind point (copy A is the last ticket).
  const spans = ks.flatMap((pct, j) => {
    const s = { ...base, rewind: steps[j] };
    return [
      ...Array.from({ length: base.rounds + 1 }, (_, r) => ({
        units: r === 0 && j > 0 ? 0 : impRoundSteps(s, r),
        label: r === 0 ? 'the dense run' : `round ${r} at k = ${pct}%`,
      })),
      { units: base.steps - steps[j], label: `the instability at k = ${pct}%` },
    ];
  });
  ctx.work.plan(spans.reduce((a, x) => a + x.units, 0));
  const open = (i: number) => {
    if (i < spans.length) ctx.work.span(spans[i].units, { label: spans[i].label, examplesPerUnit: base.batch });
  };
  let next = 0;
  try {
    const sweep = rewindSweep(ctx.gpu, train, test, base, steps, spec.seed, dims, POINTS, {
      checkpoint: ctx.work.step,
    });
    open(next);
    for await (const item of sweep) {
      const j = item.index;
      const pct = ks[j];
      if ('round' in item) {
        yield* armEvents(item.round.round, `k=${pct}%`, `s${spec.seed}`, item.round.ticket);
        if (j === 0) yield* maskEvents(item.round);
      } else {
        const { last, instability: inst } = item;
        for (const [i, e] of inst.errors.entries())
          yield { type: 'metric', name: `interp/k=${pct}%`, step: Math.round((100 * i) / (POINTS - 1)), value: e };
        yield { type: 'metric', name: 'barrier', step: pct, value: inst.barrier };
        yield { type: 'metric', name: 'ticket/acc-by-k', step: pct, value: last.ticket.accuracy };
        yield {
          type: 'log',
          message: `k = ${pct}% (${item.k} steps): ticket ${(100 * last.ticket.accuracy).toFixed(2)}% at ${(100 * last.remaining).toFixed(1)}% of weights, barrier ${(100 * inst.barrier).toFixed(2)} pt`,
        };
      }
      open(++next);
    }
    yield { type: 'done', summary: { rewinds: ks.join(', '), steps: base.steps, rounds: base.rounds } };
  } finally {
    train.dispose();
    test.dispose();
  }
}

export const lotteryRewindRunner: ExperimentRun = defineRun(lotteryRewind, rewind);
