// The one-to-many panel of the convergent-learning view: per hidden layer, the held-out error of
// predicting net B's units from net A's by a lasso against how many of A's units each prediction
// uses (one point per L1 penalty λ), with the one-to-one matching's error at one weight per unit and
// the shuffled-rows control. The paper's point: a few units do nearly as well as all, and far
// better than the single best-matched unit.
import type { RunRecord } from '../../history/types.ts';
import { sparsePathLayers } from '../../../lab/representations/sparse-path.ts';
import { indexColor, seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';

const meanOf = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
/** The shuffled control's colour, the same as the shuffled probe's in the chart above; layers get the others. */
const CONTROL = seriesColor('shuffled');
const LAYER_COLORS = Array.from({ length: 10 }, (_, i) => indexColor(i)).filter((c) => c !== CONTROL);

/** layers: names by depth (1 = first), as the correlation snapshots name them. */
export function SparsePredictionPanel({ run, layers }: { run: RunRecord | null; layers: readonly string[] }) {
  const path = sparsePathLayers(run?.metrics ?? {});
  const nameOf = (step: number) => layers[step - 1] ?? `layer ${step}`;
  const lines: Line[] = path.flatMap((l, k) => {
    const name = nameOf(l.step);
    const color = LAYER_COLORS[k % LAYER_COLORS.length];
    // Log x: a map that kept no weight at all (0 nonzeros) has no place on it and is left out.
    const shown = l.points.filter((x) => x.nonzeros > 0);
    return [
      {
        key: `sparse-${name}`,
        label: `${name}: lasso`,
        color,
        steps: shown.map((x) => x.nonzeros),
        values: shown.map((x) => x.error),
      },
      { key: `one-${name}`, label: `${name}: one-to-one match`, color, steps: [1], values: [l.oneToOne], dashed: true },
    ];
  });
  // The control, pooled over layers at each λ (it is ≈ 1 in every layer): mean error at the mean nonzeros.
  const lambdas = path[0]?.points.map((x) => x.lambda) ?? [];
  const pooled = lambdas.map((_, k) => ({
    nonzeros: meanOf(path.map((l) => l.points[k].nonzeros)),
    shuffled: meanOf(path.map((l) => l.points[k].shuffled)),
  }));
  if (path.length)
    lines.push({
      key: 'shuffled',
      label: 'shuffled rows of A (control), mean over layers, same λs',
      color: CONTROL,
      steps: pooled.filter((x) => x.nonzeros > 0).map((x) => x.nonzeros),
      values: pooled.filter((x) => x.nonzeros > 0).map((x) => x.shuffled),
      dashed: true,
    });
  return (
    <div
      data-testid="convergent-sparse"
      data-sparse={JSON.stringify(path.map((l) => ({ layer: nameOf(l.step), oneToOne: l.oneToOne, points: l.points })))}
    >
      <LineChart
        title="One-to-many: predicting each unit of net B from net A’s units (lasso)"
        yLabel="held-out error (share of variance)"
        xLabel="nonzero weights per predicted unit (log)"
        logX
        file="convergent-sparse-prediction"
        smoothing={false}
        lastValue={false}
        lines={lines}
        empty="The sparse prediction appears after both nets are trained and compared."
      />
      <p className="muted small">
        One point per L1 penalty λ (largest λ, fewest weights, on the left). Error 1: no better than predicting the
        unit’s mean; the one-to-one match is the Hungarian partner alone (one weight). The map is fitted on half the
        probe images and scored on the other half.
      </p>
    </div>
  );
}
