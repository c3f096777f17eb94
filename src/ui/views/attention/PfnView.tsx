// The "pfn" view: for a few held-out GP tasks, the context points with the PFN's predictive mean ±
// 2σ band over the exact GP posterior's, then the training NLL against the exact posterior's NLL on
// the same tasks (and the prior's). Snapshot and metric names follow
// src/lab/experiments/attention/pfn.ts.
import * as d3 from 'd3';
import { useRef } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { seriesColor } from '../../charts/series-colors.ts';
import { ChartExport } from '../ChartExport.tsx';

const W = 300;
const H = 214;
const M = { top: 8, right: 8, bottom: 36, left: 40 };
// By name, so the PFN and the GP keep their colours in the bands, the curves and on the runs page.
const PFN = seriesColor('pfn');
const GP = seriesColor('gp');
const PRIOR = seriesColor('gp prior');
const HELD_OUT = seriesColor('test');
const CONTEXT = '#e15759';

interface Task {
  x: Float32Array;
  rows: Float32Array[];
  context: [number, number][];
}

/** Task e of the bands [E, 5, G] (x, PFN mean, PFN σ, GP mean, GP σ) and context [E, C, 2] snapshots. */
function taskOf(bands: Snapshot, context: Snapshot | undefined, e: number): Task {
  const G = bands.shape[2];
  const data = bands.data as Float32Array;
  const rows = Array.from({ length: 5 }, (_, k) => data.subarray((e * 5 + k) * G, (e * 5 + k + 1) * G));
  const pts: [number, number][] = [];
  if (context) {
    const C = context.shape[1];
    const c = context.data as Float32Array;
    for (let i = 0; i < C; i++)
      if (Number.isFinite(c[(e * C + i) * 2])) pts.push([c[(e * C + i) * 2], c[(e * C + i) * 2 + 1]]);
  }
  return { x: rows[0], rows: rows.slice(1), context: pts };
}

