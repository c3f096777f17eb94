// The score history of the example picked in the gallery: its EL2N (mean over the scoring inits)
// after each scoring epoch, from the gallery's -history snapshot (score-summary.ts galleryOf).
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart } from '../LineChart.tsx';

export interface Picked {
  end: string;
  i: number;
  label: string;
}

/** The picked example's EL2N per scoring epoch, or none if the run (cut by the scrubber) lacks it. */
export function historyOf(run: RunRecord | null, picked: Picked | null): number[] {
  const h = picked && run?.snapshots[`gallery/${picked.end}-history`];
  if (!h || picked.i >= h.shape[0]) return [];
  const epochs = h.shape[1];
  return Array.from(h.data.subarray(picked.i * epochs, (picked.i + 1) * epochs));
}

export function ScoreHistoryChart({ run, picked }: { run: RunRecord | null; picked: Picked | null }) {
  const values = historyOf(run, picked);
  return (
    <div data-testid="data-score-history" data-points={values.length} data-values={values.join(',')}>
      <LineChart
        title={picked ? `EL2N of the picked ${picked.label} over the scoring epochs` : 'Score history'}
        file="data-score-history"
        lines={
          picked && values.length
            ? [
                {
                  key: 'el2n',
                  label: `${picked.label} (${picked.end} #${picked.i + 1})`,
                  color: seriesColor('el2n'),
                  steps: values.map((_, e) => e),
                  values,
                },
              ]
            : []
        }
        xLabel="scoring epoch"
        yLabel="EL2N, mean over inits"
        yFormat={(v) => v.toFixed(2)}
        smoothing={false}
        empty="Click (or press Enter on) an example above to see its EL2N after each scoring epoch."
      />
    </div>
  );
}
