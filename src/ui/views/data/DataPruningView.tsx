// Data Diet's main figure: test accuracy vs the percentage of the training pool kept, for the
// hardest examples by score and for random subsets of the same size (the control), mean over the
// repeats with a min–max band, and the full pool as a dashed level.
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { ruleCurves } from './pruning-data.ts';

const NAMES: Record<string, string> = {
  el2n: 'hardest by EL2N',
  grand: 'hardest by GraNd',
  random: 'random (control)',
  full: 'full pool',
};

export function DataPruningView({ run }: { run: RunRecord | null }) {
  const curves = ruleCurves(run);
  const full = curves.find((c) => c.rule === 'full');
  const subsets = curves.filter((c) => c.rule !== 'full');
  const kept = [...new Set(subsets.flatMap((c) => c.kept))].sort((a, b) => a - b);
  const lines: Line[] = subsets.map((c) => ({
    key: c.rule,
    label: NAMES[c.rule] ?? c.rule,
    color: seriesColor(NAMES[c.rule] ?? c.rule),
    steps: full ? [...c.kept, 100] : c.kept,
    values: full ? [...c.mean, full.mean[0]] : c.mean,
    band: { lo: full ? [...c.lo, full.lo[0]] : c.lo, hi: full ? [...c.hi, full.hi[0]] : c.hi },
  }));
  if (full && kept.length > 0)
    lines.push({
      key: 'full',
      label: NAMES.full,
      color: seriesColor(NAMES.full),
      steps: [kept[0], 100],
      values: [full.mean[0], full.mean[0]],
      dashed: true,
    });
  const repeats = Math.max(0, ...curves.flatMap((c) => c.count));
  return (
    <div
      data-testid="view-data-pruning"
      data-curves={JSON.stringify(curves.map(({ rule, kept, mean }) => ({ rule, kept, mean })))}
    >
      <LineChart
        title={`Test accuracy vs fraction of the pool kept${repeats > 1 ? ` (mean, band: min–max over ${repeats} retrainings)` : ''}`}
        yLabel="test accuracy (%)"
        xLabel="training pool kept (%)"
        smoothing={false}
        yFormat={(v) => `${v.toFixed(0)}%`}
        file="data-pruning"
        lines={lines}
        empty="Accuracies appear as the retrained networks finish (the full pool first)."
      />
      <p className="chart-caption small muted">
        Each point is a fresh network trained from scratch on the kept examples for the same number of steps; at each
        size the hardest subset and the random one share the init and the step budget.
      </p>
    </div>
  );
}
