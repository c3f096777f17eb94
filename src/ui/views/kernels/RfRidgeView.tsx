// Random-feature ridge regression (src/lab/experiments/kernels/rf-ridge.ts): the test risk over
// (λ, F) as a heatmap, and the λ-tuned risk against F beside the ridgeless (smallest-λ) risk.
import type { RunRecord } from '../../history/types.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';

function lineOf(run: RunRecord | null, key: string, label: string): Line[] {
  const s = run?.metrics[key];
  return s ? [{ key, label, color: seriesColor(label), steps: s.steps, values: s.values }] : [];
}

export function RfRidgeView({ run }: { run: RunRecord | null }) {
  const risk = run ? Object.values(run.snapshots).find((s) => s.name === 'rf/risk') : undefined;
  return (
    <div className="view-row" data-testid="view-rf-ridge">
      {risk && risk.kind === 'heatmap' ? (
        <Heatmap
          title="Test risk over (λ, F)"
          file="rf-risk"
          rows={risk.shape[0]}
          cols={risk.shape[1]}
          data={risk.data}
          y={{ label: 'features F', domain: [0, risk.shape[0]], names: risk.labels }}
          scale={{ scheme: 'viridis', domain: [0, 1], log: true, label: 'test risk', units: 'MSE' }}
          testId="rf-risk"
        />
      ) : (
        <p className="empty">The risk over (λ, F) appears after the first feature count is solved.</p>
      )}
      <LineChart
        title="Tuned vs ridgeless risk"
        yLabel="test risk (MSE)"
        xLabel="features F"
        file="rf-tuned"
        lines={[...lineOf(run, 'best/risk', 'tuned λ'), ...lineOf(run, 'ridgeless/risk', 'ridgeless')]}
        empty="The λ-tuned test risk appears after the first feature count is solved."
      />
    </div>
  );
}
