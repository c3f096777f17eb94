// An arm's metric (accuracy, early-stop step) against the fraction of weights remaining at each
// IMP round, log x: the mean over seeds as a line, their range as a band.
import { useRef } from 'react';
import * as d3 from 'd3';
import type { Series } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { ChartExport } from '../ChartExport.tsx';
import { pct } from './format.ts';
import { H, M, W, YGrid } from './frame.tsx';

/**
 * `prefix/<arm>/<rep>` series at step = round, drawn against the fraction of weights remaining
 * at that round (log x): the mean over reps as a line, their range as a band.
 */
export function VsRemaining({
  m,
  prefix,
  title,
  yLabel,
  yFormat,
  round,
  testid,
}: {
  m: Record<string, Series>;
  prefix: string;
  title: string;
  yLabel: string;
  yFormat: (v: number) => string;
  round: number;
  testid: string;
}) {
  const svg = useRef<SVGSVGElement>(null);
  const rem = m.remaining;
  const arms = new Map<string, Series[]>();
  for (const k of Object.keys(m)) {
    if (!k.startsWith(`${prefix}/`)) continue;
    const arm = k.split('/')[1];
    arms.set(arm, [...(arms.get(arm) ?? []), m[k]]);
  }
  if (!rem || arms.size === 0) return null;
  const remAt = new Map(rem.steps.map((s, i) => [s, rem.values[i]]));
  const curves = [...arms.entries()].map(([arm, reps]) => {
    const rounds = [...new Set(reps.flatMap((r) => r.steps))].filter((r) => remAt.has(r)).sort((a, b) => a - b);
    const pts = rounds.map((r) => {
      const vs = reps.flatMap((s) => s.steps.flatMap((st, i) => (st === r ? [s.values[i]] : [])));
      return { x: remAt.get(r)!, mean: d3.mean(vs)!, lo: d3.min(vs)!, hi: d3.max(vs)!, n: vs.length };
    });
    return { arm, pts, color: seriesColor(arm) };
  });
  const all = curves.flatMap((c) => c.pts);
  const x = d3
    .scaleLog()
    .domain(d3.extent(all, (p) => p.x) as [number, number])
    .range([W - M.right, M.left])
    .nice();
  if (x.domain()[0] === x.domain()[1]) x.domain([x.domain()[0] / 2, 1]);
  const [lo, hi] = [d3.min(all, (p) => p.lo)!, d3.max(all, (p) => p.hi)!];
  // A flat curve (e.g. every run stopping at its last evaluation) still gets a readable axis.
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.1 || 1;
  const y = d3
    .scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([H - M.bottom, M.top]);
  const line = d3
    .line<{ x: number; mean: number }>()
    .x((p) => x(p.x))
    .y((p) => y(p.mean));
  const band = d3
    .area<{ x: number; lo: number; hi: number }>()
    .x((p) => x(p.x))
    .y0((p) => y(p.lo))
    .y1((p) => y(p.hi));
  const cur = remAt.get(round);
  return (
    <figure className="chart" data-testid={testid} aria-label={title}>
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="legend">
          {curves.map((c) => (
            <span key={c.arm} className="legend-item" data-series={c.arm} data-last={c.pts[c.pts.length - 1]?.mean}>
              <span className="swatch" style={{ background: c.color }} /> {c.arm}
            </span>
          ))}
        </span>
        <ChartExport svg={svg} file={testid} />
      </figcaption>
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        className="chart-svg"
        role="img"
        aria-label={`${title} against the fraction of weights remaining (log scale)`}
      >
        <YGrid y={y} format={yFormat} />
        {[...new Set(all.map((p) => p.x))].map((t) => (
          <text key={t} x={x(t)} y={H - M.bottom + 14} fontSize={10} textAnchor="middle" fill="currentColor">
            {pct(t)}
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} fontSize={10} textAnchor="middle" fill="currentColor">
          weights remaining (log)
        </text>
        <text
          transform={`translate(11 ${(M.top + H - M.bottom) / 2}) rotate(-90)`}
          fontSize={10}
          textAnchor="middle"
          fill="currentColor"
        >
          {yLabel}
        </text>
        {cur !== undefined && (
          <line
            x1={x(cur)}
            x2={x(cur)}
            y1={M.top}
            y2={H - M.bottom}
            stroke="currentColor"
            strokeOpacity={0.4}
            strokeDasharray="3 3"
          />
        )}
        {curves.map((c) => (
          <g key={c.arm}>
            {c.pts.some((p) => p.n > 1) && <path d={band(c.pts) ?? ''} fill={c.color} fillOpacity={0.18} />}
            <path d={line(c.pts) ?? ''} fill="none" stroke={c.color} strokeWidth={2} />
            {c.pts.map((p) => (
              <circle key={p.x} cx={x(p.x)} cy={y(p.mean)} r={2.5} fill={c.color} />
            ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}
