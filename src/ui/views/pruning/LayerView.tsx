// The "layer-pruning" view of layer-pruning-init: the block strip (which residual blocks were
// removed at init, shaded by their score), and per arm (dense, layer-pruned, filter-pruned) the
// test accuracy, live parameters and training time, each seed and their mean. Series names are
// declared in src/lab/experiments/pruning/layer-pruning-init.experiment.ts.
import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { ChartExport } from '../ChartExport.tsx';

const ARMS = [
  ['dense', 'Dense'],
  ['layer', 'Layer-pruned'],
  ['filter', 'Filter-pruned'],
] as const;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function BlockStrip({ s }: { s: Snapshot }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const n = s.shape[1];
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const cell = 24;
    c.width = n * cell;
    c.height = cell;
    const g = c.getContext('2d')!;
    for (let i = 0; i < n; i++) {
      const kept = s.data[i] > 0;
      g.fillStyle = kept ? d3.interpolateBlues(0.35 + 0.6 * s.data[n + i]) : '#eee';
      g.fillRect(i * cell + 1, 1, cell - 2, cell - 2);
      if (!kept) {
        g.strokeStyle = '#c33';
        g.beginPath();
        g.moveTo(i * cell + 4, 4);
        g.lineTo((i + 1) * cell - 4, cell - 4);
        g.stroke();
      }
    }
  }, [s, n]);
  const removed = Array.from({ length: n }, (_, i) => i).filter((i) => !(s.data[i] > 0));
  return (
    <figure className="chart" data-testid="lp-blocks">
      <figcaption className="chart-head">
        <span className="chart-title">
          Residual blocks at init{' '}
          <span className="muted small">
            (seed {s.step}; crossed = removed: {removed.join(', ') || 'none'}; darker = higher score)
          </span>
        </span>
        <ChartExport canvas={ref} file="layer-pruning-blocks" />
      </figcaption>
      <canvas
        ref={ref}
        className="pixels"
        role="img"
        aria-label="residual blocks in order; removed blocks are crossed out"
      />
    </figure>
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
    <div data-testid="view-layer-pruning">
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
        <div className="empty">
          Each arm’s test accuracy, parameter count and training time appear as it finishes; the block strip after the
          first layer-pruned net.
        </div>
      )}
    </div>
  );
}
