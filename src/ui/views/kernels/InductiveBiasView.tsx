// Bits of inductive bias (src/lab/experiments/kernels/inductive-bias.ts): one panel per data set and
// hypothesis space with the histogram of the sampled hypotheses' relative test errors, the fitted
// scaled χ² density over it and the target ε marked, each annotated with its bits; beside it, the
// bits as the hypotheses accumulate. Everything is read from the run (snapshots and metrics), so
// the step scrubber replays it.
import * as d3 from 'd3';
import { useId, useRef } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { useWidth } from '../../charts/use-width.ts';
import { ChartExport } from '../ChartExport.tsx';
import { LineChart, type Line } from '../LineChart.tsx';

const BINS = 32;
/** Each panel: a label row, then the histogram. */
const LABEL = 16;
const PANEL = 56;
const GAP = 8;
const M = { top: 20, right: 14, bottom: 34, left: 14 };
const SETS: Record<string, string> = {
  mnist: 'MNIST',
  cifar10: 'CIFAR-10',
  'mnist-shuffled': 'MNIST (shuffled labels)',
};
const SPACES: Record<string, string> = { mlp: 'MLP', cnn: 'ConvNet', 'random-features': 'random features' };

/** "cifar10/mlp" → "CIFAR-10 · MLP": the name shown, and the one its colour is keyed by. */
function labelOf(series: string): string {
  const [set, space] = series.split('/');
  return `${SETS[set] ?? set} · ${SPACES[space] ?? space}`;
}

interface Panel {
  name: string;
  label: string;
  errors: number[];
  tailX: ArrayLike<number>;
  tail: ArrayLike<number>;
  bits: number | undefined;
}

const snapshotOf = (run: RunRecord | null, name: string): Snapshot | undefined =>
  run ? Object.values(run.snapshots).find((s) => s.name === name) : undefined;

function panelsOf(run: RunRecord | null): Panel[] {
  const errors = snapshotOf(run, 'ib/errors');
  const tail = snapshotOf(run, 'ib/tail');
  if (!run || !errors?.labels) return [];
  const [rows, cols] = errors.shape;
  const points = tail ? tail.shape[1] : 0;
  return errors.labels.slice(0, rows).map((name, i) => {
    const bits = run.metrics[`bits/${name}`]?.values;
    return {
      name,
      label: labelOf(name),
      errors: Array.from(errors.data.subarray(i * cols, (i + 1) * cols)).filter(Number.isFinite),
      tailX: tail ? tail.data.subarray(0, points) : [],
      tail: tail ? tail.data.subarray((i + 1) * points, (i + 2) * points) : [],
      bits: bits?.length ? bits[bits.length - 1] : undefined,
    };
  });
}

const fmtBits = (b: number | undefined) => (b === undefined ? '–' : b >= 100 ? b.toFixed(0) : b.toPrecision(3));

