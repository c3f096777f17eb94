// The "activation-sparsity" view of lazy-neuron: the share of active ReLU units per hidden layer
// (one chart per layer, one line per condition), then train accuracy. Metric names follow
// src/lab/experiments/attention/lazy-neuron.ts.
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';

const CONDITION_LABELS: Record<string, string> = {
  'true-labels': 'true labels',
  'random-labels': 'random labels',
  'random-inputs': 'random inputs',
};

const pctFmt = (v: number) => `${(v * 100).toFixed(0)}%`;

export function ActivationSparsityView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const keys = Object.keys(m).filter((k) => k.startsWith('active/'));
  const layers = [...new Set(keys.map((k) => k.split('/')[2]))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  // Keyed by the condition's name, so a condition keeps its colour in every chart and on the runs page.
  const lines = (prefix: string, suffix: string): Line[] =>
    Object.keys(CONDITION_LABELS).flatMap((c) => {
      const s = m[`${prefix}/${c}/${suffix}`];
      return s ? [{ key: c, label: CONDITION_LABELS[c], color: seriesColor(c), steps: s.steps, values: s.values }] : [];
    });
  return (
    <div className="view-row" data-testid="view-activation-sparsity">
      {(layers.length ? layers : ['fc1']).map((l) => (
        <LineChart
          key={l}
          title={`Active units · ${l}`}
          yLabel="active ReLU units (share)"
          xLabel="SGD step"
          yFormat={pctFmt}
          file={`active-${l}`}
          lines={lines('active', l)}
          empty="The share of hidden units that fire on a probe batch is traced here as training runs, from step 0."
        />
      ))}
      <LineChart
        title="Train accuracy"
        yLabel="train accuracy (share)"
        xLabel="SGD step"
        yFormat={pctFmt}
        file="lazy-neuron-accuracy"
        lines={lines('train', 'accuracy')}
        empty="Training accuracy per condition appears after the first measured steps."
      />
    </div>
  );
}
