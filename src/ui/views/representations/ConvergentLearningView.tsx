// Convergent learning (src/lab/experiments/representations/convergent-learning.ts): per layer, the
// mean matched correlation of the two trained nets against both controls (the untrained pair and
// the shuffled probe); for a chosen layer, the unit–unit correlation matrix before and after
// one-to-one matching (matched pairs on the diagonal, best first) and the histogram of matched r;
// then the one-to-many (lasso) prediction of each layer (SparsePredictionPanel) and the many-to-many
// clustering of both nets' units (ManyToManyPanel).
import { useState } from 'react';
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { HeatmapPanels } from '../../charts/Heatmap.tsx';
import { LineChart, type Line } from '../LineChart.tsx';
import { ManyToManyPanel } from './ManyToManyPanel.tsx';
import { SparsePredictionPanel } from './SparsePredictionPanel.tsx';

const CORRELATION = {
  scheme: 'rdbu',
  domain: [-1, 1],
  center: 0,
  label: 'correlation',
  units: 'Pearson r',
} as const;

/** Rows of a matched/r snapshot (see the runner), with how the histogram draws them. */
const ROWS = [
  { key: 'trained', label: 'trained pair', dashed: false },
  { key: 'trained-semi', label: 'trained, semi-matching', dashed: true },
  { key: 'untrained', label: 'untrained pair (control)', dashed: false },
  { key: 'shuffled', label: 'shuffled probe (control)', dashed: false },
];
const BINS = 20;
const [LO, HI] = [-0.2, 1];

/** Per-layer means, drawn against the layer's depth (1 = first hidden layer). */
const MEANS = [
  { metric: 'one-to-one/mean trained', key: 'trained', label: 'trained pair, one-to-one' },
  { metric: 'semi/mean trained', key: 'trained-semi', label: 'trained pair, semi-matching', dashed: true },
  {
    metric: 'predicted/mean trained',
    key: 'trained-predicted',
    label: 'trained pair, linear prediction (held out)',
    dashed: true,
  },
  { metric: 'one-to-one/mean untrained', key: 'untrained', label: 'untrained pair (control)' },
  { metric: 'one-to-one/mean shuffled', key: 'shuffled', label: 'shuffled probe (control)' },
];

const finite = (v: ArrayLike<number>) => Array.from(v).filter(Number.isFinite);
const meanOf = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

/** Share of values per bin of [LO, HI] (values outside go to the end bins). */
function histogram(v: number[]): number[] {
  const counts = new Array<number>(BINS).fill(0);
  for (const x of v) counts[Math.min(BINS - 1, Math.max(0, Math.floor(((x - LO) / (HI - LO)) * BINS)))] += 1;
  return counts.map((c) => (v.length ? c / v.length : 0));
}

export function ConvergentLearningView({ run }: { run: RunRecord | null }) {
  const [picked, setPicked] = useState<string | null>(null);
  const shots = run?.snapshots ?? {};
  // Layers in depth order: each layer's snapshots carry its depth as their step.
  const layers = Object.values(shots)
    .filter((s) => s.name.startsWith('correlation/raw '))
    .sort((a, b) => a.step - b.step)
    .map((s) => s.name.slice('correlation/raw '.length));
  const layer = picked !== null && layers.includes(picked) ? picked : (layers[0] ?? null);
  const lines: Line[] = MEANS.flatMap((m) => {
    const s = run?.metrics[m.metric];
    return s
      ? [{ key: m.key, label: m.label, color: seriesColor(m.key), steps: s.steps, values: s.values, dashed: m.dashed }]
      : [];
  });
  const raw = layer ? shots[`correlation/raw ${layer}`] : undefined;
  const matched = layer ? shots[`correlation/matched ${layer}`] : undefined;
  const rs = layer ? shots[`matched/r ${layer}`] : undefined;
  const units = rs?.shape[1] ?? 0;
  const rows = rs ? ROWS.map((r, k) => ({ ...r, values: finite(rs.data.subarray(k * units, (k + 1) * units)) })) : [];
  const centres = Array.from({ length: BINS }, (_, b) => LO + ((b + 0.5) * (HI - LO)) / BINS);
  const histLines: Line[] = rows.map((r) => ({
    key: r.key,
    label: `${r.label}: mean ${meanOf(r.values).toFixed(2)}`,
    color: seriesColor(r.key),
    steps: centres,
    values: histogram(r.values),
    dashed: r.dashed,
  }));
  const trained = rows[0]?.values ?? [];
  const diag = matched
    ? Array.from(
        { length: Math.min(matched.shape[0], matched.shape[1]) },
        (_, i) => matched.data[i * matched.shape[1] + i],
      )
    : [];
  return (
    <div
      data-testid="view-convergent-learning"
      data-layers={JSON.stringify(layers)}
      data-layer={layer ?? ''}
      data-units={units}
      data-mean-trained={meanOf(trained)}
      data-mean-untrained={meanOf(rows[2]?.values ?? [])}
      data-mean-shuffled={meanOf(rows[3]?.values ?? [])}
      data-high={trained.length ? trained.filter((v) => v >= 0.9).length / trained.length : ''}
      data-low={trained.length ? trained.filter((v) => v <= 0.5).length / trained.length : ''}
      data-diagonal-mean={meanOf(finite(diag))}
    >
      <LineChart
        title="Mean matched correlation per layer"
        yLabel="mean matched r"
        xLabel="hidden layer (1 = first)"
        file="convergent-matched-mean"
        smoothing={false}
        lines={lines}
        empty="The untrained pair’s matching appears first; the trained pair’s after both nets are trained."
      />
      {layers.length > 0 && (
        <p className="muted small">
          Layer{' '}
          <select value={layer ?? ''} onChange={(e) => setPicked(e.target.value)} aria-label="Layer shown">
            {layers.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </p>
      )}
      <div className="view-row">
        <div style={{ minWidth: 0 }}>
          {raw && matched ? (
            <HeatmapPanels
              title={`Unit–unit correlation of the trained nets, ${layer}`}
              file={`convergent-correlation-${layer}`}
              testId="convergent-correlation"
              scale={CORRELATION}
              cellSize={Math.max(1, Math.min(3, 256 / raw.shape[1]))}
              minPanel={200}
              panels={[
                { label: 'before matching', rows: raw.shape[0], cols: raw.shape[1], data: raw.data },
                {
                  label: 'after matching',
                  rows: matched.shape[0],
                  cols: matched.shape[1],
                  data: matched.data,
                },
              ]}
              caption="Rows: units of net A; columns: units of net B. After matching, B’s units are reordered onto their Hungarian partners and pairs sorted by r, so the diagonal holds the matched correlations, best first."
            />
          ) : (
            <p className="muted small">The correlation matrices appear once both nets are trained.</p>
          )}
        </div>
        <div style={{ minWidth: 0 }}>
          <LineChart
            title={`Matched r per unit, ${layer ?? ''}`}
            yLabel="share of units"
            xLabel="matched correlation r"
            file={`convergent-histogram-${layer}`}
            smoothing={false}
            lastValue={false}
            lines={histLines}
            empty="The histogram of matched r appears after the shuffled-probe control."
          />
        </div>
      </div>
      <SparsePredictionPanel run={run} layers={layers} />
      <ManyToManyPanel run={run} />
    </div>
  );
}
