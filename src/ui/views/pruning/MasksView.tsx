// The "masks" view of the pruning family: a round scrubber driving per-layer mask heatmaps (conv
// masks as per-filter kernel tiles with filter densities), the first layer's surviving inputs as
// 28×28 tiles with the per-pixel survival rate, density bars (IMP vs ERK vs uniform), accuracy
// and early-stop step vs weights remaining with seed bands, and for rewinding / random pruning
// their interpolation, barrier and gap curves. Series names are declared in
// src/lab/experiments/pruning/{lottery-ticket,lottery-rewind,random-pruning}.experiment.ts.
import { useEffect, useMemo, useRef, useState } from 'react';
import * as d3 from 'd3';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { ChartExport } from '../ChartExport.tsx';
import { LineChart, type Line } from '../LineChart.tsx';
import { color } from '../palette.ts';

type Metrics = Record<string, Series>;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const W = 420;
const H = 230;
const M = { left: 48, right: 12, top: 10, bottom: 34 };

/** Mask snapshots by round: round → layer snapshots in the order the engine sent them, forward order (a name sort would put a ResNet's fc between conv1 and layer1). */
function masksByRound(run: RunRecord | null): Map<number, Snapshot[]> {
  const out = new Map<number, Snapshot[]>();
  for (const s of Object.values(run?.snapshots ?? {})) {
    const m = /^mask\/r(\d+)\/(.+)$/.exec(s.name);
    if (!m || s.kind !== 'heatmap') continue;
    const r = Number(m[1]);
    out.set(r, [...(out.get(r) ?? []), s]);
  }
  return out;
}

/** A mask [in, out] drawn with one row per output unit; `zoom` px per weight without smoothing (0 = fit the width). */
function MaskHeatmap({ s, zoom }: { s: Snapshot; zoom: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [rows, cols] = s.shape;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = rows;
    c.height = cols;
    const g = c.getContext('2d')!;
    const img = g.createImageData(rows, cols);
    for (let j = 0; j < cols; j++) {
      for (let i = 0; i < rows; i++) {
        const v = s.data[i * cols + j] > 0 ? 30 : 235;
        const k = (j * rows + i) * 4;
        img.data[k] = img.data[k + 1] = img.data[k + 2] = v;
        img.data[k + 3] = 255;
      }
    }
    g.putImageData(img, 0, 0);
  }, [s, rows, cols]);
  const kept = useMemo(() => {
    let n = 0;
    for (let i = 0; i < s.data.length; i++) n += s.data[i] > 0 ? 1 : 0;
    return n / s.data.length;
  }, [s]);
  const name = s.name.replace(/^mask\/r\d+\//, '');
  return (
    <figure className="chart mask-heatmap" data-testid="mask-heatmap">
      <figcaption className="chart-head">
        <span className="chart-title">
          {name}{' '}
          <span className="muted small">
            ({rows}×{cols}, {pct(kept)} kept)
          </span>
        </span>
        <ChartExport canvas={ref} file={name} />
      </figcaption>
      <div style={{ overflow: 'auto', maxHeight: 360 }}>
        <canvas
          ref={ref}
          style={{ width: zoom > 0 ? rows * zoom : '100%', imageRendering: 'pixelated', display: 'block' }}
          role="img"
          aria-label={`mask of ${name}: rows are output units, columns inputs`}
        />
      </div>
    </figure>
  );
}

/**
 * A conv mask [outC, inC, k, k]: one row per output filter, one k×k tile per input channel
 * (dark = kept), and beside each row the filter's density as a bar, so dead filters and
 * channels show as blank rows and columns.
 */