function BandPlot({ task, index }: { task: Task; index: number }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [pm, ps, gm, gs] = task.rows;
  const lo =
    d3.min([
      ...d3.range(pm.length).flatMap((i) => [pm[i] - 2 * ps[i], gm[i] - 2 * gs[i]]),
      ...task.context.map((p) => p[1]),
    ]) ?? -2;
  const hi =
    d3.max([
      ...d3.range(pm.length).flatMap((i) => [pm[i] + 2 * ps[i], gm[i] + 2 * gs[i]]),
      ...task.context.map((p) => p[1]),
    ]) ?? 2;
  // Clamp so an untrained PFN's huge σ does not flatten the GP band.
  const x = d3
    .scaleLinear()
    .domain([-1, 1])
    .range([M.left, W - M.right]);
  const y = d3
    .scaleLinear()
    .domain([Math.max(lo, -4), Math.min(hi, 4)])
    .range([H - M.bottom, M.top])
    .nice();
  const idx = d3.range(pm.length);
  const band = (m: Float32Array, s: Float32Array) =>
    d3
      .area<number>()
      .x((i) => x(task.x[i]))
      .y0((i) => y(m[i] - 2 * s[i]))
      .y1((i) => y(m[i] + 2 * s[i]))(idx) ?? '';
  const curve = (m: Float32Array) =>
    d3
      .line<number>()
      .x((i) => x(task.x[i]))
      .y((i) => y(m[i]))(idx) ?? '';
  return (
    <figure className="chart" style={{ margin: 0, width: W }}>
      <figcaption className="chart-head">
        <span className="chart-title small">
          Task {index + 1}: {task.context.length} context point{task.context.length === 1 ? '' : 's'}
        </span>
        <ChartExport svg={svgRef} file={`pfn-task-${index + 1}`} />
      </figcaption>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        data-testid="pfn-bands"
        role="img"
        aria-label={`PFN and GP posterior bands for task ${index + 1}`}
      >
        <defs>
          <clipPath id={`pfn-clip-${index}`}>
            <rect x={M.left} y={M.top} width={W - M.left - M.right} height={H - M.top - M.bottom} />
          </clipPath>
        </defs>
        <g fontSize={10} fill="currentColor">
          {y.ticks(4).map((t) => (
            <g key={`y${t}`} transform={`translate(0,${y(t)})`}>
              <line x1={M.left} x2={W - M.right} stroke="currentColor" strokeOpacity={0.1} />
              <text x={M.left - 4} dy="0.32em" textAnchor="end">
                {t}
              </text>
            </g>
          ))}
          {x.ticks(4).map((t) => (
            <text key={`x${t}`} x={x(t)} y={H - M.bottom + 14} textAnchor="middle">
              {t}
            </text>
          ))}
          <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
            input x
          </text>
          <text transform={`translate(10,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
            output y
          </text>
        </g>
        <g clipPath={`url(#pfn-clip-${index})`}>
          <path d={band(gm, gs)} fill={GP} fillOpacity={0.18} />
          <path d={band(pm, ps)} fill={PFN} fillOpacity={0.22} stroke={PFN} strokeOpacity={0.5} strokeWidth={0.8} />
          <path d={curve(gm)} fill="none" stroke={GP} strokeWidth={1.5} strokeDasharray="5 3" />
          <path d={curve(pm)} fill="none" stroke={PFN} strokeWidth={2} />
        </g>
        {task.context.map(([cx, cy], i) => (
          <circle
            key={i}
            cx={x(cx)}
            cy={y(cy)}
            r={3}
            fill={CONTEXT}
            style={{ stroke: 'var(--paper)' }}
            strokeWidth={0.8}
          />
        ))}
      </svg>
    </figure>
  );
}

function line(m: Record<string, Series>, key: string, label: string, c: string, dashed = false): Line[] {
  const s = m[key];
  return s ? [{ key, label, color: c, steps: s.steps, values: s.values, dashed }] : [];
}

const last = (m: Record<string, Series>, key: string): number | undefined => m[key]?.values.at(-1);

export function PfnView({ run }: { run: RunRecord | null }) {
  const snaps = run?.snapshots ?? {};
  const bands = snaps['pfn/bands'];
  const m = run?.metrics ?? {};
  const f = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
  const E = bands ? bands.shape[0] : 0;
  return (
    <div data-testid="view-pfn" data-step={bands?.step} style={{ gridColumn: '1 / -1', minWidth: 0 }}>
      <div className="chart-head">
        <span className="chart-title">
          Posterior predictive on held-out tasks{' '}
          <span className="muted small">
            {bands ? `(step ${bands.step}; ` : '('}
            <span style={{ color: PFN }}>PFN mean ± 2σ</span>,{' '}
            <span style={{ color: GP }}>exact GP mean (dashed) ± 2σ</span>,{' '}
            <span style={{ color: CONTEXT }}>dots: context points</span>)
          </span>
        </span>
      </div>
      {bands ? (
        <>
          <p className="muted small" data-testid="pfn-readout">
            Held-out NLL per query point: PFN {f(last(m, 'eval/nll'))}, exact GP {f(last(m, 'eval/gp-nll'))}, prior{' '}
            {f(last(m, 'eval/prior-nll'))} · mean error (μ_PFN − μ_GP)² {f(last(m, 'eval/mean-mse'))} of the prior
            variance · correlation of means {f(last(m, 'eval/mean-corr'))}
          </p>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
            {Array.from({ length: E }, (_, e) => (
              <BandPlot key={e} task={taskOf(bands, snaps['pfn/context'], e)} index={e} />
            ))}
          </div>
        </>
      ) : (
        <div className="empty">
          The PFN’s predictive band and the exact GP posterior appear after the first evaluation.
        </div>
      )}
      <div style={{ maxWidth: 640, marginTop: 12 }}>
        <LineChart
          title="NLL per query point"
          yLabel="NLL per query point (nats)"
          xLabel="training step"
          file="pfn-nll"
          lines={[
            ...line(m, 'train/nll', 'PFN (training tasks)', PFN),
            ...line(m, 'train/gp-nll', 'exact GP posterior (same tasks)', GP, true),
            ...line(m, 'train/prior-nll', 'prior N(0, 1 + σ²)', PRIOR, true),
            ...line(m, 'eval/nll', 'PFN (held-out tasks)', HELD_OUT),
          ]}
          empty="The PFN’s training NLL and the exact posterior’s NLL on the same tasks are traced as training runs."
        />
      </div>
    </div>
  );
}
