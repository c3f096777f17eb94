// The "frl" view of the supermask-frl experiment: test accuracy per round of FRL and FedAvg with
// and without attackers (and the two drops), the global edge ranking per layer (the first layer
// as one 28×28 tile per hidden unit, the others as [in, out] matrices), and the client × client
// agreement of the top-k edges each sender voted for. Series and snapshot names are declared in
// src/lab/experiments/pruning/supermask-frl.experiment.ts.
import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { ChartExport } from '../ChartExport.tsx';
import { LineChart, type Line } from '../LineChart.tsx';
import { color } from '../palette.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const ARMS = ['FRL/clean', 'FRL/attacked', 'FedAvg/clean', 'FedAvg/attacked'];

function accuracyLines(m: Record<string, Series>): Line[] {
  return ARMS.filter((a) => m[`fed/${a}`]).map((a) => {
    const s = m[`fed/${a}`];
    return {
      key: `fed/${a}`,
      label: a.replace('/', ' '),
      color: color(a.startsWith('FRL') ? 0 : 1),
      steps: s.steps,
      values: s.values,
      dashed: a.endsWith('attacked'),
    };
  });
}

const last = (s: Series | undefined): number | undefined =>
  s && s.values.length ? s.values[s.values.length - 1] : undefined;

function Drops({ m }: { m: Record<string, Series> }) {
  const rows = (['FRL', 'FedAvg'] as const).map((k) => {
    const clean = last(m[`fed/${k}/clean`]);
    const attacked = last(m[`fed/${k}/attacked`]);
    return { k, clean, attacked, drop: clean !== undefined && attacked !== undefined ? clean - attacked : undefined };
  });
  return (
    <figure className="chart" data-testid="frl-drops">
      <figcaption className="chart-head">
        <span className="chart-title">Accuracy drop under attack (last round)</span>
      </figcaption>
      <table className="small">
        <thead>
          <tr>
            <th></th>
            <th>clean</th>
            <th>attacked</th>
            <th>drop</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.k} data-method={r.k}>
              <th>{r.k}</th>
              <td>{r.clean === undefined ? '—' : pct(r.clean)}</td>
              <td>{r.attacked === undefined ? '—' : pct(r.attacked)}</td>
              <td data-testid={`drop-${r.k}`}>{r.drop === undefined ? '—' : `${(100 * r.drop).toFixed(1)} pt`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Fills `canvas` with a w×h image whose pixel (x, y) has colour `at(x, y)`. */
function paint(canvas: HTMLCanvasElement, w: number, h: number, at: (x: number, y: number) => string | null): void {
  canvas.width = w;
  canvas.height = h;
  const g = canvas.getContext('2d')!;
  const img = g.createImageData(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = at(x, y);
      const rgb = c ? d3.rgb(c) : { r: 128, g: 128, b: 128 };
      img.data.set([rgb.r, rgb.g, rgb.b, 255], (y * w + x) * 4);
    }
  }
  g.putImageData(img, 0, 0);
}

/**
 * A layer's global ranking (0 = least important, 1 = most; the top-k edges are the bright end).
 * fc1 of a 784-input net is drawn as one 28×28 tile per hidden unit (up to 64), the rest as the
 * [in, out] matrix with one row per output unit.
 */
function RankHeatmap({ s }: { s: Snapshot }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [rows, cols] = s.shape;
  const name = s.name.replace(/^frl\/rank\//, '');
  const tiles = rows === 784;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const v = (i: number, j: number) => d3.interpolateViridis(s.data[i * cols + j]);
    if (tiles) {
      const n = Math.min(64, cols);
      const per = 8;
      paint(c, per * 29 + 1, Math.ceil(n / per) * 29 + 1, (x, y) => {
        const tx = Math.floor((x - 1) / 29);
        const ty = Math.floor((y - 1) / 29);
        const px = (x - 1) % 29;
        const py = (y - 1) % 29;
        const unit = ty * per + tx;
        return x < 1 || y < 1 || px === 28 || py === 28 || unit >= n ? null : v(py * 28 + px, unit);
      });
    } else paint(c, rows, cols, (x, y) => v(x, y));
  }, [s, rows, cols, tiles]);
  return (
    <figure className="chart" data-testid="frl-rank">
      <figcaption className="chart-head">
        <span className="chart-title">
          Global ranking {name}{' '}
          <span className="muted small">
            (
            {tiles
              ? `first ${Math.min(64, cols)} units as 28×28 input tiles`
              : `${rows}×${cols}, one row per output unit`}
            )
          </span>
        </span>
        <ChartExport canvas={ref} file={`frl-rank-${name}`} />
      </figcaption>
      <canvas
        ref={ref}
        className="pixels"
        style={{ width: tiles ? 360 : Math.min(360, rows * 3), imageRendering: 'pixelated' }}
        role="img"
        aria-label={`global vote rank of every edge of ${name}: bright = ranked high, kept`}
      />
    </figure>
  );
}

