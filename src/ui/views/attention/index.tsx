// The "attention" view: a layer × head grid of attention heatmaps (rows = queries, columns = keys)
// for one chosen input, with hover linking a query and a key across every map; for images, each
// head's attention drawn over the digit's patches and the attention rollout; for sequences, the
// pointer targets outlined and the pointer-mass curves. Snapshot names follow
// src/lab/experiments/attention/.
import { useEffect, useRef, useState } from 'react';
import * as d3 from 'd3';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { color } from '../palette.ts';
import { PfnView } from './PfnView.tsx';
import { POINTER_VIEWS } from './PointerView.tsx';
import { RandomFeaturesView } from './RandomFeatures.tsx';

interface Hover {
  q: number;
  k: number;
}

/** One map [T, T] out of a snapshot [n, H, T, T] (or [n, T, T] with head = 0). */
function mapOf(s: Snapshot, e: number, h: number): Float32Array {
  const T = s.shape[s.shape.length - 1];
  const heads = s.shape.length === 4 ? s.shape[1] : 1;
  const base = (e * heads + h) * T * T;
  return (s.data as Float32Array).subarray(base, base + T * T);
}

function layersOf(run: RunRecord | null): Snapshot[] {
  return Object.values(run?.snapshots ?? {})
    .filter((s) => s.kind === 'heatmap' && /^attention\/L\d+$/.test(s.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

// The grid of maps needs the whole width of the views grid, whose cells are 300 px and up.
const FULL_ROW = { gridColumn: '1 / -1', minWidth: 0, overflowX: 'auto' } as const;
// Map columns at their natural size when there is room, narrower (the maps scale down) when there is not.
const SHRINKABLE = 'minmax(0, max-content)';

const rgb = (v: number) => d3.rgb(d3.interpolateViridis(Math.max(0, Math.min(1, v))));

interface HeatmapProps {
  map: Float32Array;
  T: number;
  title: string;
  hover: Hover | null;
  onHover: (h: Hover | null) => void;
  rowLabels?: string[];
  colLabels?: string[];
  pointers?: Float32Array;
}

/** A T×T map, colour scaled to the map's own maximum; the hovered query row and key column are outlined. */
function Heatmap({ map, T, title, hover, onHover, rowLabels, colLabels, pointers }: HeatmapProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const cell = Math.max(6, Math.floor(150 / T));
  const pad = rowLabels ? 26 : 0;
  const side = pad + T * cell;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = side;
    c.height = side;
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, side, side);
    let hi = 1e-9;
    for (const v of map) hi = Math.max(hi, v);
    for (let q = 0; q < T; q++) {
      for (let k = 0; k < T; k++) {
        g.fillStyle = rgb(map[q * T + k] / hi).formatHex();
        g.fillRect(pad + k * cell, pad + q * cell, cell, cell);
      }
    }
    if (pointers) {
      g.strokeStyle = '#ff4d4d';
      g.lineWidth = 1.5;
      for (let q = 0; q < T; q++)
        for (let k = 0; k < T; k++)
          if (pointers[q * T + k] > 0) g.strokeRect(pad + k * cell + 1, pad + q * cell + 1, cell - 2, cell - 2);
    }
    if (rowLabels && colLabels) {
      g.fillStyle = '#555';
      g.font = `${Math.min(11, cell)}px sans-serif`;
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      for (let i = 0; i < T; i++) {
        g.fillText(colLabels[i] ?? '', pad + (i + 0.5) * cell, pad / 2);
        g.fillText(rowLabels[i] ?? '', pad / 2, pad + (i + 0.5) * cell);
      }
    }
    if (hover) {
      g.strokeStyle = '#fff';
      g.lineWidth = 1;
      g.strokeRect(pad + 0.5, pad + hover.q * cell + 0.5, T * cell - 1, cell - 1);
      g.strokeRect(pad + hover.k * cell + 0.5, pad + 0.5, cell - 1, T * cell - 1);
      g.strokeStyle = '#f0f';
      g.lineWidth = 2;
      g.strokeRect(pad + hover.k * cell + 1, pad + hover.q * cell + 1, cell - 2, cell - 2);
    }
  }, [map, T, cell, pad, side, hover, rowLabels, colLabels, pointers]);
  const move = (ev: React.MouseEvent<HTMLCanvasElement>) => {
    const r = ev.currentTarget.getBoundingClientRect();
    const scale = side / r.width;
    const k = Math.floor(((ev.clientX - r.left) * scale - pad) / cell);
    const q = Math.floor(((ev.clientY - r.top) * scale - pad) / cell);
    onHover(q >= 0 && q < T && k >= 0 && k < T ? { q, k } : null);
  };
  return (
    <figure className="attention-cell">
      <figcaption className="muted small">{title}</figcaption>
      <canvas
        ref={ref}
        data-testid="attention-heatmap"
        role="img"
        aria-label={`${title}: rows are queries, columns keys`}
        style={{ width: '100%', maxWidth: side, height: 'auto', imageRendering: 'pixelated', cursor: 'crosshair' }}
        onMouseMove={move}
        onMouseLeave={() => onHover(null)}
      />
    </figure>
  );
}

