// Trajectory matching's numbers (src/lab/experiments/data/trajectory-matching.ts): the matching
// loss of every iteration for plain and smoothed experts with the student's learned rate η on the
// right axis; the test accuracy of fresh nets trained on each distilled set and on the random real
// images they started from (the control); and how far the experts move per epoch (smoothing
// shortens and evens their steps).
import type { RunRecord } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { AccuracyBars, type Bar } from './AccuracyBars.tsx';
import { KIND_COLORS, KIND_LABELS, KINDS, SETS } from './trajectory-kinds.ts';

export function TrajectoryMatchingView({ run }: { run: RunRecord | null }) {
  const metric = (name: string) => run?.metrics[name];
  const last = (name: string): number | null => {
    const s = metric(name);
    return s && s.values.length ? s.values[s.values.length - 1] : null;
  };
  const lines: Line[] = KINDS.flatMap((kind): Line[] => {
    const loss = metric(`match/loss ${kind}`);
    const lr = metric(`student/lr ${kind}`);
    const color = KIND_COLORS[kind];
    return [
      ...(loss ? [{ key: kind, label: KIND_LABELS[kind], color, steps: loss.steps, values: loss.values }] : []),
      ...(lr
        ? [
            {
              key: `${kind}-lr`,
              label: `η, ${KIND_LABELS[kind]}`,
              color,
              steps: lr.steps,
              values: lr.values,
              dashed: true,
              axis: 'right' as const,
            },
          ]
        : []),
    ];
  });
  const distance: Line[] = KINDS.flatMap((kind) => {
    const s = metric(`expert/epoch-distance ${kind}`);
    return s
      ? [
          {
            key: kind,
            label: KIND_LABELS[kind],
            color: KIND_COLORS[kind],
            steps: s.steps,
            values: s.values,
          },
        ]
      : [];
  });
  const bars: Bar[] = SETS.flatMap(({ key, label, color }) => {
    const v = last(`eval/accuracy ${key}`);
    return v === null ? [] : [{ key, label, value: v, color }];
  });
  const final = Object.fromEntries(KINDS.map((k) => [k, last(`match/final ${k}`)]));
  const experts = Object.fromEntries(KINDS.map((k) => [k, last(`expert/accuracy ${k}`)]));
  return (
    <div
      className="view-row"
      data-testid="view-trajectory-matching"
      data-accuracy={JSON.stringify(Object.fromEntries(bars.map((b) => [b.key, b.value])))}
      data-final-loss={JSON.stringify(final)}
      data-loss-points={KINDS.map((k) => metric(`match/loss ${k}`)?.values.length ?? 0).join(',')}
    >
      <div style={{ minWidth: 0 }}>
        <LineChart
          title="Matching loss ‖θ̂ − θt+M‖² / ‖θt − θt+M‖² per iteration"
          yLabel="normalized matching loss"
          xLabel="distillation iteration"
          y2Label="student rate η"
          y2Format={(v) => v.toPrecision(2)}
          file="trajectory-matching-loss"
          lines={lines}
          empty="The loss appears at the first snapshot of the distillation, after the experts have trained."
        />
        <p className="chart-caption small muted">
          1 means the student ends as far from the expert’s θt+M as it started; each iteration draws an expert and a
          start epoch t, the same draws for both kinds
          {final.plain !== null && final.smoothed !== null
            ? `. Mean over the last quarter: plain ${final.plain.toFixed(3)}, smoothed ${final.smoothed.toFixed(3)}`
            : ''}
          .
        </p>
      </div>
      <div style={{ minWidth: 0 }}>
        {bars.length > 0 ? (
          <AccuracyBars title="Fresh nets trained on each set alone" bars={bars} file="trajectory-matching-accuracy" />
        ) : (
          <figure className="chart">
            <figcaption className="chart-head">
              <span className="chart-title">Fresh nets trained on each set alone</span>
            </figcaption>
            <div className="empty">Accuracies appear at the end, once both distillations are done.</div>
          </figure>
        )}
        <LineChart
          title="Expert step per epoch ‖θe+1 − θe‖ (mean over experts)"
          yLabel="parameter distance"
          xLabel="expert epoch"
          file="trajectory-matching-expert-steps"
          lines={distance}
          empty="Appears as each kind of expert finishes training."
        />
        <p className="chart-caption small muted">
          Every set gets the same fresh inits, steps and rate; the control is the set of real images the distillation
          started from.
          {experts.plain !== null && experts.smoothed !== null
            ? ` The experts themselves reach ${experts.plain.toFixed(1)}% (plain) and ${experts.smoothed.toFixed(1)}% (smoothed) on the test set.`
            : ''}
        </p>
      </div>
    </div>
  );
}