function Histograms({ panels, target }: { panels: Panel[]; target: number }) {
  const [boxRef, W] = useWidth(640);
  const svgRef = useRef<SVGSVGElement>(null);
  const id = useId();
  const sampled = panels.filter((p) => p.errors.length > 0);
  const all = sampled.flatMap((p) => p.errors);
  const [lo, hi] = d3.extent([...all, target]) as [number, number];
  const pad = 0.03 * (hi - lo || 1);
  const x = d3
    .scaleLinear()
    .domain([Math.max(0, lo - pad), hi + pad])
    .range([M.left, W - M.right]);
  const edges = d3.range(BINS + 1).map((i) => x.domain()[0] + ((x.domain()[1] - x.domain()[0]) * i) / BINS);
  const width = edges[1] - edges[0];
  const H = M.top + sampled.length * (LABEL + PANEL + GAP) - GAP + M.bottom;
  return (
    <figure className="chart" aria-labelledby={`${id}-t`} ref={boxRef}>
      <figcaption className="chart-head">
        <span id={`${id}-t`} className="chart-title">
          Test errors of sampled hypotheses, fitted tail and bits to reach ε
        </span>
        {sampled.length > 0 && (
          <span className="chart-tools">
            <ChartExport svg={svgRef} file="inductive-bias-errors" />
          </span>
        )}
      </figcaption>
      {sampled.length === 0 ? (
        <div className="empty">The error histograms appear after the first batch of hypotheses is trained.</div>
      ) : (
        <svg
          ref={svgRef}
          viewBox={`0 0 ${W} ${H}`}
          className="chart-svg"
          role="img"
          aria-label={`Relative test error histograms with fitted χ² densities and the target ε = ${target}`}
          data-testid="ib-histograms"
          data-target={target}
        >
          <g fontSize={11} fill="currentColor">
            {sampled.map((p, i) => {
              const head = M.top + i * (LABEL + PANEL + GAP);
              const top = head + LABEL;
              const counts = edges
                .slice(0, -1)
                .map(
                  (e, b) =>
                    p.errors.filter((v) => v >= e && (v < e + width || (b === BINS - 1 && v <= e + width))).length,
                );
              const density = counts.map((c) => c / (p.errors.length * width));
              const curve: [number, number][] = [];
              for (let k = 0; k < p.tailX.length; k++)
                if (p.tailX[k] >= x.domain()[0] && p.tailX[k] <= x.domain()[1] && Number.isFinite(p.tail[k]))
                  curve.push([p.tailX[k], p.tail[k]]);
              const yMax = Math.max(...density, ...curve.map((c) => c[1]), 1e-9);
              const y = d3
                .scaleLinear()
                .domain([0, yMax])
                .range([top + PANEL, top]);
              const color = seriesColor(p.label);
              const mean = d3.mean(p.errors) ?? NaN;
              return (
                <g
                  key={p.name}
                  data-series={p.name}
                  data-bits={p.bits}
                  data-count={p.errors.length}
                  data-binned={d3.sum(counts)}
                  data-mean={mean}
                >
                  <line
                    x1={M.left}
                    x2={W - M.right}
                    y1={top + PANEL}
                    y2={top + PANEL}
                    stroke="currentColor"
                    strokeOpacity={0.4}
                  />
                  {/* The well-generalizing region, error ≤ ε, whose probability the bits measure. */}
                  <rect
                    x={M.left}
                    width={Math.max(0, x(target) - M.left)}
                    y={top}
                    height={PANEL}
                    fill="currentColor"
                    fillOpacity={0.06}
                  />
                  <line
                    x1={x(target)}
                    x2={x(target)}
                    y1={top}
                    y2={top + PANEL}
                    stroke="currentColor"
                    strokeDasharray="4 3"
                    strokeOpacity={0.8}
                  />
                  {density.map((d, b) => (
                    <rect
                      key={b}
                      x={x(edges[b]) + 0.5}
                      width={Math.max(0, x(edges[b + 1]) - x(edges[b]) - 1)}
                      y={y(d)}
                      height={top + PANEL - y(d)}
                      fill={color}
                      fillOpacity={0.45}
                    />
                  ))}
                  <path
                    d={
                      d3
                        .line<[number, number]>()
                        .x((c) => x(c[0]))
                        .y((c) => y(Math.min(c[1], yMax)))(curve) ?? ''
                    }
                    fill="none"
                    stroke={color}
                    strokeWidth={2}
                  />
                  {/* Text in the theme's ink, the series' colour on a swatch: pale palette colours stay readable. */}
                  <rect x={M.left} y={head + 4} width={10} height={7} rx={1.5} fill={color} />
                  <text x={M.left + 14} y={head + 11} fontWeight={600}>
                    {p.label}
                  </text>
                  <text x={W - M.right} y={head + 11} textAnchor="end" fontWeight={600}>
                    {fmtBits(p.bits)} bits
                  </text>
                </g>
              );
            })}
            <text x={x(target)} y={M.top - 6} textAnchor={x(target) > W / 2 ? 'end' : 'start'}>
              target ε = {target}
            </text>
            {x.ticks(Math.max(2, Math.floor(W / 90))).map((t) => (
              <g key={t} transform={`translate(${x(t)},${H - M.bottom})`}>
                <line y2={4} stroke="currentColor" />
                <text y={16} textAnchor="middle">
                  {t}
                </text>
              </g>
            ))}
            <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
              test risk relative to predicting the class mean (1 = chance)
            </text>
          </g>
        </svg>
      )}
      {sampled.length > 0 && (
        <div className="legend">
          {sampled.map((p) => (
            <span key={p.name} className="legend-item">
              <span className="swatch" style={{ background: seriesColor(p.label) }} aria-hidden="true" />
              {p.label}
              <span className="num">
                {' '}
                {p.errors.length} hypotheses, mean error {(d3.mean(p.errors) ?? NaN).toFixed(3)}
              </span>
            </span>
          ))}
        </div>
      )}
      {sampled.length > 0 && (
        <div className="legend">
          Bars: density of sampled errors; curve: the fitted scaled χ² (its lower tail is extrapolated to ε); bits =
          −log₂ P(error ≤ ε).
        </div>
      )}
    </figure>
  );
}

export function InductiveBiasView({ run }: { run: RunRecord | null }) {
  const panels = panelsOf(run);
  const target = Number(run?.spec.params.target ?? NaN);
  const lines: Line[] = panels.flatMap((p) => {
    const s = run?.metrics[`bits/${p.name}`];
    return s ? [{ key: p.name, label: p.label, color: seriesColor(p.label), steps: s.steps, values: s.values }] : [];
  });
  return (
    <div className="view-row" data-testid="view-inductive-bias">
      <Histograms panels={panels} target={target} />
      <LineChart
        title="Bits of inductive bias as hypotheses accumulate"
        yLabel="bits to reach ε"
        xLabel="hypotheses sampled"
        file="inductive-bias-bits"
        lines={lines}
        logToggle
        defaultLog
        smoothing={false}
        empty="The bits appear after the first batch of hypotheses is trained."
      />
    </div>
  );
}
