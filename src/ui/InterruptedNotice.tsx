import { count, units } from './format.ts';
import type { RunRecord } from './history/types.ts';

/** A run cut off by a reload or a crash: where it stopped, and a button to run its spec again. */
export function InterruptedNotice({ run, onRunAgain }: { run: RunRecord; onRunAgain: (() => void) | null }) {
  if (run.status !== 'interrupted') return null;
  const p = run.progress;
  const where = !p
    ? ''
    : p.unit
      ? ` after ${count(p.step)} of ${units(p.total, p.unit)}`
      : ` at step ${count(p.step)} of ${count(p.total)}`;
  return (
    <div className="run-interrupted" role="status" data-testid="run-interrupted" data-step={p?.step ?? 0}>
      <strong>Interrupted{where}</strong> by a reload or a crash; the data saved until then is shown below.{' '}
      {onRunAgain && (
        <button type="button" className="mini" onClick={onRunAgain} data-testid="run-again">
          Run again
        </button>
      )}
    </div>
  );
}