/** Shared fraction of voted top-k edges between every two senders (and the global top-k). */
function Agreement({ s }: { s: Snapshot }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const n = s.shape[0];
  const labels = s.labels ?? [];
  useEffect(() => {
    if (!ref.current) return;
    let lo = 1;
    for (const v of s.data) lo = Math.min(lo, v);
    paint(ref.current, n, n, (x, y) => d3.interpolateMagma(lo < 1 ? (s.data[y * n + x] - lo) / (1 - lo) : 1));
  }, [s, n]);
  let lo = 1;
  for (const v of s.data) lo = Math.min(lo, v);
  const vsGlobal = labels.slice(0, -1).map((l, i) => ({ l, v: s.data[i * n + n - 1] }));
  return (
    <figure className="chart" data-testid="frl-agreement">
      <figcaption className="chart-head">
        <span className="chart-title">
          Vote agreement{' '}
          <span className="muted small">(shared top-k edges, {pct(lo)} … 100%; last row/column = global)</span>
        </span>
        <ChartExport canvas={ref} file="frl-agreement" />
      </figcaption>
      <div style={{ display: 'flex', gap: '1rem', alignItems: 'flex-start' }}>
        <canvas
          ref={ref}
          className="pixels"
          style={{ width: 220, imageRendering: 'pixelated' }}
          role="img"
          aria-label="client by client agreement of their top-k edges; bright = agree"
        />
        <ol className="small" style={{ margin: 0 }} data-testid="frl-vs-global">
          {vsGlobal.map(({ l, v }) => (
            <li key={l} className={l.includes('malicious') ? 'bad' : undefined}>
              {l}: {pct(v)} with global
            </li>
          ))}
        </ol>
      </div>
    </figure>
  );
}

export function FrlView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const snaps = Object.values(run?.snapshots ?? {});
  const ranks = snaps
    .filter((s) => s.name.startsWith('frl/rank/'))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const agreement = snaps.find((s) => s.name === 'frl/agreement');
  return (
    <div data-testid="view-frl" className="frl-view">
      <div className="view-row">
        <LineChart
          title="Test accuracy per round (x: round)"
          yLabel="test accuracy"
          file="frl-accuracy"
          xLabel="round"
          yFormat={pct}
          lines={accuracyLines(m)}
          empty="Accuracy of the global model appears after every federated round: FRL and FedAvg, without and with attackers."
        />
        <Drops m={m} />
      </div>
      {agreement || ranks.length ? (
        <div className="view-row">
          {agreement && <Agreement s={agreement} />}
          {ranks.map((s) => (
            <RankHeatmap key={s.name} s={s} />
          ))}
        </div>
      ) : (
        <div className="empty">
          The global ranking and the clients’ vote agreement appear when the attacked FRL run ends.
        </div>
      )}
    </div>
  );
}
