import { useState } from 'react';
import type { RunRecord } from '../history/types.ts';
import { LineChart, type Line } from '../views/LineChart.tsx';
import { formatNumber } from './format.ts';
import { differingText, legendLabels } from './naming.ts';
import { bandOf, seedGroups } from './seeds.ts';

interface Entry {
  line: Line;
  runs: RunRecord[];
}

/** One line per run, or with `grouped` one mean line with a min–max band per group of seeds. */
function entries(
  runs: readonly RunRecord[],
  metric: string,
  colors: ReadonlyMap<string, string>,
  grouped: boolean,
  dashed: string | undefined,
) {
  const oldestFirst = [...runs].sort((a, b) => a.startedAt - b.startedAt);
  const single = legendLabels(oldestFirst);
  const settings = legendLabels(oldestFirst, { seed: false, fallback: (r) => r.spec.experiment });
  return seedGroups(oldestFirst).flatMap((group): Entry[] => {
    if (!grouped || group.length === 1)
      return group.map((r) => ({
        runs: [r],
        line: {
          key: r.id,
          label: single.get(r.id) ?? r.name,
          color: colors.get(r.id) ?? 'currentColor',
          steps: r.metrics[metric]?.steps ?? [],
          values: r.metrics[metric]?.values ?? [],
          dashed: r.id === dashed,
        },
      }));
    const first = group[0];
    const band = bandOf(group.flatMap((r) => r.metrics[metric] ?? []));
    const seeds = group.map((r) => r.spec.seed).join(', ');
    return [
      {
        runs: group,
        line: {
          key: `seeds:${first.id}`,
          label: `${settings.get(first.id)} · mean of ${group.length} runs (seeds ${seeds})`,
          color: colors.get(first.id) ?? 'currentColor',
          steps: band.steps,
          values: band.mean,
          band: { lo: band.lo, hi: band.hi },
        },
      },
    ];
  });
}

function FinalValues({ list, metric }: { list: Entry[]; metric: string }) {
  return (
    <div className="table-scroll">
      <table className="runs final-values" data-testid="compare-finals">
        <caption className="muted small">Final value of {metric}</caption>
        <thead>
          <tr>
            <th scope="col">line</th>
            <th scope="col">runs</th>
            <th scope="col">final</th>
            <th scope="col">min</th>
            <th scope="col">max</th>
          </tr>
        </thead>
        <tbody>
          {list.map(({ line, runs }) => {
            const i = line.values.length - 1;
            const at = (a: readonly number[] | undefined) => (a && i >= 0 ? a[i] : null);
            const final = at(line.values);
            const lo = line.band ? at(line.band.lo) : final;
            const hi = line.band ? at(line.band.hi) : final;
            const cell = (v: number | null) => (v === null ? '—' : formatNumber(v));
            return (
              <tr
                key={line.key}
                data-testid="compare-final"
                data-key={line.key}
                data-runs={runs.length}
                data-final={final ?? ''}
                data-lo={lo ?? ''}
                data-hi={hi ?? ''}
              >
                <td>
                  <span className="swatch" style={{ background: line.color }} aria-hidden="true" /> {line.label}
                </td>
                <td className="num">{runs.length}</td>
                <td className="num">{cell(final)}</td>
                <td className="num">{cell(lo)}</td>
                <td className="num">{cell(hi)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function Compare({
  runs,
  colors,
  title,
  groupable = true,
  dashed,
}: {
  runs: RunRecord[];
  colors: ReadonlyMap<string, string>;
  title: string;
  /** Offer to draw runs that differ only in seed as a mean with a band. */
  groupable?: boolean;
  /** A run drawn dashed, so that a line it covers exactly still shows (a re-run over its original). */
  dashed?: string;
}) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const [metric, setMetric] = useState('test/accuracy');
  const [grouped, setGrouped] = useState(true);
  const m = names.includes(metric) ? metric : (names[0] ?? metric);
  const hasSeedGroups = groupable && seedGroups(runs).some((g) => g.length > 1);
  const list = entries(runs, m, colors, grouped && hasSeedGroups, dashed);
  return (
    <section className="compare" data-testid="compare" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted small">{differingText(runs.map((r) => r.spec))}</p>
      <div className="compare-tools">
        <label>
          Series{' '}
          <select value={m} onChange={(e) => setMetric(e.target.value)} data-testid="compare-series">
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        {hasSeedGroups && (
          <label title="Runs with the same experiment and parameters, differing only in seed, drawn as their mean with a band from the lowest to the highest seed, at the steps all of them recorded">
            <input
              type="checkbox"
              checked={grouped}
              onChange={(e) => setGrouped(e.target.checked)}
              data-testid="group-seeds"
            />{' '}
            Group seeds: mean line, band = min–max over seeds
          </label>
        )}
      </div>
      <LineChart
        title={m}
        yLabel={m.split('/').pop() ?? m}
        logToggle={!m.includes('accuracy')}
        file={`compare-${m.replace(/\W+/g, '-')}`}
        lines={list.map((e) => e.line)}
        empty="None of the selected runs recorded this series."
      />
      <FinalValues list={list} metric={m} />
    </section>
  );
}
