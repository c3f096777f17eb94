// Criticality: phase maps over (C_b, C_W) of how the preactivation variance and the Jacobian grow
// over depth, with the critical point and the edge of chaos (χ_⊥ = 1) marked; per-layer curves at
// three points against the infinite-width recursion; the output's excess kurtosis against L/n.
import * as d3 from 'd3';
import type { Snapshot } from '../../../lab/experiment.ts';
import { extentOf, type ColorScaleSpec } from '../../charts/color-scale.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { indexColor } from '../../charts/series-colors.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { shade } from './colors.ts';

const CRITICAL: Record<string, { cb: number; cw: number }> = { relu: { cb: 0, cw: 2 }, tanh: { cb: 0, cw: 1 } };
/**
 * The three (C_b, C_W) points of the per-layer curves, coloured as the phase maps colour what
 * happens there: below critical shrinks (blue), above grows (red), critical keeps (the text colour).
 */
const TAGS = [
  { tag: '0.8× critical', color: d3.schemeRdBu[9][7] },
  { tag: 'critical', color: 'currentColor' },
  { tag: '1.25× critical', color: d3.schemeRdBu[9][1] },
];
/** The widths of the kurtosis plot, one hue, stronger for wider nets. */
const WIDTH_HUE = indexColor(6);

interface MapProps {
  snap: Snapshot;
  edge: Series | undefined;
  title: string;
  quantity: string;
  file: string;
  testId: string;
}

/** A [C_W rows, C_b columns] map of log₁₀ ratios on a diverging scale centred at 0 (blue: shrinks, red: grows). */
function PhaseMap({ snap, edge, title, quantity, file, testId }: MapProps) {
  const [rows, cols] = snap.shape;
  const data = snap.data as Float32Array;
  const [cb0, cb1, cw0, cw1] = (snap.labels ?? []).slice(0, 4).map(Number);
  const crit = CRITICAL[snap.labels?.[4] ?? 'relu'];
  const [lo, hi] = extentOf(data);
  const r = Math.max(Math.abs(lo), Math.abs(hi), 1e-6);
  const scale: ColorScaleSpec = {
    scheme: 'rdbu',
    domain: [-r, r],
    center: 0,
    label: `log₁₀ ${quantity}`,
    units: 'decades',
  };
  return (
    <Heatmap
      title={`${title} (depth ${snap.step})`}
      file={file}
      testId={testId}
      rows={rows}
      cols={cols}
      data={data}
      scale={scale}
      x={{ label: 'bias variance C_b', domain: [cb0, cb1] }}
      y={{ label: 'weight variance C_W', domain: [cw0, cw1] }}
      maxSize={300}
      overlay={({ x, y }) => (
        <g stroke="#111" fill="none" strokeWidth={2}>
          {edge && edge.steps.length > 1 && (
            <path
              d={d3.line()(edge.steps.map((s, i) => [x(s), y(edge.values[i])]))!}
              strokeDasharray="5 3"
              data-testid="edge-of-chaos"
            />
          )}
          {crit && crit.cw >= cw0 && crit.cw <= cw1 && (
            <circle cx={x(crit.cb)} cy={y(crit.cw)} r={6} strokeWidth={2.5} data-testid="critical-point" />
          )}
        </g>
      )}
      caption="○ the critical point · dashed: the edge of chaos χ_⊥ = 1 (infinite width) · blue shrinks over depth, red grows, white keeps"
    />
  );
}

export function CriticalityView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const snaps = run?.snapshots ?? {};
  const k = snaps['criticality/K-ratio'];
  const jac = snaps['criticality/jacobian-ratio'];
  const pair = (measured: string, predicted: string, label: string): Line[] =>
    TAGS.flatMap(({ tag, color }) => [
      ...(m[`${measured}/${tag}`]
        ? [
            {
              key: `${measured}-${tag}`,
              label: `${label}, ${tag}`,
              color,
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
              color,
              steps: m[`${predicted}/${tag}`].steps,
              values: m[`${predicted}/${tag}`].values,
              dashed: true,
            },
          ]
        : []),
    ]);
  const perTag = (name: string): Line[] =>
    TAGS.flatMap(({ tag, color }) =>
      m[`${name}/${tag}`]
        ? [
            {
              key: `${name}-${tag}`,
              label: tag,
              color,
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
        color: shade(WIDTH_HUE, i, widths.length),
        steps: m[`kurtosis/n=${n}`].steps,
        values: m[`kurtosis/n=${n}`].values,
      },
      ...(m[`kurtosis-pred/n=${n}`]
        ? [
            {
              key: `kp${n}`,
              label: `exact ReLU, n = ${n}`,
              color: shade(WIDTH_HUE, i, widths.length),
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
            color: 'currentColor',
            steps: m['kurtosis-fit'].steps,
            values: m['kurtosis-fit'].values,
            dashed: true,
          },
        ]
      : []),
  ];
  // log₁₀ K^(L)/K^(1) at the three curve points: the effect in three numbers (shrinks, keeps, grows).
  const growth = (tag: string) => {
    const s = m[`K/${tag}`];
    return s && s.values.length > 1 ? Math.log10(s.values[s.values.length - 1] / s.values[0]) : '';
  };
  return (
    <div
      className="view-row"
      data-testid="view-criticality"
      data-map={k ? 'ready' : 'pending'}
      data-growth-below={growth(TAGS[0].tag)}
      data-growth-critical={growth(TAGS[1].tag)}
      data-growth-above={growth(TAGS[2].tag)}
    >
      {k ? (
        <PhaseMap
          snap={k}
          edge={m['edge/chi=1']}
          title="Variance growth K^(L)/K^(1)"
          quantity="K^(L)/K^(1)"
          file="criticality-variance-map"
          testId="criticality-map"
        />
      ) : (
        <div className="view-empty">
          The (C_b, C_W) phase maps of variance and Jacobian growth appear when the grid ensemble has run through every
          layer, first in the run; the per-layer curves and the kurtosis plot follow.
        </div>
      )}
      {jac && (
        <PhaseMap
          snap={jac}
          edge={m['edge/chi=1']}
          title="Jacobian growth ‖J u‖²: layer L over layer 1"
          quantity="‖J u‖², layer L over layer 1"
          file="criticality-jacobian-map"
          testId="criticality-jacobian-map"
        />
      )}
      <LineChart
        title="Preactivation variance per layer"
        yLabel="preactivation variance K^(ℓ)"
        xLabel="layer ℓ"
        smoothing={false}
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
        smoothing={false}
        logToggle
        defaultLog
        file="criticality-gradients"
        lines={perTag('grad')}
        empty=""
      />
      <LineChart
        title="Correlation of two inputs per layer"
        yLabel="input correlation K₁₂ / K"
        xLabel="layer ℓ"
        smoothing={false}
        file="criticality-correlation"
        lines={perTag('corr')}
        empty=""
      />
      <LineChart
        title="Output excess kurtosis vs depth/width at criticality"
        yLabel="excess kurtosis of the output"
        xLabel="depth ÷ width L/n"
        smoothing={false}
        file="criticality-kurtosis"
        lines={kurt}
        empty="The excess kurtosis of one output across inits, per width, appears after the phase map; the 1/n correction grows like L/n."
      />
    </div>
  );
}
