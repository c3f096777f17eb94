// Laziness against the rank of the initial connectivity, random vs task-aligned singular vectors.
import type { RunRecord } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { seriesColor } from '../../charts/series-colors.ts';

export function ConnectivityRankView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const lines = (what: string, label: string): Line[] =>
    (['random', 'aligned'] as const).flatMap((tag) => {
      const s = m[`rank/${what} ${tag}`];
      return s
        ? [
            {
              key: `${what}-${tag}`,
              label: `${label}, ${tag} U`,
              color: seriesColor(tag),
              steps: s.steps,
              values: s.values,
            },
          ]
        : [];
    });
  return (
    <div
      className="view-row"
      data-testid="view-connectivity-rank"
      data-points={m['rank/weight-change random']?.steps.length ?? 0}
      data-weight-change-random={m['rank/weight-change random']?.values.join(',')}
      data-weight-change-aligned={m['rank/weight-change aligned']?.values.join(',')}
    >
      <LineChart
        title="Weight change vs initial rank"
        yLabel="‖W−W₀‖/‖W₀‖"
        xLabel="rank of W₀ (log scale)"
        logX
        logToggle
        file="connectivity-weight"
        lines={lines('weight-change', 'weight change')}
        empty="Each rank adds a point when its training finishes: random singular vectors first, then task-aligned."
      />
      <LineChart
        title="Kernel change vs initial rank"
        yLabel="‖K−K₀‖/‖K₀‖"
        xLabel="rank of W₀ (log scale)"
        logX
        logToggle
        file="connectivity-kernel"
        lines={lines('kernel-change', 'NTK change')}
        empty=""
      />
      <LineChart
        title="Kernel direction change vs initial rank"
        yLabel="1 − cos(K, K₀)"
        xLabel="rank of W₀ (log scale)"
        logX
        logToggle
        file="connectivity-alignment"
        lines={lines('alignment-change', '1 − cos')}
        empty=""
      />
      <LineChart
        title="Representation change vs initial rank"
        yLabel="1 − CKA(h, h₀)"
        xLabel="rank of W₀ (log scale)"
        logX
        logToggle
        file="connectivity-representation"
        lines={lines('representation-change', '1 − CKA')}
        empty=""
      />
      <LineChart
        title="Steps to the target loss vs initial rank"
        yLabel="GD steps"
        xLabel="rank of W₀ (log scale)"
        logX
        logToggle
        file="connectivity-steps"
        lines={lines('steps', 'steps')}
        empty=""
      />
      <LineChart
        title="Train loss where measured vs initial rank"
        yLabel="MSE"
        xLabel="rank of W₀ (log scale)"
        logX
        logToggle
        file="connectivity-loss"
        lines={lines('train-loss', 'train MSE')}
        empty=""
      />
    </div>
  );
}
