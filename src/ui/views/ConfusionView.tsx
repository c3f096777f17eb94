import * as d3 from 'd3';
import { useRef } from 'react';
import type { Snapshot } from '../../lab/experiment.ts';
import { ChartExport } from './ChartExport.tsx';

const CELL = 30;
const LEFT = 84;
const TOP = 22;

export function ConfusionView({ snapshot: s }: { snapshot: Snapshot | null }) {
  const ref = useRef<SVGSVGElement>(null);
  if (!s) {
    return (
      <figure className="chart" data-testid="view-confusion">
        <figcaption className="chart-head">
          <span className="chart-title">Confusion matrix</span>
        </figcaption>
        <div className="empty">
          After each evaluation, a grid of true against predicted classes will show which classes get mixed up.
        </div>
      </figure>
    );
  }
  const k = s.shape[0];
  const labels = s.labels ?? d3.range(k).map(String);
  // Colour by the share of each true class, so rare and common classes read alike.
  const rowSums = d3.range(k).map((r) => d3.sum(d3.range(k), (c) => s.data[r * k + c]));
  const shade = d3.scaleSequential(d3.interpolateBlues).domain([0, 1]);
  const W = LEFT + k * CELL + 8;
  const H = TOP + k * CELL + 30;
  return (
    <figure className="chart" data-testid="view-confusion">
      <figcaption className="chart-head">
        <span className="chart-title">
          Confusion matrix <span className="muted small">(step {s.step}; rows: true, columns: predicted)</span>
        </span>
        <ChartExport svg={ref} file="confusion" />
      </figcaption>
      <svg
        ref={ref}
        viewBox={`0 0 ${W} ${H}`}
        className="chart-svg confusion"
        style={{ maxWidth: W * 1.2 }}
        role="img"
        aria-label={`Confusion matrix of ${k} classes at step ${s.step}`}
      >
        <g fontSize={10} fill="currentColor">
          {labels.map((l, i) => (
            <text key={`c${i}`} x={LEFT + i * CELL + CELL / 2} y={TOP - 6} textAnchor="middle">
              {l.length > 5 ? `${l.slice(0, 4)}…` : l}
            </text>
          ))}
          {labels.map((l, i) => (
            <text key={`r${i}`} x={LEFT - 6} y={TOP + i * CELL + CELL / 2} dy="0.32em" textAnchor="end">
              {l.length > 12 ? `${l.slice(0, 11)}…` : l}
            </text>
          ))}
        </g>
        {d3.range(k).map((r) =>
          d3.range(k).map((c) => {
            const v = s.data[r * k + c];
            const f = rowSums[r] > 0 ? v / rowSums[r] : 0;
            return (
              <g key={`${r}-${c}`} transform={`translate(${LEFT + c * CELL},${TOP + r * CELL})`}>
                <rect width={CELL - 1} height={CELL - 1} fill={shade(f)}>
                  <title>{`true ${labels[r]}, predicted ${labels[c]}: ${v}`}</title>
                </rect>
                {v > 0 && (
                  <text
                    x={CELL / 2}
                    y={CELL / 2}
                    dy="0.32em"
                    textAnchor="middle"
                    fontSize={9}
                    fill={f > 0.5 ? '#fff' : '#1c2128'}
                  >
                    {v}
                  </text>
                )}
              </g>
            );
          }),
        )}
        <text x={LEFT + (k * CELL) / 2} y={H - 8} textAnchor="middle" fontSize={11} fill="currentColor">
          predicted class
        </text>
      </svg>
    </figure>
  );
}
