import * as d3 from 'd3';
import { useId } from 'react';
import { type ColorScaleSpec, colorOf, continuousPosition, interpolator } from './color-scale.ts';

export const LEGEND_HEIGHT = 40;

/** The legend's title: the quantity, its units, and the scale when it is not linear. */
export function legendTitle(spec: ColorScaleSpec): string {
  return `${spec.label}${spec.units ? ` (${spec.units})` : ''}${spec.log ? ' · log scale' : ''}`;
}

/**
 * A horizontal colour bar with ticks in data units, drawn inside an SVG at (x, y), `width` wide,
 * LEGEND_HEIGHT tall. Ticks are placed with the scale's own position(), so the bar and the cells
 * it explains cannot disagree; a stepped scale (levels) is drawn as its bands, in the bands' colours.
 */
export function ColorLegend({ spec, x, y, width }: { spec: ColorScaleSpec; x: number; y: number; width: number }) {
  const id = useId().replace(/:/g, '');
  const f = interpolator(spec);
  const p = continuousPosition(spec);
  // Left to right from low to high values, whichever way the colours run.
  const at = (v: number) => (spec.reverse ? 1 - p(v) : p(v)) * width;
  const [lo, hi] = spec.domain;
  const axis = (spec.log ? d3.scaleLog() : d3.scaleLinear()).domain([lo, hi]);
  const ticks = axis.ticks(Math.max(2, Math.floor(width / 70)));
  const fmt = axis.tickFormat(Math.max(2, Math.floor(width / 70)), spec.log ? '~g' : undefined);
  const stops = d3.range(0, 1.0001, 0.1);
  const barY = 16;
  return (
    <g transform={`translate(${x},${y})`} fontSize={11} fill="currentColor" className="color-legend">
      <defs>
        <linearGradient id={`lg${id}`} x1="0" x2="1" y1="0" y2="0">
          {stops.map((t) => (
            <stop key={t} offset={t} stopColor={f(spec.reverse ? 1 - t : t)} />
          ))}
        </linearGradient>
      </defs>
      <text y={10}>{legendTitle(spec)}</text>
      {spec.levels ? (
        <g className="color-legend-bands">
          {spec.levels.slice(1).map((b, k) => {
            const a = spec.levels![k];
            return (
              <rect
                key={k}
                x={Math.min(at(a), at(b))}
                y={barY}
                width={Math.abs(at(b) - at(a))}
                height={8}
                fill={colorOf(spec)(a)}
                data-from={a}
                data-to={b}
              />
            );
          })}
        </g>
      ) : (
        <rect y={barY} width={width} height={8} fill={`url(#lg${id})`} />
      )}
      {ticks.map((t) => {
        const tx = at(t);
        if (Number.isNaN(tx)) return null;
        const label = fmt(t);
        return (
          <g key={t} transform={`translate(${tx},0)`}>
            <line y1={barY + 8} y2={barY + 11} stroke="currentColor" />
            {label && (
              <text y={barY + 22} textAnchor={tx < 8 ? 'start' : tx > width - 8 ? 'end' : 'middle'}>
                {label}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}
