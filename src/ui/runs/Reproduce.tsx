import { useMemo } from 'react';
import { ACTIVE, type RunRecord } from '../history/types.ts';
import { stopRun, useRunStore } from '../run-store.ts';
import { count } from '../format.ts';
import { Compare } from './Compare.tsx';
import { formatNumber } from './format.ts';
import { compareRuns, type Reproduction } from './reproduce.ts';
import { closeRerun, useRerun } from './rerun.ts';

function Verdict({ r, rerun }: { r: Reproduction; rerun: RunRecord }) {
  const points = r.equal + r.different + r.missing;
  const worst = r.series.filter((s) => s.different > 0).sort((x, y) => y.maxAbsDiff - x.maxAbsDiff)[0];
  return (
    <div
      className={r.bitExact ? 'note note-ok' : 'note note-bad'}
      role="status"
      data-testid="rerun-verdict"
      data-bit-exact={r.bitExact}
      data-equal={r.equal}
      data-different={r.different}
      data-missing={r.missing}
      data-max-abs-diff={r.maxAbsDiff}
      data-snapshots-equal={r.snapshotsEqual}
      data-snapshots-different={r.snapshotsDifferent}
    >
      <strong>
        {r.bitExact
          ? `Reproduced bit for bit: all ${count(points)} recorded values are identical.`
          : `Not reproduced bit for bit: ${count(r.different)} of ${count(points)} values differ${r.missing > 0 ? `, ${count(r.missing)} recorded by one run only` : ''}.`}
      </strong>{' '}
      {count(r.equal)} equal, {count(r.different)} different, max |Δ| = {formatNumber(r.maxAbsDiff)}
      {worst && ` (largest in ${worst.name} at step ${worst.worstStep})`}; final snapshots: {r.snapshotsEqual}{' '}
      identical, {r.snapshotsDifferent} different.
      {rerun.status !== 'done' && ` The re-run ended ${rerun.status}, so only what it recorded was compared.`}
    </div>
  );
}

/** The state of a "Re-run and compare": the live re-run's progress, then the verdict and the overlay. */
export function Reproduce({ history, colors }: { history: readonly RunRecord[]; colors: ReadonlyMap<string, string> }) {
  const { originalId, rerunId } = useRerun();
  const live = useRunStore((s) => (s.run?.id === rerunId ? s.run : null));
  useRunStore((s) => s.rev);
  const original = history.find((r) => r.id === originalId);
  const stored = history.find((r) => r.id === rerunId);
  const finished = stored && !ACTIVE.has(stored.status) ? stored : null;
  const verdict = useMemo(() => (original && finished ? compareRuns(original, finished) : null), [original, finished]);
  if (!original) return null;
  const p = live?.progress;
  return (
    <section className="compare reproduce" data-testid="rerun" aria-label="Re-run and compare">
      <h2>Re-run of {original.name}</h2>
      {!finished ? (
        <p role="status" data-testid="rerun-progress">
          {rerunId === null
            ? 'Starting the re-run…'
            : `Running the stored spec again${p ? `: step ${count(p.step)} of ${count(p.total)}` : '…'}`}{' '}
          <button type="button" className="mini" onClick={() => void stopRun()} disabled={rerunId === null}>
            Stop
          </button>
        </p>
      ) : (
        verdict && <Verdict r={verdict} rerun={finished} />
      )}
      {finished && (
        <Compare
          runs={[original, finished]}
          colors={colors}
          title="Stored run and re-run (dashed)"
          groupable={false}
          dashed={finished.id}
        />
      )}
      <button type="button" className="mini" onClick={closeRerun}>
        Close
      </button>
    </section>
  );
}
