// RS2's figure: test accuracy vs step for the four samplers at one step budget (mean over the
// repeats, min–max band), the full pool trained for 1/r× the steps as a dashed level, and each
// sampler's time-to-accuracy: the steps before it first reaches the static random subset's final
// accuracy. Reads only `run`, so the step scrubber replays it.
import type { RunRecord } from '../../history/types.ts';
import { stepsToReach } from '../../../lab/data/time-to-accuracy.ts';
import { RS2_LABELS, RS2_SAMPLERS, rs2Budget, type Rs2Sampler } from '../../../lab/experiments/data/rs2.experiment.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { ruleCurves } from './pruning-data.ts';
import { TimeToAccuracyBars, type TimeToAccuracy } from './TimeToAccuracyBars.tsx';

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

export function DataRs2View({ run }: { run: RunRecord | null }) {
  const p = run?.spec.params;
  const budget = p
    ? rs2Budget({
        trainSize: Number(p.trainSize),
        fraction: Number(p.fraction),
        epochs: Number(p.epochs),
        batch: Number(p.batch),
      })
    : 0;
  // ruleCurves reads `acc/<name>/<repeat>`: here the name is the sampler and the "kept" axis the step.
  const curves = ruleCurves(run).filter((c) => (RS2_SAMPLERS as readonly string[]).includes(c.rule));
  const curveOf = (s: Rs2Sampler) => curves.find((c) => c.rule === s);
  const references = Object.entries(run?.metrics ?? {})
    .filter(([name]) => name.startsWith('reference/'))
    .flatMap(([, s]) => s.values);
  const reference = references.length ? mean(references) : null;
  const finalOf = (s: Rs2Sampler) => {
    const c = curveOf(s);
    return c && c.kept[c.kept.length - 1] === budget ? c.mean[c.mean.length - 1] : null;
  };
  const target = finalOf('random');
  const rows: TimeToAccuracy[] = RS2_SAMPLERS.map((s) => {
    const c = curveOf(s);
    return {
      key: s,
      label: RS2_LABELS[s],
      final: finalOf(s),
      steps: c && target !== null ? stepsToReach(c.kept, c.mean, target) : null,
    };
  });

  const repeats = Math.max(0, ...curves.flatMap((c) => c.count));
  const lines: Line[] = RS2_SAMPLERS.flatMap((s) => {
    const c = curveOf(s);
    if (!c) return [];
    return [
      {
        key: s,
        label: RS2_LABELS[s],
        color: seriesColor(s),
        steps: c.kept,
        values: c.mean,
        ...(repeats > 1 ? { band: { lo: c.lo, hi: c.hi } } : {}),
      },
    ];
  });
  if (reference !== null && lines.length > 0)
    lines.push({
      key: 'reference',
      label: `full pool, ${Number(p?.epochs)} epochs of n (1/r× the steps)`,
      color: seriesColor('full'),
      steps: [0, budget],
      values: [reference, reference],
      dashed: true,
    });
  return (
    <div
      data-testid="view-data-rs2"
      data-budget={budget}
      data-target={target ?? undefined}
      data-reference={reference ?? undefined}
      data-curves={JSON.stringify(curves.map(({ rule, kept, mean }) => ({ sampler: rule, steps: kept, mean })))}
      data-tta={JSON.stringify(rows.map(({ key, final, steps }) => ({ sampler: key, final, steps })))}
    >
      <LineChart
        title={`Test accuracy vs step at a budget of ${budget} steps, r = ${Number(p?.fraction)}%${repeats > 1 ? ` (mean, band: min–max over ${repeats} repeats)` : ''}`}
        yLabel="test accuracy (%)"
        smoothing={false}
        yFormat={(v) => `${v.toFixed(0)}%`}
        file="rs2-accuracy"
        lines={lines}
        empty="The curves appear as the samplers train (after the EL2N scoring nets): RS2 first, then the static random subset, the static EL2N subset and the full pool."
      />
      <TimeToAccuracyBars rows={rows} budget={budget} target={target} />
      <p className="chart-caption small muted">
        Every sampler trains a net from the same init for the same steps; only the examples it is shown differ. RS2
        draws a fresh {Number(p?.fraction)}% of the pool every epoch, each example once before any returns; the static
        subsets show the same {Number(p?.fraction)}% every epoch.
      </p>
    </div>
  );
}
