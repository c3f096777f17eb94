// The lazy-rich views: loss curves on log-step axes with the linearized twin, laziness traces and
// the sweep plots (one point per finished α); the family's view registry.
import type { ReactNode } from 'react';
import type { RunRecord, Series } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { quantityColor, type Quantity } from './colors.ts';
import { ConnectivityRankView } from './connectivity.tsx';
import { CriticalityView } from './criticality.tsx';
import { GrokModularSweepView, GrokModularView, STEP_AXIS } from './modular.tsx';
import { sweepLines, sweepTags } from './sweep.ts';
import { XorPlaneView } from './xor-plane.tsx';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** First step at which a loss is at or below 10% of its first value (the runner's "reach" rule), or ''. */
function reach(s: Series | undefined): number | '' {
  const i = s ? s.values.findIndex((v) => v <= 0.1 * s.values[0]) : -1;
  return i < 0 ? '' : s!.steps[i];
}

/** When a run of one α fit and generalized, as data-* attributes for tests and readers of the DOM. */
function milestones(m: Record<string, Series>) {
  const train = m['train/loss'];
  const test = m['test/loss'];
  const trainHit = reach(train);
  return {
    'data-train-hit': trainHit,
    'data-test-hit': reach(test),
    'data-test-at-train-hit': trainHit === '' || !test ? '' : (test.values[test.steps.indexOf(trainHit)] ?? ''),
    'data-initial-test': test?.values[0] ?? '',
    'data-final-test': test?.values.at(-1) ?? '',
    'data-k0': m['k0/test-loss']?.values[0] ?? '',
  };
}

/** XOR: the first step with every (noisy) training label fitted, and clean test accuracy then and at the end. */
function xorMilestones(m: Record<string, Series>) {
  const train = m['train/accuracy'];
  const test = m['test/accuracy'];
  const i = train ? train.values.findIndex((v) => v >= 1) : -1;
  return {
    'data-first-fit': i < 0 ? '' : train!.steps[i],
    'data-test-at-first-fit': i < 0 ? '' : (test?.values[i] ?? ''),
    'data-final-test': test?.values.at(-1) ?? '',
    'data-final-flipped': m['train/flipped-fit']?.values.at(-1) ?? '',
  };
}

export function LazyRichView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  // The XOR experiment shares this view: a logistic training loss and accuracies, no regression references.
  const xor = run?.spec.experiment === 'xor-benign-overfitting';
  const tags = sweepTags(m, 'train/loss');
  const lossLines = [
    ...sweepLines(m, 'train/loss', 'train', 'train', tags),
    ...sweepLines(m, 'test/loss', 'test', 'test', tags, true),
    ...sweepLines(m, 'lin-train/loss', 'linearized train', 'twin', tags),
    ...sweepLines(m, 'lin-test/loss', 'linearized test', 'twin', tags, true),
    // One kernel at init serves every α (regression is invariant to the kernel's scale): one line, untagged.
    ...sweepLines(m, 'k0/test-loss', '', 'k0', tags.slice(0, 1), true).map((l) => ({
      ...l,
      label: 'K₀ kernel regression, test',
    })),
  ];
  const acc = [
    ...sweepLines(m, 'train/accuracy', 'train (noisy labels)', 'train', ['']),
    ...sweepLines(m, 'train/flipped-fit', 'flipped labels fitted', 'flipped', ['']),
    ...sweepLines(m, 'test/accuracy', 'clean test', 'test', [''], true),
  ];
  const lazy = [
    ...sweepLines(m, 'lazy/weight-change', '‖W−W₀‖/‖W₀‖', 'weight change', tags),
    ...sweepLines(m, 'lazy/kernel-change', '‖K−K₀‖/‖K₀‖', 'kernel change', tags, true),
  ];
  const align = sweepLines(m, 'lazy/alignment', 'NTK–target alignment', 'alignment', tags);
  const charts: ReactNode[] = [];
  if (lossLines.length > 0 || acc.length === 0)
    charts.push(
      <LineChart
        key="loss"
        title={xor ? 'Training loss' : 'Loss: test waits on the kernel plateau, then drops'}
        yLabel={xor ? 'logistic loss (nats)' : 'mean squared error'}
        xLabel={STEP_AXIS}
        smoothing={false}
        logToggle
        defaultLog
        logX
        file="lazy-rich-loss"
        lines={lossLines}
        empty={
          xor
            ? 'The training loss, and below it the accuracies on the noisy training labels and on clean test points, appear after the first evaluation.'
            : 'Train (blue) and test (orange, dashed) loss of the net, of its linearized twin (grey) and of kernel regression with the initial kernel (red) appear after the first evaluation, on a log-step axis.'
        }
      />,
    );
  if (acc.length > 0)
    charts.push(
      <LineChart
        key="acc"
        title="Accuracy"
        yLabel="accuracy (% of points)"
        xLabel={STEP_AXIS}
        smoothing={false}
        logX
        yFormat={pct}
        file="lazy-rich-accuracy"
        lines={acc}
        empty="Accuracies appear after the first evaluation."
      />,
    );
  if (lazy.length > 0)
    charts.push(
      <LineChart
        key="lazy"
        title="Laziness: how far weights and kernel moved"
        yLabel="relative change (ratio)"
        xLabel={STEP_AXIS}
        smoothing={false}
        logToggle
        logX
        file="lazy-rich-laziness"
        lines={lazy}
        empty=""
      />,
    );
  if (align.length > 0)
    charts.push(
      <LineChart
        key="align"
        title="Kernel alignment with the target"
        yLabel="alignment yᵀKy / (‖K‖ ‖y‖²)"
        xLabel={STEP_AXIS}
        smoothing={false}
        logX
        file="lazy-rich-alignment"
        lines={align}
        empty=""
      />,
    );
  return (
    <div className="view-row" data-testid="view-lazy-rich" {...(xor ? xorMilestones(m) : milestones(m))}>
      {charts}
    </div>
  );
}

