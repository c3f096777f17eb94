// DataDAM's claim as a figure: test accuracy of a ConvNet trained only on the distilled set vs one
// trained on the real images the set started from (same size, init and steps), against images per
// class; and the matching loss of each distillation over its iterations.
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { accuracyCurves } from './distill-data.ts';

const NAMES: Record<string, string> = {
  distilled: 'distilled (DataDAM)',
  dm: 'distilled without attention (DM)',
  random: 'random real (control)',
};

export function DataDistillAccuracyView({ run }: { run: RunRecord | null }) {
  const curves = accuracyCurves(run);
  const lines: Line[] = curves.map((c) => ({
    key: c.set,
    label: NAMES[c.set] ?? c.set,
    color: seriesColor(NAMES[c.set] ?? c.set),
    steps: c.ipc,
    values: c.accuracy,
  }));
  const losses: Line[] = Object.entries(run?.metrics ?? {})
    .filter(([name]) => name.startsWith('loss/'))
    .map(([name, s]) => {
      const label = `${name.slice(5)} per class`;
      return { key: name, label, color: seriesColor(label), steps: s.steps, values: s.values };
    });
  return (
    <div data-testid="view-data-distill-accuracy" data-curves={JSON.stringify(curves)}>
      <LineChart
        title="Test accuracy vs images per class: distilled set vs random real images"
        yLabel="test accuracy (%)"
        xLabel="images per class"
        smoothing={false}
        yFormat={(v) => `${v.toFixed(1)}%`}
        file="datadam-accuracy"
        lines={lines}
        empty="Accuracies appear when a distillation ends and the evaluation networks have trained."
      />
      <p className="chart-caption small muted">
        Each point is a fresh ConvNet trained only on that set (the same init and steps for both) and tested on real
        test images. The control is the set of real images the distilled ones started from.
      </p>
      <LineChart
        title="Matching loss (attention maps + λ·embedding MMD) over distillation"
        yLabel="loss"
        xLabel="iteration"
        logToggle
        file="datadam-loss"
        lines={losses}
        empty="The loss is read at every snapshot of the images."
      />
      <p className="chart-caption small muted">
        Each point is one iteration’s loss through that iteration’s freshly drawn random ConvNet, so it is noisy by
        design: read its trend, not its steps.
      </p>
    </div>
  );
}