/**
 * The digit with a patch-level map drawn over it in red (blue outline: the hovered query patch,
 * magenta: the hovered key patch): the hovered query's row, or the mean over queries (the ViT pools
 * the mean of its tokens, so that is what reaches the output).
 */
function Overlay({
  image,
  side,
  map,
  T,
  hover,
  title,
  testId,
}: {
  image: Float32Array;
  side: number;
  map: Float32Array;
  T: number;
  hover: Hover | null;
  title: string;
  testId: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const grid = Math.round(Math.sqrt(T));
  const patch = side / grid;
  const zoom = 4;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = c.height = side * zoom;
    const g = c.getContext('2d')!;
    const weights = new Float32Array(T);
    for (let k = 0; k < T; k++) {
      if (hover) weights[k] = map[hover.q * T + k];
      else for (let q = 0; q < T; q++) weights[k] += map[q * T + k] / T;
    }
    // Min-to-max contrast: near-uniform maps (early training) still show which patches lead.
    const lo = Math.min(...weights);
    const span = Math.max(Math.max(...weights) - lo, 1e-9);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const v = image[y * side + x];
        const a = (weights[Math.floor(y / patch) * grid + Math.floor(x / patch)] - lo) / span;
        const r = Math.round(255 * (v * (1 - 0.6 * a) + 0.6 * a));
        const gb = Math.round(255 * v * (1 - 0.6 * a));
        g.fillStyle = `rgb(${r},${gb},${gb})`;
        g.fillRect(x * zoom, y * zoom, zoom, zoom);
      }
    }
    if (hover) {
      g.strokeStyle = '#3cf';
      g.lineWidth = 2;
      g.strokeRect(
        (hover.q % grid) * patch * zoom + 1,
        Math.floor(hover.q / grid) * patch * zoom + 1,
        patch * zoom - 2,
        patch * zoom - 2,
      );
      g.strokeStyle = '#f0f';
      g.strokeRect(
        (hover.k % grid) * patch * zoom + 3,
        Math.floor(hover.k / grid) * patch * zoom + 3,
        patch * zoom - 6,
        patch * zoom - 6,
      );
    }
  }, [image, side, map, T, hover, grid, patch]);
  return (
    <figure className="attention-cell">
      <figcaption className="muted small">{title}</figcaption>
      <canvas
        ref={ref}
        data-testid={testId}
        role="img"
        aria-label={`${title} over the image patches`}
        style={{ width: '100%', maxWidth: 112, height: 'auto' }}
      />
    </figure>
  );
}

function pointerLines(m: Record<string, Series>): Line[] {
  return Object.keys(m)
    .filter((k) => k.startsWith('pointer/'))
    .sort()
    .map((k, i) => ({
      key: k,
      label: `layer ${k.slice('pointer/L'.length)}`,
      color: color(i),
      steps: m[k].steps,
      values: m[k].values,
    }));
}

