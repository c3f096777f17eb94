import * as d3 from 'd3';
import { useId, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useWidth } from '../charts/use-width.ts';
import { ChartExport } from './ChartExport.tsx';
import { smooth } from './smooth.ts';

export interface Line {
  key: string;
  label: string;
  color: string;
  steps: readonly number[];
  values: readonly number[];
  dashed?: boolean;
  /** Plot against the right-hand axis (a second quantity with its own units; see y2Label). */
  axis?: 'right';
  /** A vertical mark at steps[0] (an event such as "train reached 99%"), drawn top to bottom; it has no value. */
  rule?: boolean;
  /** A shaded range around the line (e.g. min–max over seeds), one lo/hi per step. */
  band?: { lo: readonly number[]; hi: readonly number[] };
}

interface Props {
  title: string;
  lines: Line[];
  yLabel: string;
  /** Allow a log-scale y axis (hidden for accuracies). */
  logToggle?: boolean;
  defaultLog?: boolean;
  empty: string;
  /** Name for exported files. */
  file: string;
  yFormat?: (v: number) => string;
  /** Log-scaled x axis (steps must be > 0), e.g. for grokking curves over decades of steps. */
  logX?: boolean;
  /** x-axis label (default "step"). */
  xLabel?: string;
  /** Label of the right-hand axis, for lines with axis: 'right'; drawn in that series' colour. */
  y2Label?: string;
  y2Format?: (v: number) => string;
  /** false: no smoothing, for curves without noise (full-batch evaluations), where it would only blur the data. */
  smoothing?: boolean;
  /** false: no last value beside each legend entry, where the last point says nothing (a histogram's last bin). */
  lastValue?: boolean;
}

/** Sweeps of a few points get markers and no smoothing: an average over 5 points hides the data. */
const FEW_POINTS = 20;

const H = 220;
const M0 = { top: 10, right: 14, bottom: 34, left: 52 };
const M2 = { ...M0, right: 52 };

type Margins = typeof M0;

function yScale(lines: readonly Line[], logY: boolean, M: Margins) {
  const vals = lines.flatMap((l) =>
    [...l.values, ...(l.band?.lo ?? []), ...(l.band?.hi ?? [])].filter((v) => Number.isFinite(v) && (!logY || v > 0)),
  );
  const [v0, v1] = d3.extent(vals) as [number | undefined, number | undefined];
  const lo = v0 ?? (logY ? 0.01 : 0);
  const hi = v1 === v0 ? lo * 1.1 + 1e-3 : (v1 ?? 1);
  return (logY ? d3.scaleLog() : d3.scaleLinear())
    .domain([lo, hi])
    .range([H - M.bottom, M.top])
    .nice();
}