function ConvMaskHeatmap({ s, zoom }: { s: Snapshot; zoom: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [outC, inC, kh, kw] = s.shape;
  const bar = 24;
  const density = useMemo(() => {
    const per = inC * kh * kw;
    return Array.from({ length: outC }, (_, o) => {
      let n = 0;
      for (let i = o * per; i < (o + 1) * per; i++) n += s.data[i] > 0 ? 1 : 0;
      return n / per;
    });
  }, [s, outC, inC, kh, kw]);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = inC * (kw + 1) + 1 + bar;
    c.height = outC * (kh + 1) + 1;
    const g = c.getContext('2d')!;
    const img = g.createImageData(c.width, c.height);
    img.data.fill(160);
    for (let o = 0; o < outC; o++) {
      for (let i = 0; i < inC; i++) {
        for (let y = 0; y < kh; y++) {
          for (let x = 0; x < kw; x++) {
            const v = s.data[((o * inC + i) * kh + y) * kw + x] > 0 ? 30 : 245;
            const k = ((o * (kh + 1) + 1 + y) * c.width + i * (kw + 1) + 1 + x) * 4;
            img.data[k] = img.data[k + 1] = img.data[k + 2] = v;
          }
        }
      }
      const len = Math.round(density[o] * (bar - 2));
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < bar - 1; x++) {
          const k = ((o * (kh + 1) + 1 + y) * c.width + inC * (kw + 1) + 1 + x) * 4;
          const on = x < len;
          img.data[k] = on ? 60 : 235;
          img.data[k + 1] = on ? 120 : 235;
          img.data[k + 2] = on ? 200 : 235;
        }
      }
    }
    for (let k = 3; k < img.data.length; k += 4) img.data[k] = 255;
    g.putImageData(img, 0, 0);
  }, [s, outC, inC, kh, kw, density]);
  const kept = d3.mean(density) ?? 0;
  const dead = density.filter((d) => d === 0).length;
  const name = s.name.replace(/^mask\/r\d+\//, '');
  return (
    <figure className="chart mask-heatmap" data-testid="conv-mask">
      <figcaption className="chart-head">
        <span className="chart-title">
          {name}{' '}
          <span className="muted small">
            ({outC} filters × {inC} channels of {kh}×{kw}, {pct(kept)} kept, {dead} dead filters)
          </span>
        </span>
        <ChartExport canvas={ref} file={name} />
      </figcaption>
      <div style={{ overflow: 'auto', maxHeight: 360 }}>
        <canvas
          ref={ref}
          style={{
            width: zoom > 0 ? (inC * (kw + 1) + 1 + bar) * zoom : '100%',
            imageRendering: 'pixelated',
            display: 'block',
          }}
          role="img"
          aria-label={`mask of ${name}: rows are output filters, tiles the ${kh}×${kw} kernel per input channel, bars the filter's density`}
        />
      </div>
    </figure>
  );
}

/** First-layer mask [784, units]: each unit's surviving inputs as a 28×28 tile, and the survival rate per pixel. */
function FirstLayerTiles({ s }: { s: Snapshot }) {
  const tiles = useRef<HTMLCanvasElement>(null);
  const rate = useRef<HTMLCanvasElement>(null);
  const [inputs, units] = s.shape;
  useEffect(() => {
    if (inputs !== 784 || !tiles.current || !rate.current) return;
    const n = Math.min(64, units);
    const cols = 8;
    const t = tiles.current;
    t.width = cols * 29 + 1;
    t.height = Math.ceil(n / cols) * 29 + 1;
    const g = t.getContext('2d')!;
    const img = g.createImageData(t.width, t.height);
    img.data.fill(128);
    const survive = new Float32Array(784);
    for (let p = 0; p < 784; p++)
      for (let j = 0; j < units; j++) survive[p] += s.data[p * units + j] > 0 ? 1 / units : 0;
    for (let j = 0; j < n; j++) {
      const ox = (j % cols) * 29 + 1;
      const oy = Math.floor(j / cols) * 29 + 1;
      for (let p = 0; p < 784; p++) {
        const k = ((oy + Math.floor(p / 28)) * t.width + ox + (p % 28)) * 4;
        const v = s.data[p * units + j] > 0 ? 255 : 0;
        img.data[k] = img.data[k + 1] = img.data[k + 2] = v;
        img.data[k + 3] = 255;
      }
    }
    g.putImageData(img, 0, 0);
    const r = rate.current;
    r.width = r.height = 28;
    const h = r.getContext('2d')!;
    const im = h.createImageData(28, 28);
    const hi = Math.max(...survive, 1e-9);
    survive.forEach((v, p) => {
      const c = d3.rgb(d3.interpolateViridis(v / hi));
      im.data.set([c.r, c.g, c.b, 255], p * 4);
    });
    h.putImageData(im, 0, 0);
  }, [s, inputs, units]);
  if (inputs !== 784) return null;
  return (
    <div className="view-row">
      <figure className="chart" data-testid="mask-tiles">
        <figcaption className="chart-head">
          <span className="chart-title">First layer: surviving inputs of {Math.min(64, units)} units</span>
          <ChartExport canvas={tiles} file="first-layer-tiles" />
        </figcaption>
        <canvas
          ref={tiles}
          className="pixels"
          role="img"
          aria-label="each hidden unit's surviving input pixels as a 28×28 tile (white = kept)"
        />
      </figure>
      <figure className="chart" data-testid="mask-survival">
        <figcaption className="chart-head">
          <span className="chart-title">Survival rate per pixel (all units)</span>
          <ChartExport canvas={rate} file="pixel-survival" />
        </figcaption>
        <canvas
          ref={rate}
          className="pixels"
          style={{ maxWidth: 240 }}
          role="img"
          aria-label="fraction of first-layer units keeping each input pixel; bright = kept by many"
        />
      </figure>
    </div>
  );
}

