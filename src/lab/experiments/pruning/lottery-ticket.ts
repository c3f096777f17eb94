/**
 * The lottery-ticket runner: IMP from `seeds` inits, each round's ticket and (every round or after
 * the last) its two controls, the random reinit and the random mask; the first seed's masks.
 */
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { disposeModel } from '../../../gpu/nn.ts';
import { imp, impRoundSteps } from './core.ts';
import { armEvents, maskEvents } from './events.ts';
import { impSpec, splits } from './imp-setup.ts';
import { defineRun } from '../../declare.ts';
import { lotteryTicket } from './lottery-ticket.experiment.ts';

async function* lottery(
  ctx: RunContext,
  spec: SpecOf<typeof lotteryTicket>,
): AsyncGenerator<EventOf<typeof lotteryTicket>> {
  const { train, test, dims } = await splits(ctx, spec);
  const { seeds, controls } = spec.params;
  const s = impSpec(spec.params, train.count, controls ? 'all' : 'last', 0);
  const roundSteps = Array.from({ length: s.rounds + 1 }, (_, r) => impRoundSteps(s, r));
  ctx.work.plan(seeds * roundSteps.reduce((a, b) => a + b, 0));
  try {
    yield {
      type: 'log',
      message: `IMP on ${train.count} train / ${test.count} test, ${s.steps} steps per run, ${seeds} seed(s)`,
    };
    for (let k = 0; k < seeds; k++) {
      const rep = `s${spec.seed + k}` as const;
      const it = imp(ctx.gpu, train, test, s, spec.seed + k, dims, { checkpoint: ctx.work.step });
      for (let next = 0; ; next++) {
        if (next <= s.rounds)
          ctx.work.span(roundSteps[next], {
            label: `${next === 0 ? 'the dense run' : `round ${next}`}${seeds > 1 ? ` of seed ${spec.seed + k}` : ''}`,
            examplesPerUnit: s.batch,
          });
        const r = await it.next();
        if (r.done) {
          disposeModel(r.value.model);
          break;
        }
        const round = r.value;
        yield* armEvents(round.round, 'ticket', rep, round.ticket);
        if (round.reinit) yield* armEvents(round.round, 'reinit', rep, round.reinit);
        if (round.random) yield* armEvents(round.round, 'random', rep, round.random);
        if (k === 0) yield* maskEvents(round);
      }
    }
    yield { type: 'done', summary: { seeds, steps: s.steps, rounds: s.rounds } };
  } finally {
    train.dispose();
    test.dispose();
  }
}

export const lotteryTicketRunner: ExperimentRun = defineRun(lotteryTicket, lottery);