export function AttentionView({ run }: { run: RunRecord | null }) {
  const [example, setExample] = useState(0);
  const [hover, setHover] = useState<Hover | null>(null);
  const layers = layersOf(run);
  const snaps = run?.snapshots ?? {};
  const inputs = snaps['attention/inputs'];
  const roll = snaps['attention/rollout'];
  const pointer = snaps['attention/pointer'];
  if (layers.length === 0) {
    return (
      <div data-testid="view-attention" style={FULL_ROW}>
        <div className="empty">
          Attention maps appear once the run has captured its first forward pass: one heatmap per layer and head, rows
          are queries and columns keys.
        </div>
      </div>
    );
  }
  const [n, heads, T] = layers[0].shape;
  const e = Math.min(example, n - 1);
  const side = inputs ? inputs.shape[1] : 0;
  const image = inputs ? (inputs.data as Float32Array).subarray(e * side * side, (e + 1) * side * side) : null;
  // Sequences: labels = the T input tokens, then the T predicted tokens.
  const seqLabels = !inputs && layers[0].labels?.length === 2 * T ? layers[0].labels : undefined;
  const colLabels = seqLabels?.slice(0, T);
  const rowLabels = seqLabels?.slice(T);
  const readout = hover
    ? `query ${hover.q}${rowLabels ? ` (emits ${rowLabels[hover.q]})` : ''} → key ${hover.k}${colLabels ? ` (holds ${colLabels[hover.k]})` : ''}: ` +
      layers
        .map(
          (s, l) =>
            `L${l} ${Array.from({ length: heads }, (_, h) => mapOf(s, e, h)[hover.q * T + hover.k].toFixed(2)).join('/')}`,
        )
        .join(' · ')
    : 'Hover a cell to link a query position to a key position in every map.';
  return (
    <div data-testid="view-attention" data-step={layers[0].step} style={FULL_ROW}>
      <div className="chart-head">
        <span className="chart-title">
          Attention per layer and head{' '}
          <span className="muted small">
            (step {layers[0].step}; rows = queries, columns = keys{pointer ? '; red outlines = pointer targets' : ''})
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
      <div
        className="attention-grid"
        style={{ display: 'grid', gridTemplateColumns: `repeat(${heads + (image ? 1 : 0)}, ${SHRINKABLE})`, gap: 8 }}
      >
        {layers.flatMap((s, l) => [
          ...(image
            ? [
                <Overlay
                  key={`img${l}`}
                  image={image}
                  side={side}
                  map={meanOverHeads(s, e)}
                  T={T}
                  hover={hover}
                  title={`L${l} mean of heads`}
                  testId="attention-overlay"
                />,
              ]
            : []),
          ...Array.from({ length: heads }, (_, h) => (
            <Heatmap
              key={`${l}.${h}`}
              map={mapOf(s, e, h)}
              T={T}
              title={`layer ${l} · head ${h}`}
              hover={hover}
              onHover={setHover}
              rowLabels={rowLabels}
              colLabels={colLabels}
              pointers={pointer?.data as Float32Array | undefined}
            />
          )),
        ])}
      </div>
      {image && (
        <div
          className="attention-grid"
          style={{ display: 'grid', gridTemplateColumns: `repeat(${heads + 1}, ${SHRINKABLE})`, gap: 8, marginTop: 12 }}
        >
          {layers.flatMap((s, l) => [
            ...Array.from({ length: heads }, (_, h) => (
              <Overlay
                key={`o${l}.${h}`}
                image={image}
                side={side}
                map={mapOf(s, e, h)}
                T={T}
                hover={hover}
                title={`L${l} · head ${h} on the digit`}
                testId="attention-overlay"
              />
            )),
            l === layers.length - 1 && roll ? (
              <Overlay
                key="rollout"
                image={image}
                side={side}
                map={mapOf(roll, e, 0)}
                T={T}
                hover={hover}
                title="rollout (all layers)"
                testId="attention-rollout"
              />
            ) : (
              <div key={`gap${l}`} />
            ),
          ])}
        </div>
      )}
      {pointer && (
        <div style={{ maxWidth: 560, marginTop: 12 }}>
          <LineChart
            title="Pointer mass (best head)"
            yLabel="mass on pointer targets"
            file="pointer-mass"
            lines={pointerLines(run?.metrics ?? {})}
            empty="The attention on the pointer targets is traced at each capture."
          />
        </div>
      )}
    </div>
  );
}

function meanOverHeads(s: Snapshot, e: number): Float32Array {
  const heads = s.shape[1];
  const T = s.shape[2];
  const out = new Float32Array(T * T);
  for (let h = 0; h < heads; h++) mapOf(s, e, h).forEach((v, i) => (out[i] += v / heads));
  return out;
}

const CONDITION_LABELS: Record<string, string> = {
  'true-labels': 'true labels',
  'random-labels': 'random labels',
  'random-inputs': 'random inputs',
};

/** Active share per hidden layer (one chart per layer, one line per condition), then train accuracy. */
export function ActivationSparsityView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const keys = Object.keys(m).filter((k) => k.startsWith('active/'));
  const layers = [...new Set(keys.map((k) => k.split('/')[2]))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const conditions = Object.keys(CONDITION_LABELS);
  const lines = (prefix: string, suffix: string): Line[] =>
    conditions.flatMap((c, i) => {
      const s = m[`${prefix}/${c}/${suffix}`];
      return s ? [{ key: `${c}`, label: CONDITION_LABELS[c], color: color(i), steps: s.steps, values: s.values }] : [];
    });
  const pctFmt = (v: number) => `${(v * 100).toFixed(0)}%`;
  return (
    <div className="view-row" data-testid="view-activation-sparsity">
      {(layers.length ? layers : ['fc1']).map((l) => (
        <LineChart
          key={l}
          title={`Active units · ${l}`}
          yLabel="share of nonzero ReLU outputs"
          yFormat={pctFmt}
          file={`active-${l}`}
          lines={lines('active', l)}
          empty="The share of hidden units that fire on a probe batch is traced here as training runs."
        />
      ))}
      <LineChart
        title="Train accuracy"
        yLabel="accuracy"
        yFormat={pctFmt}
        file="lazy-neuron-accuracy"
        lines={lines('train', 'accuracy')}
        empty="Training accuracy per condition appears after the first steps."
      />
    </div>
  );
}

export const ATTENTION_VIEWS = {
  attention: AttentionView,
  'activation-sparsity': ActivationSparsityView,
  ...POINTER_VIEWS,
  pfn: PfnView,
  'random-features': RandomFeaturesView,
};
