/**
 * Events the pruning runners share, typed by the names they carry so that each runner's
 * declaration must list them: an IMP round as the masks view reads it —
 * `acc/<arm>/<rep>` and `es/<arm>/<rep>` at step = round, `remaining` and
 * `density/<method>/<layer>` at step = round, and the masks as heatmaps `mask/r<round>/<layer>`
 * (0/1 bytes in the weight's layout).
 */
import type { RunEvent, RunnerEvent } from '../../experiment.ts';
import { erkDensities } from '../../../gpu/pruning.ts';
import type { RoundResult, TrainResult } from './core.ts';

type Metric<M extends string> = Extract<RunEvent<M, never>, { type: 'metric' }>;

/** One training's test accuracy and early-stop step, as arm `arm` of repetition `rep` at step = `round`. */
export function* armEvents<A extends string, R extends string>(
  round: number,
  arm: A,
  rep: R,
  result: TrainResult,
): Generator<Metric<`acc/${A}/${R}` | `es/${A}/${R}`>> {
  yield { type: 'metric', name: `acc/${arm}/${rep}`, step: round, value: result.accuracy };
  yield { type: 'metric', name: `es/${arm}/${rep}`, step: round, value: result.earlyStopStep };
}

/** A round's weights remaining, its per-layer densities beside ERK's and uniform ones at the same total, and its masks. */
export function* maskEvents(
  r: RoundResult,
): Generator<RunnerEvent<'remaining' | `density/${'IMP' | 'ERK' | 'uniform'}/${string}`, `mask/r${number}/${string}`>> {
  yield { type: 'metric', name: 'remaining', step: r.round, value: r.remaining };
  const erk = erkDensities(
    r.masks.map((m) => m.shape),
    r.remaining,
  );
  for (const [i, m] of r.masks.entries()) {
    yield { type: 'metric', name: `density/IMP/${m.name}`, step: r.round, value: r.densities[i] };
    yield { type: 'metric', name: `density/ERK/${m.name}`, step: r.round, value: Math.min(1, erk[i]) };
    yield { type: 'metric', name: `density/uniform/${m.name}`, step: r.round, value: r.remaining };
    yield {
      type: 'snapshot',
      snapshot: { kind: 'heatmap', name: `mask/r${r.round}/${m.name}`, step: r.round, shape: m.shape, data: m.data },
    };
  }
}
