// Learning curves of random-feature attention against the equally sized random-feature MLP: test
// MSE / Var(y) against the sample size n on log-log axes, one dot per seed, the seed mean as a
// line and the seed range as a band; beside it, each random head's attention over the keys of one
// input. Series follow src/lab/experiments/attention/random-features.ts (`rfa/<model>/s<seed>`).
import * as d3 from 'd3';
import { useRef } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { ChartExport } from '../ChartExport.tsx';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { seriesColor } from '../../charts/series-colors.ts';
import { ATTENTION_SCALE } from './attention-maps.ts';

// Coloured by the model's name, so each model keeps its colour here and on the runs page.
const MODELS = [
  { key: 'attention', label: 'RF attention', color: seriesColor('attention') },
  { key: 'attention-mean', label: 'RF attention, nonzero-mean W', color: seriesColor('nonzero-mean attention') },
  { key: 'mlp', label: 'RF MLP (same feature count)', color: seriesColor('mlp') },
];
const W = 520;
const H = 280;
const M = { top: 14, right: 16, bottom: 38, left: 56 };

interface Curve {
  key: string;
  label: string;
  color: string;
  /** Every seed's points. */
  points: { n: number; v: number; seed: string }[];
  /** Per n: seed mean, min and max. */
  stats: { n: number; mean: number; lo: number; hi: number }[];
}

function curves(metrics: Record<string, Series>): Curve[] {
  return MODELS.flatMap((m) => {
    const prefix = `rfa/${m.key}/s`;
    const points = Object.keys(metrics)
      .filter((k) => k.startsWith(prefix))
      .flatMap((k) => metrics[k].steps.map((n, i) => ({ n, v: metrics[k].values[i], seed: k.slice(prefix.length) })))
      .filter((p) => p.v > 0 && Number.isFinite(p.v));
    if (points.length === 0) return [];
    const stats = d3
      .groups(points, (p) => p.n)
      .map(([n, ps]) => ({
        n,
        mean: d3.mean(ps, (p) => p.v)!,
        lo: d3.min(ps, (p) => p.v)!,
        hi: d3.max(ps, (p) => p.v)!,
      }))
      .sort((a, b) => a.n - b.n);
    return [{ ...m, points, stats }];
  });
}

function LearningCurves({ data }: { data: Curve[] }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const all = data.flatMap((c) => c.points);
  const [n0, n1] = d3.extent(all, (p) => p.n) as [number, number];
  const [v0, v1] = d3.extent(all, (p) => p.v) as [number, number];
  const x = d3
    .scaleLog()
    .domain([n0 / 1.3, n1 * 1.3])
    .range([M.left, W - M.right]);
  const y = d3
    .scaleLog()
    .domain([Math.min(v0, 0.9) / 1.2, Math.max(v1, 1) * 1.2])
    .range([H - M.bottom, M.top]);
  const line = d3
    .line<Curve['stats'][number]>()
    .x((s) => x(s.n))
    .y((s) => y(s.mean));
  const band = d3
    .area<Curve['stats'][number]>()
    .x((s) => x(s.n))
    .y0((s) => y(s.lo))
    .y1((s) => y(s.hi));
  return (
    <figure style={{ margin: 0, width: W, maxWidth: '100%' }}>
      <div className="chart-head">
        <span className="chart-title">Test error vs sample size</span>
        <span className="chart-tools">
          <ChartExport svg={svgRef} file="rfa-learning-curves" />
        </span>
      </div>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${W} ${H}`}
        className="chart-svg"
        role="img"
        aria-label="relative test MSE against the number of training samples, log-log"
        data-testid="rfa-curves"
      >
        <g
          transform={`translate(0,${H - M.bottom})`}
          ref={(g) => void (g && d3.select(g).call(d3.axisBottom(x).ticks(6, '~g')))}
        />
        <g
          transform={`translate(${M.left},0)`}
          ref={(g) => void (g && d3.select(g).call(d3.axisLeft(y).ticks(5, '~g')))}
        />
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" fontSize={11} fill="currentColor">
          training samples n (log)
        </text>
        <text x={12} y={M.top - 2} fontSize={11} fill="currentColor">
          test MSE / Var(y) (log)
        </text>
        {y.domain()[0] < 1 && y.domain()[1] > 1 && (
          <g>
            <line
              x1={M.left}
              x2={W - M.right}
              y1={y(1)}
              y2={y(1)}
              stroke="currentColor"
              strokeOpacity={0.45}
              strokeDasharray="4 3"
            />
            <text x={W - M.right - 4} y={y(1) - 4} textAnchor="end" fontSize={10} fill="currentColor" fillOpacity={0.7}>
              predicting the mean
            </text>
          </g>
        )}
        {data.map((c) => (
          <g key={c.key}>
            <path d={band(c.stats) ?? ''} fill={c.color} opacity={0.15} />
            <path d={line(c.stats) ?? ''} fill="none" stroke={c.color} strokeWidth={2} />
            {c.stats.map((st) => (
              <circle
                key={`m${st.n}`}
                cx={x(st.n)}
                cy={y(st.mean)}
                r={4.5}
                fill="none"
                stroke={c.color}
                strokeWidth={1.5}
                data-testid="rfa-mean"
                data-model={c.key}
                data-n={st.n}
                data-value={st.mean}
              />
            ))}
            {c.points.map((p, i) => (
              <circle key={i} cx={x(p.n)} cy={y(p.v)} r={3} fill={c.color} opacity={0.75} data-testid="rfa-point">
                <title>{`${c.label}, seed ${p.seed}, n = ${p.n}: ${p.v.toFixed(3)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="muted small" style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
        {data.map((c) => (
          <span key={c.key}>
            <span style={{ display: 'inline-block', width: 10, height: 10, marginRight: 4, background: c.color }} />
            {c.label}
          </span>
        ))}
        <span>· dots: seeds, rings and line: seed mean, band: seed range</span>
      </figcaption>
    </figure>
  );
}

/** Rows = heads, columns = keys; each row sums to 1. */
function HeadMaps({ snapshot }: { snapshot: Snapshot }) {
  const [heads, keys] = snapshot.shape;
  return (
    <div style={{ width: 300 }}>
      <Heatmap
        title="Random heads’ attention over the keys"
        file="rfa-heads"
        testId="rfa-heads"
        rows={heads}
        cols={keys}
        data={snapshot.data as Float32Array}
        scale={ATTENTION_SCALE}
        x={{ label: 'key', domain: [0, keys - 1] }}
        y={{ label: 'head', domain: [0, heads - 1] }}
        topDown
        maxSize={240}
        caption="One test input; each row sums to 1. The weights stay at their random draw: only the readout is fitted."
      />
    </div>
  );
}

export function RandomFeaturesView({ run }: { run: RunRecord | null }) {
  const data = curves(run?.metrics ?? {});
  const heads = run?.snapshots['rfa/attention'];
  return (
    <div
      data-testid="view-random-features"
      style={{ gridColumn: '1 / -1', display: 'flex', flexWrap: 'wrap', gap: 24, alignItems: 'flex-start' }}
    >
      {data.length > 0 ? (
        <LearningCurves data={data} />
      ) : (
        <div className="empty">
          Each model adds a point per seed as soon as its ridge readout at a sample size n is fitted: test error
          relative to the target’s variance, on log-log axes.
        </div>
      )}
      {heads && <HeadMaps snapshot={heads} />}
    </div>
  );
}
