// The "random-search" view of random-search-masks: final test accuracy of the best-of-k node mask
// against k (k = 1 is the plain random mask; a flat curve is the paper's null result), each
// candidate's proxy (validation) accuracy, and the winning mask's kept units per hidden layer.
// Series names are declared in src/lab/experiments/pruning/random-search-masks.experiment.ts.
import { useEffect, useRef } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { ChartExport } from '../ChartExport.tsx';
import { LineChart, type Line } from '../LineChart.tsx';
import { seriesColor } from '../../charts/series-colors.ts';
import { pct } from './format.ts';
import './pruning.css';

function lines(m: Record<string, Series>, prefix: string): Line[] {
  return Object.keys(m)
    .filter((k) => k.startsWith(prefix))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((k) => {
      const label = `seed ${k.slice(prefix.length + 1)}`;
      return { key: k, label, color: seriesColor(label), steps: m[k].steps, values: m[k].values };
    });
}

/** Kept (dark) and removed (light) units, one row per hidden layer. */
function UnitStrip({ s }: { s: Snapshot }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [layers, width] = s.shape;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = width;
    c.height = layers;
    const g = c.getContext('2d')!;
    const img = g.createImageData(width, layers);
    s.data.forEach((v, i) => {
      const x = v > 0 ? 30 : 230;
      img.data.set([x, x, x, 255], i * 4);
    });
    g.putImageData(img, 0, 0);
  }, [s, layers, width]);
  return (
    <figure className="chart" data-testid="rs-units">
      <figcaption className="chart-head">
        <span className="chart-title">
          Best mask (candidate {s.step}): kept units{' '}
          <span className="muted small">(one row per hidden layer, dark = kept)</span>
        </span>
        <ChartExport canvas={ref} file="best-node-mask" />
      </figcaption>
      <canvas
        ref={ref}
        className="pixels"
        style={{ width: '100%', height: 16 * layers, imageRendering: 'pixelated' }}
        role="img"
        aria-label="hidden units kept by the best node mask"
      />
    </figure>
  );
}

export function SearchView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const units = Object.values(run?.snapshots ?? {}).find((s) => s.name === 'rs/units');
  return (
    <div data-testid="view-random-search" className="pruning-view">
      <div className="view-row">
        <LineChart
          title="Final test accuracy of the best-of-k mask (k = 1 is a plain random mask)"
          yLabel="test accuracy"
          xLabel="k (random masks searched)"
          file="best-of-k"
          yFormat={pct}
          lines={lines(m, 'rs/best-of-k')}
          empty="After the K proxy trainings, the selected masks are trained fully and their accuracy is drawn against k."
        />
        <LineChart
          title="Proxy score of each candidate"
          yLabel="validation accuracy"
          xLabel="candidate (index)"
          file="proxy-scores"
          yFormat={pct}
          lines={lines(m, 'rs/proxy')}
          empty="Each random node mask’s validation accuracy after the short proxy training appears here."
        />
      </div>
      {units && <UnitStrip s={units} />}
    </div>
  );
}