export function LazyRichSweepView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  // A run of one α has one point: nothing to compare, so the charts keep their placeholders.
  const sweep = sweepTags(m, 'train/loss')[0] !== '';
  const pts = (key: string, label: string, q: Quantity, axis?: 'right'): Line[] =>
    sweep && m[key] ? [{ key, label, color: quantityColor(q), steps: m[key].steps, values: m[key].values, axis }] : [];
  return (
    <div className="view-row" data-testid="view-lazy-rich-sweep" data-points={m['sweep/grok-delay']?.steps.length ?? 0}>
      <LineChart
        title="Grokking delay vs α"
        yLabel="test-10% step ÷ train-10% step"
        xLabel="output scale α (log scale)"
        logX
        logToggle
        file="lazy-rich-sweep-delay"
        lines={pts('sweep/grok-delay', 'delay (a test loss never at 10% counts as the last step)', 'delay')}
        empty="Each α value adds a point here when its training finishes (set “α values” above 1 to sweep)."
      />
      <LineChart
        title="Final test loss and weight change vs α"
        yLabel="final test MSE"
        y2Label="‖W−W₀‖/‖W₀‖ at the end"
        xLabel="output scale α (log scale)"
        logX
        logToggle
        defaultLog
        file="lazy-rich-sweep-laziness"
        lines={[
          ...pts('sweep/test-loss', 'final test MSE', 'test'),
          ...pts('sweep/weight-change', '‖W−W₀‖/‖W₀‖ at the end', 'weight change', 'right'),
        ]}
        empty="With “α values” above 1, the final test loss and the relative weight change (laziness) of each α appear here as it finishes."
      />
    </div>
  );
}

export const LAZY_RICH_VIEWS = {
  'lazy-rich': LazyRichView,
  'lazy-rich-sweep': LazyRichSweepView,
  'xor-plane': XorPlaneView,
  'grok-modular': GrokModularView,
  'grok-modular-sweep': GrokModularSweepView,
  'connectivity-rank': ConnectivityRankView,
  criticality: CriticalityView,
};