export function LineChart({
  title,
  lines,
  yLabel,
  logToggle,
  defaultLog = false,
  empty,
  file,
  yFormat,
  logX = false,
  xLabel = 'step',
  y2Label,
  y2Format,
  smoothing = true,
  lastValue = true,
}: Props) {
  const [log, setLog] = useState(defaultLog);
  const [beta, setBeta] = useState(0.6);
  const [hover, setHover] = useState<number | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, W] = useWidth(520);
  const id = useId();
  const hasData = lines.some((l) => l.values.length > 0);
  const logY = logToggle === true && log;

  const few = Math.max(0, ...lines.map((l) => l.values.length)) <= FEW_POINTS;
  const b = few || !smoothing ? 0 : beta;
  const smoothed = useMemo(() => lines.map((l) => smooth(l.values, b)), [lines, b]);
  const right = lines.some((l) => l.axis === 'right');
  const M = right ? M2 : M0;

  const { x, y, y2 } = useMemo(() => {
    const steps = lines.flatMap((l) => [l.steps[0], l.steps[l.steps.length - 1]]).filter((v) => v !== undefined);
    const [s0, s1] = d3.extent(steps) as [number | undefined, number | undefined];
    const x = (logX ? d3.scaleLog() : d3.scaleLinear())
      .domain(
        logX ? [s0 ?? 1, s1 === s0 ? (s0 ?? 1) * 10 : (s1 ?? 10)] : [s0 ?? 0, s1 === s0 ? (s0 ?? 0) + 1 : (s1 ?? 1)],
      )
      .range([M.left, W - M.right]);
    const y = yScale(
      lines.filter((l) => l.axis !== 'right' && !l.rule),
      logY,
      M,
    );
    const y2 = yScale(
      lines.filter((l) => l.axis === 'right'),
      false,
      M,
    );
    return { x, y, y2 };
  }, [lines, logY, logX, W, M]);

  const yOf = (l: Line) => (l.axis === 'right' ? y2 : y);
  const shown = (l: Line, v: number) => Number.isFinite(v) && (l.axis === 'right' || !logY || v > 0);
  const path = (l: Line, values: readonly number[]) =>
    l.rule
      ? `M${x(l.steps[0])},${M.top}V${H - M.bottom}`
      : (d3
          .line<number>()
          .defined((i) => shown(l, values[i]))
          .x((i) => x(l.steps[i]))
          .y((i) => yOf(l)(values[i]))(d3.range(values.length)) ?? '');

  const area = (steps: readonly number[], lo: readonly number[], hi: readonly number[]) =>
    d3
      .area<number>()
      .defined((i) => Number.isFinite(lo[i]) && Number.isFinite(hi[i]) && (!logY || lo[i] > 0))
      .x((i) => x(steps[i]))
      .y0((i) => y(lo[i]))
      .y1((i) => y(hi[i]))(d3.range(lo.length)) ?? '';

  const onMove = (e: MouseEvent<SVGRectElement>) => {
    const svg = svgRef.current;
    if (!svg) return;
    const r = svg.getBoundingClientRect();
    setHover(x.invert(((e.clientX - r.left) / r.width) * W));
  };

  const readout =
    hover === null
      ? []
      : lines.flatMap((l, li) => {
          if (l.steps.length === 0 || l.rule) return [];
          const i = Math.min(l.steps.length - 1, d3.bisectCenter(l.steps as number[], hover));
          return [{ l, step: l.steps[i], raw: l.values[i], smooth: smoothed[li][i] }];
        });
  const fmt =
    yFormat ??
    ((v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(4)));

  return (
    <figure className="chart" aria-labelledby={`${id}-t`} ref={boxRef}>
      <figcaption className="chart-head">
        <span id={`${id}-t`} className="chart-title">
          {title}
        </span>
        {hasData && (
          <span className="chart-tools">
            {logToggle && (
              <label>
                <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log scale
              </label>
            )}
            {!few && smoothing && (
              <label title="Smoothing: a zero-phase exponential moving average that does not shift the curve; raw points stay faint behind">
                smooth
                <input
                  type="range"
                  min={0}
                  max={0.95}
                  step={0.05}
                  value={beta}
                  onChange={(e) => setBeta(Number(e.target.value))}
                  aria-label={`Smoothing of ${title}`}
                />
              </label>
            )}
            <ChartExport svg={svgRef} file={file} />
          </span>
        )}
      </figcaption>
      {!hasData ? (
        <div className="empty">{empty}</div>
      ) : (
        <>
          <svg
            ref={svgRef}
            viewBox={`0 0 ${W} ${H}`}
            className="chart-svg"
            role="img"
            aria-label={`${title}: ${lines.map((l) => l.label).join(', ')}`}
          >
            <Axes
              x={x}
              y={y}
              yLabel={yLabel}
              xLabel={xLabel}
              logX={logX}
              logY={logY}
              W={W}
              M={M}
              integerX={lines.every((l) => l.steps.every(Number.isInteger))}
              yFormat={yFormat}
            />
            {right && (
              <RightAxis
                y={y2}
                label={y2Label ?? ''}
                color={lines.find((l) => l.axis === 'right')!.color}
                W={W}
                M={M}
                format={y2Format}
              />
            )}
            {lines.map((l, li) => (
              <g key={l.key}>
                {l.band && <path d={area(l.steps, l.band.lo, l.band.hi)} fill={l.color} fillOpacity={0.18} />}
                <path
                  d={path(l, l.values)}
                  fill="none"
                  stroke={l.color}
                  strokeOpacity={b > 0 ? 0.22 : 1}
                  strokeWidth={1.2}
                  strokeDasharray={l.dashed ? '4 3' : undefined}
                />
                {b > 0 && (
                  <path
                    d={path(l, smoothed[li])}
                    fill="none"
                    stroke={l.color}
                    strokeWidth={2}
                    strokeDasharray={l.dashed ? '6 3' : undefined}
                  />
                )}
                {/* Markers on a series of few points, even beside a long one (e.g. test evaluations next to training steps). */}
                {l.values.length <= FEW_POINTS &&
                  !l.rule &&
                  l.values.map((v, i) =>
                    shown(l, v) ? (
                      <circle
                        key={i}
                        cx={x(l.steps[i])}
                        cy={yOf(l)(v)}
                        r={3}
                        fill={l.dashed ? 'none' : l.color}
                        stroke={l.color}
                        strokeWidth={1.5}
                      />
                    ) : null,
                  )}
              </g>
            ))}
            {hover !== null && (
              <line
                x1={x(hover)}
                x2={x(hover)}
                y1={M.top}
                y2={H - M.bottom}
                stroke="currentColor"
                strokeOpacity={0.35}
              />
            )}
            <rect
              x={M.left}
              y={M.top}
              width={W - M.left - M.right}
              height={H - M.top - M.bottom}
              fill="transparent"
              onMouseMove={onMove}
              onMouseLeave={() => setHover(null)}
            />
          </svg>
          <div className="legend" aria-live="off">
            {lines.map((l) => {
              const r = readout.find((o) => o.l === l);
              const last = l.rule ? -1 : l.values.length - 1;
              return (
                <span
                  key={l.key}
                  className="legend-item"
                  data-series={l.key}
                  data-last={last >= 0 ? l.values[last] : undefined}
                >
                  <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
                  {l.label}
                  {r ? (
                    <span className="num">
                      {' '}
                      {xLabel} {r.step}: {b > 0 ? `${fmt(r.smooth)} (raw ${fmt(r.raw)})` : fmt(r.raw)}
                    </span>
                  ) : last >= 0 && lastValue ? (
                    <span className="num"> {fmt(l.values[last])}</span>
                  ) : null}
                </span>
              );
            })}
          </div>
        </>
      )}
    </figure>
  );
}

