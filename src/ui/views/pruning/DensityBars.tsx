// Density per layer of each pruning method (`density/<method>/<layer>`) as grouped bars, with a
// warning when IMP all but empties a layer.
import { useRef } from 'react';
import * as d3 from 'd3';
import type { Series } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { ChartExport } from '../ChartExport.tsx';
import { pct } from './format.ts';
import { H, M, W, YGrid } from './frame.tsx';

/** Below this density a layer found by IMP is flagged: it may cut the signal (layer collapse). */
const THIN_LAYER = 0.01;

/** Per-layer densities at `step` for each method (`density/<method>/<layer>`), as grouped bars. */
export function DensityBars({ m, step }: { m: Record<string, Series>; step: number }) {
  const svg = useRef<SVGSVGElement>(null);
  const entries = Object.keys(m)
    .filter((k) => k.startsWith('density/'))
    .map((k) => {
      const [, method, layer] = k.split('/');
      const s = m[k];
      const i = s.steps.lastIndexOf(step);
      return { method, layer, value: i >= 0 ? s.values[i] : s.values[s.values.length - 1] };
    });
  if (entries.length === 0) return null;
  // Forward order, as the engine sent them.
  const layers = [...new Set(entries.map((e) => e.layer))];
  // Past 8 layers (a ResNet has 22) full names collide: short names, slanted.
  const many = layers.length > 8;
  const label = (l: string) => {
    const name = l.replace('.weight', '');
    return many ? name.replace('layer', 'L').replace('shortcut.conv', 'sc').replace(/conv/g, 'c') : name;
  };
  const methods = [...new Set(entries.map((e) => e.method))];
  const thin = entries.filter((e) => e.method === 'IMP' && e.value < THIN_LAYER);
  const x = d3
    .scaleBand()
    .domain(layers)
    .range([M.left, W - M.right])
    .padding(0.2);
  const xi = d3.scaleBand().domain(methods).range([0, x.bandwidth()]).padding(0.05);
  const y = d3
    .scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  return (
    <figure className="chart" data-testid="density-bars">
      <figcaption className="chart-head">
        <span className="chart-title">Density per layer</span>
        <span className="legend">
          {methods.map((k) => (
            <span key={k} className="legend-item">
              <span className="swatch" style={{ background: seriesColor(k) }} /> {k}
            </span>
          ))}
        </span>
        <ChartExport svg={svg} file="density-per-layer" />
      </figcaption>
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        className="chart-svg"
        role="img"
        aria-label={`density per layer: ${methods.join(', ')}`}
      >
        <YGrid y={y} format={pct} />
        {entries.map((e) => (
          <rect
            key={`${e.method}/${e.layer}`}
            x={x(e.layer)! + xi(e.method)!}
            width={xi.bandwidth()}
            y={y(e.value)}
            height={y(0) - y(e.value)}
            fill={seriesColor(e.method)}
          >
            <title>{`${e.layer} ${e.method}: ${pct(e.value)}`}</title>
          </rect>
        ))}
        {layers.map((l) => {
          const [lx, ly] = [x(l)! + x.bandwidth() / 2, H - M.bottom + (many ? 8 : 14)];
          return (
            <text
              key={l}
              x={lx}
              y={ly}
              fontSize={many ? 8 : 10}
              textAnchor={many ? 'end' : 'middle'}
              transform={many ? `rotate(-50 ${lx} ${ly})` : undefined}
              fill="currentColor"
            >
              <title>{l}</title>
              {label(l)}
            </text>
          );
        })}
      </svg>
      {thin.length > 0 && (
        <p className="muted small" data-testid="thin-layers">
          IMP keeps {thin.map((e) => `${(100 * e.value).toPrecision(2)}% of ${label(e.layer)}`).join(', ')}. Magnitude
          pruning can all but empty a layer whose weights are small (under global pruning a wide input layer starts with
          the smallest), and a layer left nearly empty can stop the whole net from training (layer collapse).
        </p>
      )}
    </figure>
  );
}
