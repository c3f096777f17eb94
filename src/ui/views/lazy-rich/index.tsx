// The lazy-rich views: loss curves on log-step axes with the linearized twin, laziness traces,
// the sweep plot (one point per finished α), and the XOR neurons in the plane of the cluster means.
import type { ReactNode } from 'react';
import type { RunRecord, Series } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { color } from '../palette.ts';
import { ConnectivityRankView } from './connectivity.tsx';
import { CriticalityView } from './criticality.tsx';
import { GrokModularSweepView, GrokModularView } from './modular.tsx';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Series named `${prefix}${suffix}` for every suffix (one per α in a sweep), coloured by suffix. */
function family(m: Record<string, Series>, prefix: string, label: string, suffixes: string[], dashed = false): Line[] {
  return suffixes.flatMap((sfx, i) => {
    const s = m[prefix + sfx];
    return s
      ? [{ key: prefix + sfx, label: `${label}${sfx}`, color: color(i), steps: s.steps, values: s.values, dashed }]
      : [];
  });
}

/** The α tags of a run (" α=2" …), or [''] for a single α. */
function suffixesOf(m: Record<string, Series>, prefix: string): string[] {
  const out = Object.keys(m)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  return out.length > 0
    ? out.sort((a, b) => parseFloat(a.replace(/[^0-9.e-]/g, '')) - parseFloat(b.replace(/[^0-9.e-]/g, '')))
    : [''];
}

export function LazyRichView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const regression = m['train/loss'] !== undefined || Object.keys(m).some((k) => k.startsWith('k0/'));
  const sfx = suffixesOf(m, 'train/loss');
  const lossLines = regression
    ? [
        ...family(m, 'train/loss', 'train', sfx),
        ...family(m, 'test/loss', 'test', sfx, true),
        ...family(m, 'lin-train/loss', 'linearized train', sfx).map((l) => ({ ...l, color: '#999' })),
        ...family(m, 'lin-test/loss', 'linearized test', sfx, true).map((l) => ({ ...l, color: '#777' })),
        ...family(m, 'k0/test-loss', 'K₀ regression', sfx.slice(0, 1), true).map((l) => ({ ...l, color: '#c33' })),
      ]
    : [];
  const acc = [
    ...family(m, 'train/accuracy', 'train (noisy labels)', ['']),
    ...family(m, 'train/flipped-fit', 'flipped labels fitted', ['']).map((l) => ({ ...l, color: color(2) })),
    ...family(m, 'test/accuracy', 'clean test', ['']).map((l) => ({ ...l, color: color(1), dashed: true })),
  ];
  const lazy = [
    ...family(m, 'lazy/weight-change', '‖W−W₀‖/‖W₀‖', sfx),
    ...family(m, 'lazy/kernel-change', '‖K−K₀‖/‖K₀‖', sfx, true),
  ];
  const align = family(m, 'lazy/alignment', 'NTK–target alignment', sfx);
  const charts: ReactNode[] = [];
  if (lossLines.length > 0 || acc.length === 0)
    charts.push(
      <LineChart
        key="loss"
        title="Loss (log steps)"
        yLabel="MSE"
        logToggle
        defaultLog
        logX
        file="lazy-rich-loss"
        lines={lossLines}
        empty="Train and test loss of the net (solid/dashed) and of its linearized twin (grey) appear here on a log-step axis."
      />,
    );
  if (acc.length > 0)
    charts.push(
      <LineChart
        key="acc"
        title="Accuracy (log steps)"
        yLabel="accuracy"
        logX
        yFormat={pct}
        file="lazy-rich-accuracy"
        lines={acc}
        empty="Accuracies appear after the first evaluation."
      />,
    );
  if (lazy.length > 0)
    charts.push(
      <LineChart
        key="lazy"
        title="Laziness"
        yLabel="relative change"
        logToggle
        logX
        file="lazy-rich-laziness"
        lines={lazy}
        empty=""
      />,
    );
  if (align.length > 0)
    charts.push(
      <LineChart
        key="align"
        title="Kernel alignment"
        yLabel="alignment"
        logX
        file="lazy-rich-alignment"
        lines={align}
        empty=""
      />,
    );
  return (
    <div className="view-row" data-testid="view-lazy-rich">
      {charts}
    </div>
  );
}

