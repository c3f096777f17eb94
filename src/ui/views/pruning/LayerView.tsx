// The "layer-pruning" view of layer-pruning-init: the block strip (which residual blocks were
// removed at init, shaded by their score), and per arm (dense, layer-pruned, filter-pruned) the
// test accuracy, live parameters and training time, each seed and their mean. Series names are
// declared in src/lab/experiments/pruning/layer-pruning-init.experiment.ts.
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import type { ColorScaleSpec } from '../../charts/color-scale.ts';
import './pruning.css';

const ARMS = [
  ['dense', 'Dense'],
  ['layer', 'Layer-pruned'],
  ['filter', 'Filter-pruned'],
] as const;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Block scores as one row of cells (removed blocks crossed out), with the scale the scores are drawn on. */
function BlockStrip({ s }: { s: Snapshot }) {
  const n = s.shape[1];
  const scores = s.data.subarray(n, 2 * n);
  const removed = Array.from({ length: n }, (_, i) => i).filter((i) => !(s.data[i] > 0));
  const scale: ColorScaleSpec = {
    scheme: 'blues',
    domain: [0, 1],
    label: 'block score at init',
    units: '0 = lowest, 1 = highest',
  };
  return (
    <div data-testid="lp-blocks" data-removed={removed.join(',')}>
      <Heatmap
        title={`Residual blocks at init (seed ${s.step})`}
        file="layer-pruning-blocks"
        rows={1}
        cols={n}
        data={scores}
        scale={scale}
        x={{ label: 'residual block', domain: [0, n - 1] }}
        maxSize={560}
        overlay={({ x, y }) => {
          const r = Math.abs(x(1) - x(0)) * 0.35;
          return (
            <g stroke="#d62728" strokeWidth={2}>
              {removed.map((i) => (
                <path
                  key={i}
                  d={`M${x(i) - r},${y(0) - r}L${x(i) + r},${y(0) + r}M${x(i) + r},${y(0) - r}L${x(i) - r},${y(0) + r}`}
                />
              ))}
            </g>
          );
        }}
        caption={<>Crossed = removed at init: {removed.join(', ') || 'none'}.</>}
      />
    </div>
  );
}

function cell(m: Record<string, Series>, key: string, fmt: (v: number) => string) {
  const s = m[key];
  if (!s || s.values.length === 0) return '—';
  return s.values.length === 1 ? fmt(s.values[0]) : `${fmt(mean(s.values))} (${s.values.map(fmt).join(', ')})`;
}

export function LayerView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const blocks = Object.values(run?.snapshots ?? {}).find((s) => s.name === 'lp/blocks');
  const any = ARMS.some(([a]) => m[`lp/acc/${a}`]);
  return (
    <div data-testid="view-layer-pruning" className="pruning-view">
      {blocks && <BlockStrip s={blocks} />}
      {any ? (
        <figure className="chart" data-testid="lp-table">
          <figcaption className="chart-head">
            <span className="chart-title">
              Arms trained from the same init (mean, then each seed){' '}
              <span className="muted small">
                (time includes compiling shaders the first time an arm’s shapes appear; filter pruning masks weights, so
                it saves no time here)
              </span>
            </span>
          </figcaption>
          <table className="small">
            <thead>
              <tr>
                <th></th>
                <th>test accuracy</th>
                <th>parameters</th>
                <th>training time</th>
              </tr>
            </thead>
            <tbody>
              {ARMS.map(([a, label]) => (
                <tr key={a} data-arm={a}>
                  <th>{label}</th>
                  <td>{cell(m, `lp/acc/${a}`, (v) => `${(100 * v).toFixed(1)}%`)}</td>
                  <td>{cell(m, `lp/params/${a}`, (v) => String(Math.round(v)))}</td>
                  <td>{cell(m, `lp/seconds/${a}`, (v) => `${v.toFixed(1)} s`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      ) : (
        <div className="empty pruning-wide">
          Each arm’s test accuracy, parameter count and training time appear as it finishes; the block strip after the
          first layer-pruned net.
        </div>
      )}
    </div>
  );
}