/** Below this density a layer found by IMP is flagged: it may cut the signal (layer collapse). */
const THIN_LAYER = 0.01;

/** Per-layer densities at `step` for each method (`density/<method>/<layer>`), as grouped bars. */
function DensityBars({ m, step }: { m: Metrics; step: number }) {
  const svg = useRef<SVGSVGElement>(null);
  const entries = Object.keys(m)
    .filter((k) => k.startsWith('density/'))
    .map((k) => {
      const [, method, layer] = k.split('/');
      const s = m[k];
      const i = s.steps.lastIndexOf(step);
      return { method, layer, value: i >= 0 ? s.values[i] : s.values[s.values.length - 1] };
    });
  if (entries.length === 0) return null;
  // Forward order, as the engine sent them.
  const layers = [...new Set(entries.map((e) => e.layer))];
  // Past 8 layers (a ResNet has 22) full names collide: short names, slanted.
  const many = layers.length > 8;
  const label = (l: string) => {
    const name = l.replace('.weight', '');
    return many ? name.replace('layer', 'L').replace('shortcut.conv', 'sc').replace(/conv/g, 'c') : name;
  };
  const methods = [...new Set(entries.map((e) => e.method))];
  const thin = entries.filter((e) => e.method === 'IMP' && e.value < THIN_LAYER);
  const x = d3
    .scaleBand()
    .domain(layers)
    .range([M.left, W - M.right])
    .padding(0.2);
  const xi = d3.scaleBand().domain(methods).range([0, x.bandwidth()]).padding(0.05);
  const y = d3
    .scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  return (
    <figure className="chart" data-testid="density-bars">
      <figcaption className="chart-head">
        <span className="chart-title">Density per layer</span>
        <span className="legend">
          {methods.map((k, i) => (
            <span key={k} className="legend-item">
              <span className="swatch" style={{ background: color(i) }} /> {k}
            </span>
          ))}
        </span>
        <ChartExport svg={svg} file="density-per-layer" />
      </figcaption>
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        className="chart-svg"
        role="img"
        aria-label={`density per layer: ${methods.join(', ')}`}
      >
        {y.ticks(5).map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity={0.1} />
            <text x={M.left - 4} y={y(t) + 3} fontSize={10} textAnchor="end" fill="currentColor">
              {pct(t)}
            </text>
          </g>
        ))}
        {entries.map((e) => (
          <rect
            key={`${e.method}/${e.layer}`}
            x={x(e.layer)! + xi(e.method)!}
            width={xi.bandwidth()}
            y={y(e.value)}
            height={y(0) - y(e.value)}
            fill={color(methods.indexOf(e.method))}
          >
            <title>{`${e.layer} ${e.method}: ${pct(e.value)}`}</title>
          </rect>
        ))}
        {layers.map((l) => {
          const [lx, ly] = [x(l)! + x.bandwidth() / 2, H - M.bottom + (many ? 8 : 14)];
          return (
            <text
              key={l}
              x={lx}
              y={ly}
              fontSize={many ? 8 : 10}
              textAnchor={many ? 'end' : 'middle'}
              transform={many ? `rotate(-50 ${lx} ${ly})` : undefined}
              fill="currentColor"
            >
              <title>{l}</title>
              {label(l)}
            </text>
          );
        })}
      </svg>
      {thin.length > 0 && (
        <p className="muted small" data-testid="thin-layers">
          IMP keeps {thin.map((e) => `${(100 * e.value).toPrecision(2)}% of ${label(e.layer)}`).join(', ')}. Magnitude
          pruning can all but empty a layer whose weights are small (under global pruning a wide input layer starts with
          the smallest), and a layer left nearly empty can stop the whole net from training (layer collapse).
        </p>
      )}
    </figure>
  );
}

/**
 * `prefix/<arm>/<rep>` series at step = round, drawn against the fraction of weights remaining
 * at that round (log x): the mean over reps as a line, their range as a band.
 */
