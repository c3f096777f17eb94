import { useState } from 'react';
import { metaById } from '../lab/catalogue.ts';
import type { ParamValue, RunSpec } from '../lab/experiment.ts';
import { exportRun } from './export.ts';
import type { RunRecord } from './history/types.ts';
import { showSpec } from './route.ts';
import { openRun, removeRun, renameRun, useRunStore } from './run-store.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { LineChart } from './views/LineChart.tsx';
import { color } from './views/palette.ts';

const show = (v: ParamValue | undefined) => (Array.isArray(v) ? v.join(',') : String(v));

/** The parameters (and seed) whose values are not the same across `specs`. */
export function differing(specs: RunSpec[]): string[] {
  const keys = new Set(specs.flatMap((s) => Object.keys(s.params)));
  const out = [...keys].filter((k) => new Set(specs.map((s) => show(s.params[k]))).size > 1);
  if (new Set(specs.map((s) => s.seed)).size > 1) out.push('seed');
  if (new Set(specs.map((s) => s.experiment)).size > 1) out.unshift('experiment');
  return out;
}

function valueOf(s: RunSpec, k: string): string {
  return k === 'seed' ? String(s.seed) : k === 'experiment' ? s.experiment : show(s.params[k]);
}

function Row({ r, checked, onCheck }: { r: RunRecord; checked: boolean; onCheck: (v: boolean) => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(r.name);
  const [confirm, setConfirm] = useState(false);
  const last = r.metrics['test/accuracy'];
  const acc = last && last.values.length > 0 ? last.values[last.values.length - 1] : null;
  const open = async () => {
    const run = await openRun(r.id);
    if (run) showSpec(run.spec);
  };
  return (
    <tr data-testid="run-row" data-run-id={r.id} data-status={r.status}>
      <td>
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) => onCheck(e.target.checked)}
          aria-label={`Select ${r.name} to compare`}
        />
      </td>
      <td>
        {editing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setEditing(false);
              void renameRun(r.id, name.trim() || r.name);
            }}
          >
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-label="New name"
              autoFocus
              onBlur={() => setEditing(false)}
            />
          </form>
        ) : (
          <span className="run-name">{r.name}</span>
        )}
        <div className="muted small">
          {metaById(r.spec.experiment)?.title ?? r.spec.experiment} · {new Date(r.startedAt).toLocaleString()}
        </div>
      </td>
      <td>
        <StatusBadge status={r.status} />
      </td>
      <td className="num">{acc === null ? '—' : `${(acc * 100).toFixed(1)}%`}</td>
      <td className="row-actions">
        <button type="button" className="mini" onClick={() => void open()}>
          Open
        </button>
        <button type="button" className="mini" onClick={() => setEditing(true)} aria-label={`Rename ${r.name}`}>
          Rename
        </button>
        <button
          type="button"
          className="mini"
          onClick={() => exportRun(r, 'json')}
          aria-label={`Export ${r.name} as JSON`}
        >
          JSON
        </button>
        <button
          type="button"
          className="mini"
          onClick={() => exportRun(r, 'csv')}
          aria-label={`Export ${r.name} as CSV`}
        >
          CSV
        </button>
        <button
          type="button"
          className={confirm ? 'mini danger' : 'mini'}
          onClick={() => (confirm ? void removeRun(r.id) : setConfirm(true))}
          onBlur={() => setConfirm(false)}
          aria-label={confirm ? `Confirm deleting ${r.name}` : `Delete ${r.name}`}
        >
          {confirm ? 'Confirm delete' : 'Delete'}
        </button>
      </td>
    </tr>
  );
}

function Compare({ runs }: { runs: RunRecord[] }) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const [metric, setMetric] = useState('test/accuracy');
  const m = names.includes(metric) ? metric : (names[0] ?? metric);
  const diff = differing(runs.map((r) => r.spec));
  const label = (r: RunRecord) =>
    diff.length === 0 ? r.name : diff.map((k) => `${k}=${valueOf(r.spec, k)}`).join(', ');
  return (
    <section className="compare" data-testid="compare" aria-label="Compare runs">
      <h2>Compare {runs.length} runs</h2>
      <p className="muted small">
        {diff.length === 0 ? 'These runs have the same parameters and seed.' : `Differing: ${diff.join(', ')}.`}
      </p>
      <label>
        Series{' '}
        <select value={m} onChange={(e) => setMetric(e.target.value)}>
          {names.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      <LineChart
        title={m}
        yLabel={m.split('/').pop() ?? m}
        logToggle={!m.includes('accuracy')}
        file={`compare-${m.replace(/\W+/g, '-')}`}
        lines={runs.map((r, i) => ({
          key: r.id,
          label: label(r),
          color: color(i),
          steps: r.metrics[m]?.steps ?? [],
          values: r.metrics[m]?.values ?? [],
        }))}
        empty="None of the selected runs recorded this series."
      />
    </section>
  );
}

export function RunsPage() {
  const history = useRunStore((s) => s.history);
  const error = useRunStore((s) => s.historyError);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosen = history.filter((r) => selected.has(r.id));
  return (
    <div className="runs-page" data-testid="runs-page">
      <h1>Stored runs</h1>
      <p className="muted">
        Every run is saved in this browser as it goes — finished, stopped, diverged, or cut off by a reload. Select two
        or more to compare their curves.
      </p>
      {error && (
        <p className="note note-bad" role="alert">
          Run history is unavailable: {error}
        </p>
      )}
      {history.length === 0 ? (
        <p className="empty">No runs yet. Open an experiment from the catalogue and press Run.</p>
      ) : (
        <table className="runs">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Select</span>
              </th>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Test acc.</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {history.map((r) => (
              <Row
                key={r.id}
                r={r}
                checked={selected.has(r.id)}
                onCheck={(v) =>
                  setSelected((s) => {
                    const next = new Set(s);
                    if (v) next.add(r.id);
                    else next.delete(r.id);
                    return next;
                  })
                }
              />
            ))}
          </tbody>
        </table>
      )}
      {chosen.length >= 2 && <Compare runs={chosen} />}
    </div>
  );
}
