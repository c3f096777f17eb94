// Test accuracy of fresh networks trained on each small set alone, as labelled bars: the control
// (random real images) beside the distilled sets, each bar in its series' colour.
import { useRef } from 'react';
import * as d3 from 'd3';
import { ChartExport } from '../ChartExport.tsx';
import { H, M, W, YGrid } from '../pruning/frame.tsx';

export interface Bar {
  key: string;
  label: string;
  value: number;
  color: string;
}

export function AccuracyBars({ title, bars, file }: { title: string; bars: Bar[]; file: string }) {
  const svg = useRef<SVGSVGElement>(null);
  const x = d3
    .scaleBand()
    .domain(bars.map((b) => b.key))
    .range([M.left, W - M.right])
    .padding(0.3);
  const y = d3
    .scaleLinear()
    .domain([0, 100])
    .range([H - M.bottom, M.top]);
  return (
    <figure className="chart" data-testid="accuracy-bars">
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <ChartExport svg={svg} file={file} />
      </figcaption>
      <svg ref={svg} viewBox={`0 0 ${W} ${H}`} className="chart-svg" role="img" aria-label={title}>
        <YGrid y={y} format={(v) => `${v}%`} />
        <text
          x={12}
          y={(H - M.bottom + M.top) / 2}
          fontSize={10}
          fill="currentColor"
          textAnchor="middle"
          transform={`rotate(-90 12 ${(H - M.bottom + M.top) / 2})`}
        >
          test accuracy (%)
        </text>
        {bars.map((b) => (
          <g key={b.key}>
            <rect x={x(b.key)} width={x.bandwidth()} y={y(b.value)} height={y(0) - y(b.value)} fill={b.color}>
              <title>{`${b.label}: ${b.value.toFixed(1)}%`}</title>
            </rect>
            <text
              x={x(b.key)! + x.bandwidth() / 2}
              y={y(b.value) - 4}
              fontSize={11}
              textAnchor="middle"
              fill="currentColor"
            >
              {b.value.toFixed(1)}%
            </text>
            <text
              x={x(b.key)! + x.bandwidth() / 2}
              y={H - M.bottom + 14}
              fontSize={10}
              textAnchor="middle"
              fill="currentColor"
            >
              {b.label}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