function VsRemaining({
  m,
  prefix,
  title,
  yLabel,
  yFormat,
  round,
  testid,
}: {
  m: Metrics;
  prefix: string;
  title: string;
  yLabel: string;
  yFormat: (v: number) => string;
  round: number;
  testid: string;
}) {
  const svg = useRef<SVGSVGElement>(null);
  const rem = m.remaining;
  const arms = new Map<string, Series[]>();
  for (const k of Object.keys(m)) {
    if (!k.startsWith(`${prefix}/`)) continue;
    const arm = k.split('/')[1];
    arms.set(arm, [...(arms.get(arm) ?? []), m[k]]);
  }
  if (!rem || arms.size === 0) return null;
  const remAt = new Map(rem.steps.map((s, i) => [s, rem.values[i]]));
  const curves = [...arms.entries()].map(([arm, reps], ci) => {
    const rounds = [...new Set(reps.flatMap((r) => r.steps))].filter((r) => remAt.has(r)).sort((a, b) => a - b);
    const pts = rounds.map((r) => {
      const vs = reps.flatMap((s) => s.steps.flatMap((st, i) => (st === r ? [s.values[i]] : [])));
      return { x: remAt.get(r)!, mean: d3.mean(vs)!, lo: d3.min(vs)!, hi: d3.max(vs)!, n: vs.length };
    });
    return { arm, pts, color: color(ci) };
  });
  const all = curves.flatMap((c) => c.pts);
  const x = d3
    .scaleLog()
    .domain(d3.extent(all, (p) => p.x) as [number, number])
    .range([W - M.right, M.left])
    .nice();
  if (x.domain()[0] === x.domain()[1]) x.domain([x.domain()[0] / 2, 1]);
  const [lo, hi] = [d3.min(all, (p) => p.lo)!, d3.max(all, (p) => p.hi)!];
  // A flat curve (e.g. every run stopping at its last evaluation) still gets a readable axis.
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.1 || 1;
  const y = d3
    .scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([H - M.bottom, M.top]);
  const line = d3
    .line<{ x: number; mean: number }>()
    .x((p) => x(p.x))
    .y((p) => y(p.mean));
  const band = d3
    .area<{ x: number; lo: number; hi: number }>()
    .x((p) => x(p.x))
    .y0((p) => y(p.lo))
    .y1((p) => y(p.hi));
  const cur = remAt.get(round);
  return (
    <figure className="chart" data-testid={testid} aria-label={title}>
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="legend">
          {curves.map((c) => (
            <span key={c.arm} className="legend-item" data-series={c.arm} data-last={c.pts[c.pts.length - 1]?.mean}>
              <span className="swatch" style={{ background: c.color }} /> {c.arm}
            </span>
          ))}
        </span>
        <ChartExport svg={svg} file={testid} />
      </figcaption>
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        className="chart-svg"
        role="img"
        aria-label={`${title} against the fraction of weights remaining (log scale)`}
      >
        {y.ticks(5).map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity={0.1} />
            <text x={M.left - 4} y={y(t) + 3} fontSize={10} textAnchor="end" fill="currentColor">
              {yFormat(t)}
            </text>
          </g>
        ))}
        {[...new Set(all.map((p) => p.x))].map((t) => (
          <text key={t} x={x(t)} y={H - M.bottom + 14} fontSize={10} textAnchor="middle" fill="currentColor">
            {pct(t)}
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} fontSize={10} textAnchor="middle" fill="currentColor">
          weights remaining (log)
        </text>
        <text
          transform={`translate(11 ${(M.top + H - M.bottom) / 2}) rotate(-90)`}
          fontSize={10}
          textAnchor="middle"
          fill="currentColor"
        >
          {yLabel}
        </text>
        {cur !== undefined && (
          <line
            x1={x(cur)}
            x2={x(cur)}
            y1={M.top}
            y2={H - M.bottom}
            stroke="currentColor"
            strokeOpacity={0.4}
            strokeDasharray="3 3"
          />
        )}
        {curves.map((c) => (
          <g key={c.arm}>
            {c.pts.some((p) => p.n > 1) && <path d={band(c.pts) ?? ''} fill={c.color} fillOpacity={0.18} />}
            <path d={line(c.pts) ?? ''} fill="none" stroke={c.color} strokeWidth={2} />
            {c.pts.map((p) => (
              <circle key={p.x} cx={x(p.x)} cy={y(p.mean)} r={2.5} fill={c.color} />
            ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}

function lines(m: Metrics, prefix: string, rename = (k: string) => k): Line[] {
  return Object.keys(m)
    .filter((k) => k.startsWith(prefix))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((k, i) => ({
      key: k,
      label: rename(k.slice(prefix.length)),
      color: color(i),
      steps: m[k].steps,
      values: m[k].values,
    }));
}

export function MasksView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  // Not memoized: the run record is updated in place while it streams.
  const byRound = masksByRound(run);
  const rounds = [...byRound.keys()].sort((a, b) => a - b);
  const [picked, setPicked] = useState<number | null>(null);
  const [zoom, setZoom] = useState(0);
  const round = picked !== null && byRound.has(picked) ? picked : (rounds[rounds.length - 1] ?? 0);
  const masks = byRound.get(round) ?? [];
  const hasRandom = Object.keys(m).some((k) => k.startsWith('gap/'));
  if (rounds.length === 0 && !hasRandom && !m.barrier) {
    return (
      <div data-testid="view-masks">
        <div className="empty">
          Masks appear after the first training round: per-layer heatmaps, first-layer tiles, density bars and accuracy
          against the weights remaining.
        </div>
      </div>
    );
  }
  const remaining = m.remaining?.values[m.remaining.steps.indexOf(round)];
  return (
    <div data-testid="view-masks" className="masks-view">
      {rounds.length > 0 && (
        <div className="chart-tools" data-testid="round-scrubber" style={{ marginBottom: '0.5rem' }}>
          <label>
            IMP round{' '}
            <input
              type="range"
              min={rounds[0]}
              max={rounds[rounds.length - 1]}
              step={1}
              value={round}
              onChange={(e) => setPicked(Number(e.target.value))}
              aria-label="IMP round"
              style={{ width: '12rem' }}
            />{' '}
            <strong data-testid="round-value">{round}</strong> of {rounds[rounds.length - 1]}
            {remaining !== undefined && <> · {pct(remaining)} of weights remain</>}
          </label>
          <label>
            zoom{' '}
            <select value={zoom} onChange={(e) => setZoom(Number(e.target.value))} aria-label="Mask zoom">
              {[0, 1, 2, 4].map((z) => (
                <option key={z} value={z}>
                  {z === 0 ? 'fit' : `${z}×`}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {masks[0] && <FirstLayerTiles s={masks[0]} />}
      <div className="view-row">
        <VsRemaining
          m={m}
          prefix="acc"
          title="Test accuracy vs weights remaining"
          yLabel="test accuracy"
          yFormat={pct}
          round={round}
          testid="acc-vs-remaining"
        />
        <VsRemaining
          m={m}
          prefix="es"
          title="Early-stop step vs weights remaining"
          yLabel="step of min test loss"
          yFormat={(v) => (Number.isInteger(v) ? String(v) : '')}
          round={round}
          testid="es-vs-remaining"
        />
        <DensityBars m={m} step={hasRandom ? 0 : round} />
      </div>
      {m.barrier && (
        <div className="view-row">
          <LineChart
            title="Test error along the line between two copies (x: α, %)"
            yLabel="test error"
            xLabel="α (%)"
            file="interpolation"
            yFormat={pct}
            lines={lines(m, 'interp/')}
            empty=""
          />
          <LineChart
            title="Error barrier vs rewind point (k, % of training)"
            yLabel="barrier"
            xLabel="rewind point k (% of training)"
            file="barrier"
            yFormat={pct}
            lines={[...lines(m, 'barrier', () => 'barrier'), ...lines(m, 'ticket/acc-by-k', () => 'ticket accuracy')]}
            empty=""
          />
        </div>
      )}
      {hasRandom && (
        <div className="view-row">
          <LineChart
            title="Dense − random-sparse accuracy gap vs width (x: hidden width)"
            yLabel="gap"
            file="gap-vs-width"
            yFormat={pct}
            lines={lines(m, 'gap/')}
            empty=""
          />
          <LineChart
            title="Test accuracy vs width (x: hidden width)"
            yLabel="accuracy"
            file="acc-vs-width"
            yFormat={pct}
            lines={lines(m, 'acc/')}
            empty=""
          />
        </div>
      )}
      {masks.length > 0 && (
        <div className="view-row">
          {masks.map((s) =>
            s.shape.length === 4 ? (
              <ConvMaskHeatmap key={s.name} s={s} zoom={zoom} />
            ) : (
              <MaskHeatmap key={s.name} s={s} zoom={zoom} />
            ),
          )}
        </div>
      )}
    </div>
  );
}
