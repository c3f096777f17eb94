import { useState } from 'react';
import { exportRun } from '../export.ts';
import { ACTIVE, type RunRecord } from '../history/types.ts';
import { showSpec } from '../route.ts';
import { openRun, removeRun, renameRun } from '../run-store.ts';
import { StatusBadge } from '../StatusBadge.tsx';
import { formatCell } from './format.ts';
import { rerunAndCompare } from './rerun.ts';
import { shareRun } from './share/open.ts';
import type { Column } from './table.ts';

interface Props {
  r: RunRecord;
  columns: readonly Column[];
  color: string;
  checked: boolean;
  onCheck: (v: boolean) => void;
  /** A run can be started now (WebGPU is there). */
  canRun: boolean;
}

function NameCell({ r }: { r: RunRecord }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(r.name);
  if (!editing)
    return (
      <span className="run-name">
        {r.name}{' '}
        <button
          type="button"
          className="link-button small"
          onClick={() => setEditing(true)}
          aria-label={`Rename ${r.name}`}
        >
          rename
        </button>
      </span>
    );
  return (
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
  );
}

export function RunRow({ r, columns, color, checked, onCheck, canRun }: Props) {
  const [confirm, setConfirm] = useState(false);
  const finished = !ACTIVE.has(r.status);
  const open = async () => {
    const run = await openRun(r.id);
    if (run) showSpec(run.spec);
  };
  return (
    <tr data-testid="run-row" data-run-id={r.id} data-status={r.status} data-color={color}>
      <td>
        <span className="run-select">
          <span className="swatch" style={{ background: color }} aria-hidden="true" />
          <input
            type="checkbox"
            checked={checked}
            onChange={(e) => onCheck(e.target.checked)}
            aria-label={`Select ${r.name} to compare`}
          />
        </span>
      </td>
      {columns.map((c) => {
        const v = c.value(r);
        return (
          <td
            key={c.id}
            data-col={c.id}
            data-value={v ?? ''}
            className={typeof v === 'number' && c.id !== 'started' ? 'num' : undefined}
          >
            {c.id === 'name' ? (
              <NameCell r={r} />
            ) : c.id === 'status' ? (
              <StatusBadge status={r.status} />
            ) : (
              formatCell(c, v)
            )}
          </td>
        );
      })}
      <td>
        <span className="row-actions">
          <button type="button" className="mini" onClick={() => void open()}>
            Open
          </button>
          <button
            type="button"
            className="mini"
            disabled={!finished}
            onClick={() => void shareRun(r)}
            aria-label={`Share ${r.name} as a results file`}
            title="One compressed file with every series and snapshot: opening it shows every figure without re-running"
          >
            Share
          </button>
          <button
            type="button"
            className="mini"
            disabled={!finished || !canRun}
            onClick={() => void rerunAndCompare(r)}
            aria-label={`Re-run ${r.name} and compare`}
            title="Run the stored spec again and check that every recorded value comes out the same, bit for bit"
          >
            Re-run &amp; compare
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
        </span>
      </td>
    </tr>
  );
}
