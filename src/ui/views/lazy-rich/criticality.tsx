// Criticality: phase maps over (C_b, C_W) of how the preactivation variance and the Jacobian grow
// over depth, with the critical point and the edge of chaos (χ_⊥ = 1) marked; per-layer curves at
// three points against the infinite-width recursion; the output's excess kurtosis against L/n.
import * as d3 from 'd3';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { color } from '../palette.ts';

const CRITICAL: Record<string, { cb: number; cw: number }> = { relu: { cb: 0, cw: 2 }, tanh: { cb: 0, cw: 1 } };
const TAGS = ['0.8× critical', 'critical', '1.25× critical'];

interface MapProps {
  snap: Snapshot;
  edge: Series | undefined;
  title: string;
  testId: string;
}

/** A [C_W rows, C_b columns] map of log₁₀ ratios on a diverging scale (blue: shrinks, red: grows). */
function PhaseMap({ snap, edge, title, testId }: MapProps) {
  const [rows, cols] = snap.shape;
  const data = snap.data as Float32Array;
  const [cb0, cb1, cw0, cw1] = (snap.labels ?? []).slice(0, 4).map(Number);
  const act = snap.labels?.[4] ?? 'relu';
  const M = { left: 44, bottom: 34, top: 8, right: 8 };
  const side = 240;
  // Cell centres sit on the grid values, so the axes reach half a cell past the ends.
  const hx = cols > 1 ? (cb1 - cb0) / (cols - 1) / 2 : 0.5;
  const hy = rows > 1 ? (cw1 - cw0) / (rows - 1) / 2 : 0.5;
  const x = d3
    .scaleLinear()
    .domain([cb0 - hx, cb1 + hx])
    .range([M.left, M.left + side]);
  const y = d3
    .scaleLinear()
    .domain([cw0 - hy, cw1 + hy])
    .range([M.top + side, M.top]);
  const cw = side / cols;
  const ch = side / rows;
  let range = 1e-6;
  for (const v of data) if (Number.isFinite(v)) range = Math.max(range, Math.abs(v));
  const fill = (v: number) => (Number.isFinite(v) ? d3.interpolateRdBu(0.5 - v / (2 * range)) : '#000');
  const crit = CRITICAL[act];
  const edgePts = edge ? edge.steps.map((s, i) => [x(s), y(edge.values[i])] as const) : [];
  const ticks = (s: d3.ScaleLinear<number, number>, lo: number, hi: number) =>
    s.ticks(4).filter((t) => t >= lo - 1e-9 && t <= hi + 1e-9);
  return (
    <figure className="chart" data-testid={testId} data-cells={data.length}>
      <figcaption>
        {title} (log₁₀, depth {snap.step}; colour range ±{range.toFixed(1)})
      </figcaption>
      <svg
        viewBox={`0 0 ${M.left + side + M.right} ${M.top + side + M.bottom}`}
        width={M.left + side + M.right}
        height={M.top + side + M.bottom}
        role="img"
        aria-label={`${title} over C_b and C_W`}
      >
        {Array.from(data, (v, i) => {
          const r = Math.floor(i / cols);
          const c = i % cols;
          return (
            <rect
              key={i}
              x={M.left + c * cw}
              y={M.top + (rows - 1 - r) * ch}
              width={cw + 0.5}
              height={ch + 0.5}
              fill={fill(v)}
            >
              <title>{`C_b ${(cb0 + ((cb1 - cb0) * c) / Math.max(1, cols - 1)).toFixed(2)}, C_W ${(cw0 + ((cw1 - cw0) * r) / Math.max(1, rows - 1)).toFixed(2)}: ${v.toFixed(2)}`}</title>
            </rect>
          );
        })}
        {edgePts.length > 1 && (
          <path
            d={d3.line()(edgePts.map(([a, b]) => [a, b]))!}
            fill="none"
            stroke="#111"
            strokeWidth={2}
            strokeDasharray="5 3"
          />
        )}
        {edgePts.length === 1 && <circle cx={edgePts[0][0]} cy={edgePts[0][1]} r={3} fill="#111" />}
        {crit && crit.cw >= cw0 && crit.cw <= cw1 && (
          <circle
            cx={x(crit.cb)}
            cy={y(crit.cw)}
            r={6}
            fill="none"
            stroke="#111"
            strokeWidth={2.5}
            data-testid="critical-point"
          />
        )}
        {ticks(x, cb0, cb1).map((t) => (
          <text key={`x${t}`} x={x(t)} y={M.top + side + 14} fontSize={10} textAnchor="middle" fill="currentColor">
            {t}
          </text>
        ))}
        {ticks(y, cw0, cw1).map((t) => (
          <text key={`y${t}`} x={M.left - 4} y={y(t) + 3} fontSize={10} textAnchor="end" fill="currentColor">
            {t}
          </text>
        ))}
        <text x={M.left + side / 2} y={M.top + side + 28} fontSize={11} textAnchor="middle" fill="currentColor">
          bias variance C_b
        </text>
        <text
          transform={`translate(11 ${M.top + side / 2}) rotate(-90)`}
          fontSize={11}
          textAnchor="middle"
          fill="currentColor"
        >
          weight variance C_W
        </text>
      </svg>
      <div style={{ fontSize: 11 }}>
        ○ critical point · dashed: edge of chaos χ_⊥ = 1 (infinite width) · blue shrinks, red grows
      </div>
    </figure>
  );
}

