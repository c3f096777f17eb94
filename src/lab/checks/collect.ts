/**
 * A run's events kept as the lab's run store keeps them (metric series and summary), so a check
 * that drives an experiment's own runner reads its measurement with the rule's `measure`, the
 * function the experiment page applies to a run in the browser.
 */
import type { RunEvent, RunSpec } from '../experiment.ts';
import type { Rule, RunData } from './rule.ts';

/** Drains `events`, passing log lines and the metrics `logged` picks to `log`; throws with an error event's message. */
export async function collectRun(
  events: AsyncGenerator<RunEvent, unknown>,
  spec: RunSpec,
  log: (message: string) => void,
  logged: (name: string) => boolean = () => false,
): Promise<RunData> {
  const metrics: Record<string, { steps: number[]; values: number[] }> = {};
  let summary: Record<string, number | string> | null = null;
  for (let it = await events.next(); !it.done; it = await events.next()) {
    const ev = it.value;
    if (ev.type === 'log') log(ev.message);
    else if (ev.type === 'error') throw new Error(ev.message);
    else if (ev.type === 'done') summary = ev.summary;
    else if (ev.type === 'metric') {
      const s = (metrics[ev.name] ??= { steps: [], values: [] });
      s.steps.push(ev.step);
      s.values.push(ev.value);
      if (logged(ev.name)) log(`${ev.name} at step ${ev.step}: ${ev.value.toFixed(4)}`);
    }
  }
  return { spec, metrics, summary };
}

/** The measurement of a run of one seed, by the rule's own `measure`; throws when the run lacks it. */
export function measureOne<M>(rule: Rule<M>, run: RunData): M {
  const m = rule.measure?.(run);
  if (!m?.length) throw new Error(`the run ended without what ${rule.id} measures`);
  return m[0].m;
}
