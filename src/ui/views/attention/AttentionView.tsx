// The "attention" view (sort-attention, vit-attention): every layer's heads as small multiples on
// one 0–1 scale, wrapped to the width, for one chosen input; hovering a cell links that query and
// key across every map. For images, where the heads look on the digit; for sequences, the pointer
// targets outlined and the pointer-mass curves. Snapshot names follow src/lab/experiments/attention/.
import { useState } from 'react';
import type { RunRecord, Series } from '../../history/types.ts';
import { HeatmapPanels, type Panel } from '../../charts/Heatmap.tsx';
import { indexColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { ATTENTION_SCALE, layersOf, mapOf, metricAt } from './attention-maps.ts';
import { DigitAttention } from './DigitAttention.tsx';

export interface Hover {
  q: number;
  k: number;
}

// The maps need the whole width of the views grid, whose cells are 300 px and up.
const FULL_ROW = { gridColumn: '1 / -1', minWidth: 0 } as const;

function pointerLines(m: Record<string, Series>): Line[] {
  return Object.keys(m)
    .filter((k) => k.startsWith('pointer/'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((k) => {
      const layer = Number(k.slice('pointer/L'.length));
      return { key: k, label: `layer ${layer}`, color: indexColor(layer), steps: m[k].steps, values: m[k].values };
    });
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function AttentionView({ run }: { run: RunRecord | null }) {
  const [example, setExample] = useState(0);
  const [hover, setHover] = useState<Hover | null>(null);
  const layers = layersOf(run);
  const snaps = run?.snapshots ?? {};
  const inputs = snaps['attention/inputs'];
  const pointer = snaps['attention/pointer'];
  if (layers.length === 0) {
    return (
      <div data-testid="view-attention" style={FULL_ROW}>
        <div className="empty">
          Attention maps appear once the run has captured its first forward pass (before the first training step): one
          heatmap per layer and head, rows are queries and columns keys.
        </div>
      </div>
    );
  }
  const [n, heads, T] = layers[0].shape;
  const step = layers[0].step;
  const e = Math.min(example, n - 1);
  const side = inputs ? inputs.shape[1] : 0;
  const image = inputs ? (inputs.data as Float32Array).subarray(e * side * side, (e + 1) * side * side) : null;
  // Sequences: labels = the T input tokens, then the T predicted tokens.
  const seqLabels = !inputs && layers[0].labels?.length === 2 * T ? layers[0].labels : undefined;
  const keyTokens = seqLabels?.slice(0, T);
  const queryTokens = seqLabels?.slice(T);
  const accuracy = metricAt(run, 'test/accuracy', step);
  const panels: Panel[] = layers.flatMap((s, l) =>
    Array.from({ length: heads }, (_, h) => ({
      label: `L${l} · head ${h}`,
      rows: T,
      cols: T,
      data: mapOf(s, e, h),
      newRow: h === 0,
    })),
  );
  const readout = hover
    ? `query ${hover.q}${queryTokens ? ` (emits ${queryTokens[hover.q]})` : ''} → key ${hover.k}${keyTokens ? ` (holds ${keyTokens[hover.k]})` : ''}: ` +
      layers
        .map(
          (s, l) =>
            `L${l} ${Array.from({ length: heads }, (_, h) => mapOf(s, e, h)[hover.q * T + hover.k].toFixed(2)).join('/')}`,
        )
        .join(' · ')
    : 'Hover a cell to link a query position to a key position in every map.';
  const targets = pointer?.data as Float32Array | undefined;
  return (
    <div data-testid="view-attention" data-step={step} data-test-accuracy={accuracy} data-example={e} style={FULL_ROW}>
      <div className="chart-head">
        <span className="chart-title">
          Attention per layer and head{' '}
          <span className="muted small">
            (step {step}
            {accuracy !== undefined ? `, test accuracy ${pct(accuracy)}` : step === 0 ? ', untrained' : ''})
          </span>
        </span>
        {n > 1 && (
          <span className="chart-tools" role="group" aria-label="Example">
            {Array.from({ length: n }, (_, i) => (
              <button key={i} type="button" aria-pressed={i === e} onClick={() => setExample(i)}>
                {inputs?.labels?.[i] ?? `#${i + 1}`}
              </button>
            ))}
          </span>
        )}
      </div>
      <p className="muted small" data-testid="attention-readout">
        {readout}
      </p>
      <HeatmapPanels
        title={image ? 'Patch-to-patch attention' : 'Output-to-input attention'}
        file={image ? 'vit-attention-maps' : 'sort-attention-maps'}
        testId="attention-maps"
        scale={ATTENTION_SCALE}
        panels={panels}
        cellSize={Math.max(10, Math.floor(160 / T))}
        minPanel={96}
        onCell={(c) => setHover(c && { q: c.row, k: c.col })}
        overlay={(_, { w, cell }) => (
          <>
            {targets &&
              Array.from(targets).map((v, i) =>
                v > 0 ? (
                  <rect
                    key={i}
                    x={(i % T) * cell + 1}
                    y={Math.floor(i / T) * cell + 1}
                    width={cell - 2}
                    height={cell - 2}
                    fill="none"
                    stroke="#ff4d4d"
                    strokeWidth={1.5}
                  />
                ) : null,
              )}
            {hover && (
              <>
                <rect y={hover.q * cell} width={w} height={cell} fill="none" stroke="#fff" strokeOpacity={0.8} />
                <rect x={hover.k * cell} width={cell} height={T * cell} fill="none" stroke="#fff" strokeOpacity={0.8} />
                <rect
                  x={hover.k * cell}
                  y={hover.q * cell}
                  width={cell}
                  height={cell}
                  fill="none"
                  stroke="#f0f"
                  strokeWidth={2}
                />
              </>
            )}
          </>
        )}
        caption={
          <>
            Rows are queries, columns keys; each row sums to 1.
            {image ? ' Tokens are the 7×7 patches of the digit, row by row.' : ''}
            {keyTokens
              ? ` Input tokens (keys): ${keyTokens.join(' ')}; emitted (queries): ${queryTokens!.join(' ')}.`
              : ''}
            {targets ? ' Red outlines: where a pointer network would look (the input holding the token to emit).' : ''}
          </>
        }
      />
      {image && (
        <DigitAttention
          layers={layers}
          rollout={snaps['attention/rollout']}
          image={image}
          side={side}
          example={e}
          hover={hover}
          onHover={setHover}
        />
      )}
      {pointer && (
        <div style={{ maxWidth: 560, marginTop: 12 }}>
          <LineChart
            title="Pointer mass (best head)"
            yLabel="pointer mass (probability)"
            xLabel="training step"
            file="pointer-mass"
            lines={pointerLines(run?.metrics ?? {})}
            empty="The attention on the pointer targets is traced at each capture."
          />
        </div>
      )}
    </div>
  );
}