interface AxesProps {
  x: d3.ScaleContinuousNumeric<number, number>;
  y: d3.ScaleContinuousNumeric<number, number>;
  yLabel: string;
  xLabel: string;
  logX: boolean;
  logY: boolean;
  W: number;
  M: Margins;
  /** Every x is a whole number (steps, rounds): no ticks between them. */
  integerX: boolean;
  yFormat?: (v: number) => string;
}

function Axes({ x, y, yLabel, xLabel, logX, logY, W, M, integerX, yFormat }: AxesProps) {
  const xt = x.ticks(Math.max(2, Math.floor(W / 80))).filter((t) => !integerX || Number.isInteger(t));
  // SI prefixes shorten step counts (10k) but would turn fractions such as L/n = 0.05 into "50m".
  const si = Math.max(...x.domain().map(Math.abs)) >= 1000;
  const xf = logX ? x.tickFormat(Math.max(2, Math.floor(W / 80)), si ? '~s' : '~g') : d3.format(si ? '~s' : '~g');
  // A log axis gets gridlines at every tick but labels only where d3 finds room for them.
  const yt = y.ticks(5);
  const yf = logY ? y.tickFormat(5, '~g') : (yFormat ?? y.tickFormat(5));
  return (
    <g fontSize={11} fill="currentColor">
      {yt.map((t) => (
        <g key={`y${t}`} transform={`translate(0,${y(t)})`}>
          <line x1={M.left} x2={W - M.right} stroke="currentColor" strokeOpacity={yf(t) === '' ? 0.05 : 0.12} />
          <text x={M.left - 6} dy="0.32em" textAnchor="end">
            {yf(t)}
          </text>
        </g>
      ))}
      {xt.map((t) => (
        <g key={`x${t}`} transform={`translate(${x(t)},0)`}>
          <line y1={H - M.bottom} y2={H - M.bottom + 4} stroke="currentColor" />
          <text y={H - M.bottom + 16} textAnchor="middle">
            {xf(t)}
          </text>
        </g>
      ))}
      <line
        x1={M.left}
        x2={W - M.right}
        y1={H - M.bottom}
        y2={H - M.bottom}
        stroke="currentColor"
        strokeOpacity={0.5}
      />
      <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
        {xLabel}
      </text>
      <text transform={`translate(12,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
        {yLabel}
      </text>
    </g>
  );
}

/** A second quantity's axis on the right, in its series' colour so it cannot be read against the left one. */
function RightAxis({
  y,
  label,
  color,
  W,
  M,
  format,
}: {
  y: d3.ScaleContinuousNumeric<number, number>;
  label: string;
  color: string;
  W: number;
  M: Margins;
  format?: (v: number) => string;
}) {
  const f = format ?? y.tickFormat(5);
  return (
    <g fontSize={11} fill={color}>
      <line x1={W - M.right} x2={W - M.right} y1={M.top} y2={H - M.bottom} stroke={color} strokeOpacity={0.6} />
      {y.ticks(5).map((t) => (
        <g key={t} transform={`translate(${W - M.right},${y(t)})`}>
          <line x2={4} stroke={color} />
          <text x={6} dy="0.32em">
            {f(t)}
          </text>
        </g>
      ))}
      <text transform={`translate(${W - 8},${(M.top + H - M.bottom) / 2}) rotate(90)`} textAnchor="middle">
        {label}
      </text>
    </g>
  );
}
