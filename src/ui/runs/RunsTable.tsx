import { useMemo, useState } from 'react';
import { metaById } from '../../lab/catalogue.ts';
import type { RunRecord } from '../history/types.ts';
import { RunRow } from './RunRow.tsx';
import {
  defaultMetrics,
  filterRuns,
  metricColumn,
  metricNames,
  paramColumns,
  RUN_COLUMNS,
  sortRuns,
  type Column,
  type SortDir,
} from './table.ts';

interface Props {
  history: readonly RunRecord[];
  colors: ReadonlyMap<string, string>;
  selected: ReadonlySet<string>;
  onSelect: (id: string, on: boolean) => void;
  canRun: boolean;
}

const [experimentCol, nameCol, statusCol, seedCol, startedCol] = RUN_COLUMNS;

function MetricPicker({
  names,
  shown,
  onChange,
}: {
  names: readonly string[];
  shown: readonly string[];
  onChange: (names: string[]) => void;
}) {
  if (names.length === 0) return null;
  return (
    <details className="metric-picker">
      <summary>
        Final values shown: {shown.length} of {names.length}
      </summary>
      <div className="metric-picker-list">
        {names.map((n) => (
          <label key={n}>
            <input
              type="checkbox"
              checked={shown.includes(n)}
              onChange={(e) => onChange(e.target.checked ? [...shown, n] : shown.filter((m) => m !== n))}
            />{' '}
            {n}
          </label>
        ))}
      </div>
    </details>
  );
}

export function RunsTable({ history, colors, selected, onSelect, canRun }: Props) {
  const [query, setQuery] = useState('');
  const [experiment, setExperiment] = useState('');
  const [sort, setSort] = useState<{ id: string; dir: SortDir }>({ id: 'started', dir: 'desc' });
  const [picked, setPicked] = useState<string[] | null>(null);

  const experiments = useMemo(() => [...new Set(history.map((r) => r.spec.experiment))].sort(), [history]);
  const listed = useMemo(() => filterRuns(history, query, experiment), [history, query, experiment]);
  const names = useMemo(() => metricNames(listed), [listed]);
  const shownMetrics = (picked ?? defaultMetrics(names)).filter((n) => names.includes(n));
  const columns: Column[] = [
    experimentCol,
    nameCol,
    statusCol,
    seedCol,
    ...paramColumns(listed),
    ...shownMetrics.map(metricColumn),
    startedCol,
  ];
  // A sorted column can vanish (a filter leaves no difference in that parameter): then newest first.
  const sortColumn = columns.find((c) => c.id === sort.id) ?? startedCol;
  const sortDir = sortColumn.id === sort.id ? sort.dir : 'desc';
  const rows = sortRuns(listed, sortColumn, sortDir);
  const onSort = (id: string) =>
    setSort((s) => ({ id, dir: s.id === id ? (s.dir === 'asc' ? 'desc' : 'asc') : id === 'started' ? 'desc' : 'asc' }));

  return (
    <>
      <div className="runs-filter" role="search">
        <label>
          Filter{' '}
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="name, parameter=value, status…"
            data-testid="runs-filter"
          />
        </label>
        <label>
          Experiment{' '}
          <select value={experiment} onChange={(e) => setExperiment(e.target.value)} data-testid="runs-experiment">
            <option value="">all ({history.length})</option>
            {experiments.map((id) => (
              <option key={id} value={id}>
                {metaById(id)?.title ?? id}
              </option>
            ))}
          </select>
        </label>
        <MetricPicker names={names} shown={shownMetrics} onChange={setPicked} />
      </div>
      <p className="muted small" data-testid="runs-count">
        {rows.length} of {history.length} runs. Parameter columns are the ones whose values differ between the listed
        runs; metric columns hold each run’s final value.
      </p>
      <div className="table-scroll" data-testid="runs-table-scroll">
        <table className="runs" data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Select</span>
              </th>
              {columns.map((c) => {
                const dir = c.id === sortColumn.id ? sortDir : null;
                return (
                  <th
                    key={c.id}
                    scope="col"
                    data-col={c.id}
                    data-kind={c.kind}
                    aria-sort={dir === null ? 'none' : dir === 'asc' ? 'ascending' : 'descending'}
                  >
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => onSort(c.id)}
                      title={`${c.title}: sort`}
                    >
                      {c.label}
                      <span aria-hidden="true" className="sort-mark">
                        {dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <RunRow
                key={r.id}
                r={r}
                columns={columns}
                color={colors.get(r.id) ?? 'currentColor'}
                checked={selected.has(r.id)}
                onCheck={(v) => onSelect(r.id, v)}
                canRun={canRun}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
