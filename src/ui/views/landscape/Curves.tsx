// 1-D landscape curves (loss and error along a straight line, barrier marked), the matrix of
// barriers between runs, and the intrinsic-dimension curve (accuracy against d on a log axis).
import * as d3 from 'd3';
import { type ReactNode, useId, useRef, useState } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import { ChartExport } from '../ChartExport.tsx';
import { seriesColor } from '../../charts/series-colors.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { type ColorScaleSpec, position } from '../../charts/color-scale.ts';

const W = 380;
const H = 250;
const M = { top: 12, right: 50, bottom: 36, left: 54 };

/** A chart frame of the shared vocabulary: title, tools, SVG/PNG export, theme-coloured text, a caption. */
function CurveFigure({
  title,
  file,
  testId,
  label,
  caption,
  tools,
  data,
  children,
}: {
  title: string;
  file: string;
  testId: string;
  label: string;
  caption?: ReactNode;
  tools?: ReactNode;
  /** data-* attributes with the numbers the figure shows, for tests and readers of the DOM. */
  data?: Record<`data-${string}`, string | number | undefined>;
  children: ReactNode;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const id = useId();
  return (
    <figure className="chart" aria-labelledby={`${id}-t`} data-testid={testId} {...data}>
      <figcaption className="chart-head">
        <span id={`${id}-t`} className="chart-title">
          {title}
        </span>
        <span className="chart-tools">
          {tools}
          <ChartExport svg={svgRef} file={file} />
        </span>
      </figcaption>
      <svg ref={svgRef} viewBox={`0 0 ${W} ${H}`} className="chart-svg" role="img" aria-label={label}>
        <g fontSize={11} fill="currentColor">
          {children}
        </g>
      </svg>
      {caption && <div className="chart-caption small muted">{caption}</div>}
    </figure>
  );
}

function Axes({
  x,
  y,
  xLabel,
  yLabel,
  yColor,
  yFormat,
}: {
  x: d3.AxisScale<number>;
  y: d3.AxisScale<number>;
  xLabel: string;
  yLabel: string;
  yColor?: string;
  yFormat?: string;
}) {
  return (
    <>
      <g
        transform={`translate(0,${H - M.bottom})`}
        ref={(g) => void (g && d3.select(g).call(d3.axisBottom(x).ticks(6, '~g')))}
      />
      <g
        transform={`translate(${M.left},0)`}
        color={yColor}
        ref={(g) => void (g && d3.select(g).call(d3.axisLeft(y).ticks(5, yFormat)))}
      />
      <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
        {xLabel}
      </text>
      <text
        transform={`translate(12,${(M.top + H - M.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
        fill={yColor ?? 'currentColor'}
      >
        {yLabel}
      </text>
    </>
  );
}

/** Barrier of a path sampled at α = 0 … 1: the largest rise above the chord between its ends (as in src/lab/landscape.ts). */
function peak(v: number[]): { at: number; height: number; chord: number } {
  const n = v.length;
  const chordAt = (i: number) => v[0] + ((v[n - 1] - v[0]) * i) / Math.max(1, n - 1);
  let at = 0;
  v.forEach((x, i) => {
    if (x - chordAt(i) > v[at] - chordAt(at)) at = i;
  });
  return { at, height: Math.max(0, v[at] - chordAt(at)), chord: chordAt(at) };
}

const LOSS = seriesColor('loss');
const ERROR = seriesColor('error');

export function LineView({ snapshots }: { snapshots: Snapshot[] }) {
  const [pick, setPick] = useState(0);
  const snap = snapshots[Math.min(pick, snapshots.length - 1)];
  if (!snap)
    return (
      <div className="empty" data-testid="view-landscape-line">
        Loss and error along straight lines between weights (with the barrier marked) appear here once the weights at
        both ends are trained.
      </div>
    );
  const n = snap.shape[1];
  const d = Array.from(snap.data as Float32Array);
  const alpha = d.slice(0, n);
  const loss = d.slice(n, 2 * n);
  const error = d.slice(2 * n);
  const x = d3
    .scaleLinear()
    .domain(d3.extent(alpha) as [number, number])
    .range([M.left, W - M.right]);
  const yl = d3
    .scaleLinear()
    .domain([0, Math.max(...loss) * 1.05 || 1])
    .range([H - M.bottom, M.top]);
  const ye = d3
    .scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const lineOf = (ys: number[], s: d3.ScaleLinear<number, number>) =>
    d3
      .line<number>()
      .x((_, i) => x(alpha[i]))
      .y((v) => s(v))(ys) ?? '';
  // The barrier is measured between the path's ends at α = 0 and 1 (the 1-D init→trained line extends beyond them).
  const i0 = alpha.findIndex((a) => Math.abs(a) < 1e-6);
  const i1 = alpha.findIndex((a) => Math.abs(a - 1) < 1e-6);
  const inner = i0 >= 0 && i1 > i0 ? [i0, i1] : [0, n - 1];
  const seg = error.slice(inner[0], inner[1] + 1);
  const b = peak(seg);
  const at = inner[0] + b.at;
  const title = snap.labels?.[0] ?? snap.name;
  return (
    <div data-testid="view-landscape-line">
      <CurveFigure
        title="Loss and error along a line in weight space"
        file={`landscape-line-${pick + 1}`}
        testId="landscape-line-chart"
        label={`Loss and error along ${title}`}
        data={{ 'data-barrier': 100 * b.height }}
        tools={
          snapshots.length > 1 && (
            <select value={pick} onChange={(e) => setPick(Number(e.target.value))} aria-label="Line">
              {snapshots.map((s, i) => (
                <option key={s.name} value={i}>
                  {s.labels?.[0] ?? s.name}
                </option>
              ))}
            </select>
          )
        }
        caption={`θ(α) = (1 − α)·θ_A + α·θ_B for ${title}. Error barrier: the largest rise of the error above the dotted chord between α = 0 and 1.`}
      >
        <Axes x={x} y={yl} xLabel={`α (${title})`} yLabel="loss (nats)" yColor={LOSS} />
        <g
          transform={`translate(${W - M.right},0)`}
          color={ERROR}
          ref={(g) => void (g && d3.select(g).call(d3.axisRight(ye).ticks(5, '.0%')))}
        />
        <text
          transform={`translate(${W - 8},${(M.top + H - M.bottom) / 2}) rotate(90)`}
          textAnchor="middle"
          fill={ERROR}
        >
          error (% of examples, dashed)
        </text>
        <path d={lineOf(loss, yl)} fill="none" stroke={LOSS} strokeWidth={2} />
        <path d={lineOf(error, ye)} fill="none" stroke={ERROR} strokeWidth={2} strokeDasharray="5 3" />
        <line
          x1={x(alpha[inner[0]])}
          x2={x(alpha[inner[1]])}
          y1={ye(seg[0])}
          y2={ye(seg[seg.length - 1])}
          stroke="currentColor"
          strokeOpacity={0.5}
          strokeDasharray="2 2"
        />
        <line
          x1={x(alpha[at])}
          x2={x(alpha[at])}
          y1={ye(b.chord)}
          y2={ye(error[at])}
          stroke={ERROR}
          strokeWidth={2}
          data-testid="barrier-marker"
        />
        <text x={x(alpha[at]) + 4} y={ye(error[at]) - 4} fill={ERROR}>
          error barrier {(100 * b.height).toFixed(1)} pt
        </text>
      </CurveFigure>
    </div>
  );
}

/** Mean barrier between the runs of each group ("k=20 #1", "k=20 #2" → "k=20"), in percentage points. */
function withinGroups(names: readonly string[], pts: number[]): Record<string, number> {
  const group = (i: number) => names[i].split(' #')[0];
  const sums: Record<string, { s: number; c: number }> = {};
  const n = names.length;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (group(i) === group(j)) {
        const g = (sums[group(i)] ??= { s: 0, c: 0 });
        g.s += pts[i * n + j];
        g.c++;
      }
  return Object.fromEntries(Object.entries(sums).map(([g, { s, c }]) => [g, s / c]));
}

export function BarrierMatrix({ snapshot }: { snapshot: Snapshot | null }) {
  if (!snapshot)
    return (
      <div className="empty" data-testid="view-landscape-barriers">
        The matrix of error barriers between every pair of runs appears here once they are trained.
      </div>
    );
  const n = snapshot.shape[0];
  // Percentage points; the diagonal (a run with itself) has no barrier to show.
  const pts = Array.from(snapshot.data as Float32Array, (v, k) => (k % (n + 1) === 0 ? NaN : 100 * v));
  const names = snapshot.labels ?? Array.from({ length: n }, (_, i) => `run ${i + 1}`);
  const scale: ColorScaleSpec = {
    scheme: 'orrd',
    // At least 5 points wide, so that a matrix of near-zero barriers is not painted as if they were large.
    domain: [0, Math.max(5, ...pts.filter(Number.isFinite))],
    label: 'error barrier',
    units: 'percentage points',
  };
  const at = position(scale);
  const axis = (label: string) => ({ label, domain: [0, n - 1] as const, names });
  return (
    <div data-testid="view-landscape-barriers" data-within={JSON.stringify(withinGroups(names, pts))}>
      <Heatmap
        title="Error barriers between runs"
        file="lmc-barriers"
        testId="barrier-matrix"
        rows={n}
        cols={n}
        data={pts}
        scale={scale}
        x={axis('run')}
        y={axis('run')}
        topDown
        maxSize={360}
        overlay={({ x, y }) => (
          <g fontSize={11} textAnchor="middle">
            {pts.map((v, k) =>
              Number.isFinite(v) ? (
                // Dark text on the light end of the scale, white on the dark end: the cell, not the theme, is behind it.
                <text key={k} x={x(k % n)} y={y(Math.floor(k / n))} dy="0.32em" fill={at(v) > 0.6 ? '#fff' : '#222'}>
                  {v.toFixed(1)}
                </text>
              ) : null,
            )}
          </g>
        )}
        caption="The largest rise of the error above the straight chord between two runs' errors, on the line between their weights (error on the landscape examples, drawn from the training subset). Grey diagonal: a run with itself."
      />
    </div>
  );
}

export function IntrinsicView({ snapshot }: { snapshot: Snapshot | null }) {
  if (!snapshot)
    return (
      <div className="empty" data-testid="view-landscape-intrinsic">
        Test accuracy against the subspace size d appears here after the dense baseline and the first subspace run.
      </div>
    );
  const n = snapshot.shape[1];
  const d = Array.from(snapshot.data as Float32Array);
  const dims = d.slice(0, n);
  const acc = d.slice(n, 2 * n);
  const dense = Number(snapshot.labels?.[0] ?? NaN);
  const target = 0.9 * dense;
  const hit = dims.find((_, i) => acc[i] >= target);
  const x = d3
    .scaleLog()
    .domain([Math.min(...dims) / 1.5, Math.max(...dims) * 1.5])
    .range([M.left, W - M.right]);
  const y = d3
    .scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const path =
    d3
      .line<number>()
      .x((_, i) => x(dims[i]))
      .y((v) => y(v))(acc) ?? '';
  const subspace = seriesColor('subspace');
  return (
    <div data-testid="view-landscape-intrinsic">
      <CurveFigure
        title="Intrinsic dimension"
        file="intrinsic-dimension"
        testId="intrinsic-chart"
        label="test accuracy against subspace dimension"
        data={{ 'data-dense': dense, 'data-dint90': hit, 'data-accuracies': JSON.stringify(acc) }}
        caption={
          <span data-testid="dint90">
            d<sub>int90</sub> ={' '}
            {hit !== undefined
              ? `${hit} (the smallest d in the sweep reaching 90% of the dense accuracy)`
              : 'not reached in this sweep'}
          </span>
        }
      >
        <Axes
          x={x}
          y={y}
          xLabel="subspace dimension d (parameters trained, log scale)"
          yLabel="test accuracy (%)"
          yFormat=".0%"
        />
        {Number.isFinite(dense) && (
          <>
            <line x1={M.left} x2={W - M.right} y1={y(dense)} y2={y(dense)} stroke="currentColor" strokeOpacity={0.6} />
            <text x={W - M.right - 4} y={y(dense) - 4} textAnchor="end">
              dense {(100 * dense).toFixed(1)}%
            </text>
            <line x1={M.left} x2={W - M.right} y1={y(target)} y2={y(target)} stroke="#e4572e" strokeDasharray="5 3" />
            <text x={W - M.right - 4} y={y(target) + 13} textAnchor="end" fill="#e4572e">
              90% of dense
            </text>
          </>
        )}
        <path d={path} fill="none" stroke={subspace} strokeWidth={2} />
        {dims.map((v, i) => (
          <circle key={v} cx={x(v)} cy={y(acc[i])} r={3.5} fill={subspace}>
            <title>{`d = ${v}: ${(100 * acc[i]).toFixed(1)}%`}</title>
          </circle>
        ))}
        {hit !== undefined && (
          <line x1={x(hit)} x2={x(hit)} y1={y(0)} y2={y(target)} stroke="#e4572e" strokeWidth={2} />
        )}
      </CurveFigure>
    </div>
  );
}
