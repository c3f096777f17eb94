// Time-to-accuracy per sampler as horizontal bars over the step budget (a bar is the steps before
// the sampler's curve first reaches the target), with its final accuracy and the share of the
// budget it needed in a table below.
import { useRef } from 'react';
import * as d3 from 'd3';
import { seriesColor } from '../../charts/series-colors.ts';
import { useWidth } from '../../charts/use-width.ts';
import { ChartExport } from '../ChartExport.tsx';

export interface TimeToAccuracy {
  key: string;
  label: string;
  /** Test accuracy (%) at the end of the budget; null until the training has finished. */
  final: number | null;
  /** Steps to reach the target; null where it has not (yet) reached it. */
  steps: number | null;
}

const ROW = 26;
const M = { top: 6, right: 16, bottom: 32, left: 150 };

export function TimeToAccuracyBars({
  rows,
  budget,
  target,
}: {
  rows: readonly TimeToAccuracy[];
  budget: number;
  target: number | null;
}) {
  const svg = useRef<SVGSVGElement>(null);
  const [boxRef, W] = useWidth(520);
  const H = M.top + rows.length * ROW + M.bottom;
  const x = d3
    .scaleLinear()
    .domain([0, Math.max(1, budget)])
    .range([M.left, W - M.right]);
  const share = (s: number) => `${Math.round((100 * s) / budget)}%`;
  const status = (r: TimeToAccuracy) => (r.steps !== null ? `step ${r.steps}` : r.final !== null ? 'not reached' : '…');
  return (
    <figure className="chart" data-testid="rs2-tta" ref={boxRef}>
      <figcaption className="chart-head">
        <span className="chart-title">
          Time-to-accuracy: steps to reach{' '}
          {target === null ? 'the static random subset’s final accuracy' : `${target.toFixed(1)}%`}
          {target === null ? '' : ' (the static random subset’s final accuracy)'}
        </span>
        {target !== null && (
          <span className="chart-tools">
            <ChartExport svg={svg} file="rs2-time-to-accuracy" />
          </span>
        )}
      </figcaption>
      {target === null ? (
        <div className="empty">Shown once the static random subset has trained for the whole budget.</div>
      ) : (
        <>
          <svg
            ref={svg}
            viewBox={`0 0 ${W} ${H}`}
            className="chart-svg"
            role="img"
            aria-label={`Steps to reach ${target.toFixed(1)}%: ${rows.map((r) => `${r.label} ${status(r)}`).join(', ')}`}
          >
            <g fontSize={11} fill="currentColor">
              {x.ticks(Math.max(2, Math.floor(W / 90))).map((t) => (
                <g key={t} transform={`translate(${x(t)},0)`}>
                  <line y1={M.top} y2={H - M.bottom} stroke="currentColor" strokeOpacity={0.12} />
                  <text y={H - M.bottom + 14} textAnchor="middle">
                    {t}
                  </text>
                </g>
              ))}
              <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
                steps (budget {budget})
              </text>
              {rows.map((r, i) => {
                const y = M.top + i * ROW;
                return (
                  <g key={r.key} data-sampler={r.key} data-steps={r.steps ?? undefined}>
                    <text x={M.left - 6} y={y + ROW / 2} dy="0.32em" textAnchor="end">
                      {r.label}
                    </text>
                    {r.steps !== null ? (
                      <rect
                        x={M.left}
                        y={y + 4}
                        width={Math.max(1, x(r.steps) - M.left)}
                        height={ROW - 8}
                        fill={seriesColor(r.key)}
                      >
                        <title>{`${r.label}: ${r.steps} steps (${share(r.steps)} of the budget)`}</title>
                      </rect>
                    ) : (
                      <text x={M.left + 4} y={y + ROW / 2} dy="0.32em" fillOpacity={0.7}>
                        {status(r)}
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
          </svg>
          <table className="small">
            <thead>
              <tr>
                <th></th>
                <th>final accuracy</th>
                <th>steps to {target.toFixed(1)}%</th>
                <th>of the budget</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th>{r.label}</th>
                  <td>{r.final === null ? '…' : `${r.final.toFixed(1)}%`}</td>
                  <td>{status(r)}</td>
                  <td>{r.steps === null ? '—' : share(r.steps)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
