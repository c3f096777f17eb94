/**
 * The lottery-rewind runner: one dense run, then for every rewind point k IMP's rounds rewound to
 * k, and the last ticket's instability: test error along the line between two copies trained from
 * k with different data orders (`interp/k=<k>%` at step = 100·α), its barrier and the ticket's
 * accuracy at step = k; the masks of the first rewind point.
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { rewindSweep } from './core.ts';
import { armEvents, maskEvents } from './events.ts';
import { progressEvent } from '../../progress.ts';
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
  // The dense run once, then per rewind point each round's ticket (the last one is copy A) and copy B.
  const total = 1 + ks.length * (base.rounds + 1);
  let done = 0;
  try {
    const sweep = rewindSweep(ctx.gpu, train, test, base, steps, spec.seed, dims, POINTS, {
      checkpoint: () => ctx.checkpoint(),
    });
    for await (const item of sweep) {
      const j = item.index;
      const pct = ks[j];
      if ('round' in item) {
        if (item.round.round > 0 || j === 0) done++;
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
        done++;
      }
      yield progressEvent(ctx, done, total, done * base.steps * base.batch);
    }
    yield { type: 'done', summary: { rewinds: ks.join(', '), steps: base.steps, rounds: base.rounds } };
  } finally {
    train.dispose();
    test.dispose();
  }
}

export const lotteryRewindRunner: ExperimentRun = defineRun(lotteryRewind, rewind);