export function CriticalityView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const snaps = run?.snapshots ?? {};
  const k = snaps['criticality/K-ratio'];
  const jac = snaps['criticality/jacobian-ratio'];
  const pair = (measured: string, predicted: string, label: string): Line[] =>
    TAGS.flatMap((tag, i) => [
      ...(m[`${measured}/${tag}`]
        ? [
            {
              key: `${measured}-${tag}`,
              label: `${label}, ${tag}`,
              color: color(i),
              steps: m[`${measured}/${tag}`].steps,
              values: m[`${measured}/${tag}`].values,
            },
          ]
        : []),
      ...(m[`${predicted}/${tag}`]
        ? [
            {
              key: `${predicted}-${tag}`,
              label: `recursion, ${tag}`,
              color: color(i),
              steps: m[`${predicted}/${tag}`].steps,
              values: m[`${predicted}/${tag}`].values,
              dashed: true,
            },
          ]
        : []),
    ]);
  const perTag = (name: string): Line[] =>
    TAGS.flatMap((tag, i) =>
      m[`${name}/${tag}`]
        ? [
            {
              key: `${name}-${tag}`,
              label: tag,
              color: color(i),
              steps: m[`${name}/${tag}`].steps,
              values: m[`${name}/${tag}`].values,
            },
          ]
        : [],
    );
  const widths = Object.keys(m)
    .filter((key) => key.startsWith('kurtosis/n='))
    .map((key) => key.slice('kurtosis/n='.length))
    .sort((a, b) => Number(a) - Number(b));
  const kurt: Line[] = [
    ...widths.flatMap((n, i) => [
      {
        key: `k${n}`,
        label: `measured, n = ${n}`,
        color: color(i),
        steps: m[`kurtosis/n=${n}`].steps,
        values: m[`kurtosis/n=${n}`].values,
      },
      ...(m[`kurtosis-pred/n=${n}`]
        ? [
            {
              key: `kp${n}`,
              label: `exact ReLU, n = ${n}`,
              color: color(i),
              steps: m[`kurtosis-pred/n=${n}`].steps,
              values: m[`kurtosis-pred/n=${n}`].values,
              dashed: true,
            },
          ]
        : []),
    ]),
    ...(m['kurtosis-fit']
      ? [
          {
            key: 'fit',
            label: `fitted line${run?.summary ? `, slope ${run.summary.kurtosisSlope}, R² ${run.summary.kurtosisR2}` : ''}`,
            color: '#333',
            steps: m['kurtosis-fit'].steps,
            values: m['kurtosis-fit'].values,
            dashed: true,
          },
        ]
      : []),
  ];
  return (
    <div className="view-row" data-testid="view-criticality" data-map={k ? 'ready' : 'pending'}>
      {k ? (
        <PhaseMap snap={k} edge={m['edge/chi=1']} title="Variance growth K^(L)/K^(1)" testId="criticality-map" />
      ) : (
        <div className="view-empty">
          The (C_b, C_W) phase map appears when the grid ensemble has run through every layer.
        </div>
      )}
      {jac && (
        <PhaseMap
          snap={jac}
          edge={m['edge/chi=1']}
          title="Jacobian growth ‖J u‖²: layer L over layer 1"
          testId="criticality-jacobian-map"
        />
      )}
      <LineChart
        title="Preactivation variance per layer"
        yLabel="K^(ℓ)"
        xLabel="layer ℓ"
        logToggle
        defaultLog
        file="criticality-variance"
        lines={pair('K', 'K-pred', 'measured')}
        empty="Measured K^(ℓ) (solid) against the infinite-width recursion (dashed) at 0.8×, 1× and 1.25× the critical C_W."
      />
      <LineChart
        title="Gradient norm² per layer (from the Jacobian, relative to the last layer)"
        yLabel="‖∂f/∂z^(ℓ)‖² / ‖∂f/∂z^(L)‖²"
        xLabel="layer ℓ"
        logToggle
        defaultLog
        file="criticality-gradients"
        lines={perTag('grad')}
        empty=""
      />
      <LineChart
        title="Correlation of two inputs per layer"
        yLabel="K₁₂ / K"
        xLabel="layer ℓ"
        file="criticality-correlation"
        lines={perTag('corr')}
        empty=""
      />
      <LineChart
        title="Output excess kurtosis vs depth/width at criticality"
        yLabel="excess kurtosis"
        xLabel="L/n"
        file="criticality-kurtosis"
        lines={kurt}
        empty="The excess kurtosis of one output across inits, per width, appears after the phase map; the 1/n correction grows like L/n."
      />
    </div>
  );
}
