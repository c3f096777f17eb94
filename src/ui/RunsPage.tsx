// The stored runs: a table to filter and sort, selected runs compared (curves overlaid, seeds grouped,
// snapshots side by side), results shared as files and opened from them, and re-runs checked.
import { useMemo, useState } from 'react';
import { useRunStore } from './run-store.ts';
import { runColors } from './runs/colors.ts';
import { Compare } from './runs/Compare.tsx';
import { Reproduce } from './runs/Reproduce.tsx';
import { RunsTable } from './runs/RunsTable.tsx';
import { OpenResults } from './runs/share/OpenResults.tsx';
import { SnapshotCompare } from './runs/SnapshotCompare.tsx';
import { Notices } from './Notices.tsx';
import { useAppStore } from './store.ts';

export function RunsPage() {
  const history = useRunStore((s) => s.history);
  const error = useRunStore((s) => s.historyError);
  const canRun = useAppStore((s) => s.adapter.state === 'ok');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const colors = useMemo(() => runColors(history), [history]);
  const chosen = history.filter((r) => selected.has(r.id));
  const onSelect = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <div className="runs-page" data-testid="runs-page">
      <Notices />
      <h1>Stored runs</h1>
      <p className="muted">
        Every run is saved in this browser as it goes — finished, stopped, diverged, or cut off by a reload. Select two
        or more to compare their curves and snapshots.
      </p>
      {error && (
        <p className="note note-bad" role="alert">
          Run history is unavailable: {error}
        </p>
      )}
      <OpenResults />
      <Reproduce history={history} colors={colors} />
      {history.length === 0 ? (
        <p className="empty">No runs yet. Open an experiment from the catalogue and press Run.</p>
      ) : (
        <RunsTable history={history} colors={colors} selected={selected} onSelect={onSelect} canRun={canRun} />
      )}
      {chosen.length >= 2 && <Compare runs={chosen} colors={colors} title={`Compare ${chosen.length} runs`} />}
      {chosen.length >= 2 && <SnapshotCompare runs={chosen} />}
    </div>
  );
}
