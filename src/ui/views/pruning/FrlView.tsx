// The "frl" view of the supermask-frl experiment: test accuracy per round of FRL and FedAvg with
// and without attackers (and the two drops), the global edge ranking per layer (the first layer
// as one 28×28 tile per hidden unit, the others as [in, out] matrices), and the client × client
// agreement of the top-k edges each sender voted for. Series and snapshot names are declared in
// src/lab/experiments/pruning/supermask-frl.experiment.ts.
import { useMemo } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import type { ColorScaleSpec } from '../../charts/color-scale.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { pct } from './format.ts';
import './pruning.css';
const ARMS = ['FRL/clean', 'FRL/attacked', 'FedAvg/clean', 'FedAvg/attacked'];

function accuracyLines(m: Record<string, Series>): Line[] {
  return ARMS.filter((a) => m[`fed/${a}`]).map((a) => {
    const s = m[`fed/${a}`];
    return {
      key: `fed/${a}`,
      label: a.replace('/', ' '),
      // One colour per method; the attacked run of each is dashed.
      color: seriesColor(a.split('/')[0]),
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

const TILES = 64;
const PER_ROW = 8;
const SIDE = 28;

/**
 * fc1 of a 784-input net as one 28×28 tile per hidden unit (the first TILES), one pixel of NaN
 * (drawn as the missing colour) between tiles; any other layer as its [out, in] matrix.
 */
function rankGrid(s: Snapshot): { rows: number; cols: number; data: Float32Array; tiles: boolean } {
  const [inputs, units] = s.shape;
  if (inputs !== SIDE * SIDE) {
    const data = new Float32Array(inputs * units);
    for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) data[j * inputs + i] = s.data[i * units + j];
    return { rows: units, cols: inputs, data, tiles: false };
  }
  const n = Math.min(TILES, units);
  const cols = PER_ROW * (SIDE + 1) - 1;
  const rows = Math.ceil(n / PER_ROW) * (SIDE + 1) - 1;
  const data = new Float32Array(rows * cols).fill(NaN);
  for (let u = 0; u < n; u++) {
    const ox = (u % PER_ROW) * (SIDE + 1);
    const oy = Math.floor(u / PER_ROW) * (SIDE + 1);
    for (let p = 0; p < SIDE * SIDE; p++)
      data[(oy + Math.floor(p / SIDE)) * cols + ox + (p % SIDE)] = s.data[p * units + u];
  }
  return { rows, cols, data, tiles: true };
}

const RANK_SCALE: ColorScaleSpec = {
  scheme: 'viridis',
  domain: [0, 1],
  label: 'global vote rank',
  units: '0 = last, 1 = first',
};

/** A layer's global ranking of its edges (the top-k edges are the bright end). */
function RankHeatmap({ s }: { s: Snapshot }) {
  const name = s.name.replace(/^frl\/rank\//, '');
  const g = useMemo(() => rankGrid(s), [s]);
  return (
    <Heatmap
      testId="frl-rank"
      title={`Global ranking ${name}`}
      file={`frl-rank-${name}`}
      rows={g.rows}
      cols={g.cols}
      data={g.data}
      scale={RANK_SCALE}
      maxSize={420}
      topDown
      caption={
        g.tiles
          ? `The first ${Math.min(TILES, s.shape[1])} hidden units, each as its 28×28 input tile; the top-k edges are kept.`
          : `${s.shape[0]} inputs (columns) × ${s.shape[1]} output units (rows); the top-k edges are kept.`
      }
    />
  );
}

/** Shared fraction of voted top-k edges between every two senders (and the global top-k). */
function Agreement({ s }: { s: Snapshot }) {
  const n = s.shape[0];
  const labels = s.labels ?? [];
  let lo = 1;
  for (const v of s.data) lo = Math.min(lo, v);
  const scale: ColorScaleSpec = {
    scheme: 'magma',
    domain: [Math.min(lo, 0.999), 1],
    label: 'shared top-k edges',
    units: 'fraction of k',
  };
  const vsGlobal = labels.slice(0, -1).map((l, i) => ({ l, v: s.data[i * n + n - 1] }));
  return (
    <div className="frl-agreement" data-testid="frl-agreement">
      <Heatmap
        title="Vote agreement between senders"
        file="frl-agreement"
        rows={n}
        cols={n}
        data={s.data}
        scale={scale}
        topDown
        maxSize={300}
        caption={
          <>
            Rows and columns: the senders below in order, then the global top-k.
            <ol className="small" style={{ margin: 0 }} data-testid="frl-vs-global">
              {vsGlobal.map(({ l, v }) => (
                <li key={l} className={l.includes('malicious') ? 'bad' : undefined}>
                  {l}: {pct(v)} with global
                </li>
              ))}
            </ol>
          </>
        }
      />
    </div>
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
    <div data-testid="view-frl" className="pruning-view frl-view">
      <div className="view-row">
        <LineChart
          title="Test accuracy per round"
          yLabel="test accuracy"
          file="frl-accuracy"
          xLabel="federated round"
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
        <div className="empty pruning-wide">
          The global ranking and the clients’ vote agreement appear when the attacked FRL run ends.
        </div>
      )}
    </div>
  );
}