export function LazyRichSweepView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const pts = (key: string, label: string, i: number): Line[] =>
    m[key] ? [{ key, label, color: color(i), steps: m[key].steps, values: m[key].values }] : [];
  return (
    <div className="view-row" data-testid="view-lazy-rich-sweep" data-points={m['sweep/grok-delay']?.steps.length ?? 0}>
      <LineChart
        title="Grokking delay vs α"
        yLabel="test-10% step ÷ train-10% step"
        xLabel="α (output scale)"
        logX
        logToggle
        file="lazy-rich-sweep-delay"
        lines={pts('sweep/grok-delay', 'delay (a test loss never at 10% counts as the last step)', 0)}
        empty="Each α value adds a point here when its training finishes (set “α values” above 1 to sweep)."
      />
      <LineChart
        title="Final weight change and test loss vs α"
        yLabel="value"
        xLabel="α (output scale)"
        logX
        logToggle
        defaultLog
        file="lazy-rich-sweep-laziness"
        lines={[
          ...pts('sweep/weight-change', '‖W−W₀‖/‖W₀‖ at the end', 1),
          ...pts('sweep/test-loss', 'final test MSE', 2),
        ]}
        empty="Laziness (relative weight change) and the final test loss per α appear as runs finish."
      />
    </div>
  );
}

/** Neurons as points (w·μ₁/‖μ‖, w·μ₂/‖μ‖), coloured by readout sign; redrawn at every snapshot. */
export function XorPlaneView({ run }: { run: RunRecord | null }) {
  const snap = run?.snapshots['xor-plane'];
  if (!snap)
    return (
      <div className="view-empty" data-testid="view-xor-plane">
        Each neuron’s weights projected on the two cluster directions appear here during training.
      </div>
    );
  const data = snap.data as Float32Array;
  const n = snap.shape[0];
  let r = 1e-12;
  for (let i = 0; i < n; i++) r = Math.max(r, Math.abs(data[3 * i]), Math.abs(data[3 * i + 1]));
  const S = 260;
  const c = S / 2;
  const k = (S / 2 - 12) / r;
  return (
    <figure className="chart" data-testid="view-xor-plane">
      <figcaption>
        First-layer neurons in the (μ₁, μ₂) plane at step {snap.step}:{' '}
        <span style={{ color: color(0) }}>● readout +</span> <span style={{ color: color(1) }}>● readout −</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${S} ${S}`}
        width={S}
        height={S}
        role="img"
        aria-label="neurons in the plane of the cluster means"
      >
        <line x1={0} x2={S} y1={c} y2={c} stroke="currentColor" strokeOpacity={0.3} />
        <line x1={c} x2={c} y1={0} y2={S} stroke="currentColor" strokeOpacity={0.3} />
        <text x={S - 4} y={c - 4} textAnchor="end" fontSize={11} fill="currentColor">
          μ₁
        </text>
        <text x={c + 4} y={12} fontSize={11} fill="currentColor">
          μ₂
        </text>
        {Array.from({ length: n }, (_, i) => (
          <circle
            key={i}
            cx={c + k * data[3 * i]}
            cy={c - k * data[3 * i + 1]}
            r={3}
            fill={data[3 * i + 2] > 0 ? color(0) : color(1)}
            fillOpacity={0.75}
          />
        ))}
      </svg>
    </figure>
  );
}

export const LAZY_RICH_VIEWS = {
  'lazy-rich': LazyRichView,
  'lazy-rich-sweep': LazyRichSweepView,
  'xor-plane': XorPlaneView,
  'grok-modular': GrokModularView,
  'grok-modular-sweep': GrokModularSweepView,
  'connectivity-rank': ConnectivityRankView,
  criticality: CriticalityView,
};
