// Views of the modular-arithmetic grokking experiment: accuracy and loss on log-step axes with the
// memorization and generalization steps marked, and the generalization step against weight decay.
// Train is blue and test orange on every chart (the marks and the sweep included); the weight
// decays of a sweep are told apart by how faint a line is.
import type { RunRecord, Series } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { quantityColor, shade } from './colors.ts';
import { sweepLines, sweepTags } from './sweep.ts';

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

/** The runner logs step + 1, so that step 0 fits on a log axis. */
export const STEP_AXIS = 'full-batch step + 1 (log scale)';

/** First step at which a series reaches `level`, or null. */
export function firstReach(s: Series | undefined, level: number): number | null {
  if (!s) return null;
  const i = s.values.findIndex((v) => v >= level);
  return i < 0 ? null : s.steps[i];
}

const last = (s: Series | undefined): number | undefined => s?.values[s.values.length - 1];

const mark = (key: string, label: string, step: number | null, color: string): Line[] =>
  step === null ? [] : [{ key, label, color, steps: [step], values: [], dashed: true, rule: true }];

/** When a single run memorized and generalized, as the data-* attributes of the view. */
function milestones(m: Record<string, Series>) {
  const memorized = firstReach(m['train/accuracy'], 0.99);
  const generalized = firstReach(m['test/accuracy'], 0.95);
  const test90 = firstReach(m['test/accuracy'], 0.9);
  const atMemorized =
    memorized === null ? undefined : m['test/accuracy']?.values[m['test/accuracy'].steps.indexOf(memorized)];
  return {
    memorized,
    generalized,
    attrs: {
      'data-memorized': memorized ?? '',
      'data-generalized': generalized ?? '',
      'data-test90': test90 ?? '',
      'data-test-at-memorized': atMemorized ?? '',
      // Generalization over memorization step: how much later test caught up (the grokking delay).
      'data-delay': memorized !== null && test90 !== null ? test90 / memorized : '',
      'data-last-step': m['test/accuracy']?.steps.at(-1) ?? '',
      'data-final-train': last(m['train/accuracy']) ?? '',
      'data-final-test': last(m['test/accuracy']) ?? '',
    },
  };
}

export function GrokModularView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const tags = sweepTags(m, 'train/accuracy');
  const one = tags.length === 1;
  const lines = (name: string, who: 'train' | 'test'): Line[] => sweepLines(m, name, who, who, tags, who === 'test');
  const { memorized, generalized, attrs } = milestones(one ? m : {});
  const acc = [
    ...lines('train/accuracy', 'train'),
    ...lines('test/accuracy', 'test'),
    ...mark('mark/memorized', `train ≥ 99% at step ${memorized}`, memorized, shade(quantityColor('train'), 1, 3)),
    ...mark('mark/generalized', `test ≥ 95% at step ${generalized}`, generalized, shade(quantityColor('test'), 1, 3)),
  ];
  const loss = [...lines('train/loss', 'train'), ...lines('test/loss', 'test')];
  return (
    <div className="view-row" data-testid="view-grok-modular" {...attrs}>
      <LineChart
        title="Accuracy: train first, test much later"
        yLabel="accuracy (% of pairs)"
        xLabel={STEP_AXIS}
        logX
        smoothing={false}
        yFormat={pct}
        file="grok-modular-accuracy"
        lines={acc}
        empty="Train (blue) and test (orange, dashed) accuracy appear after the first evaluation, on a log-step axis; faint marks then show when train reached 99% and test 95%."
      />
      <LineChart
        title="Cross-entropy"
        yLabel="cross-entropy (nats)"
        xLabel={STEP_AXIS}
        logX
        logToggle
        defaultLog
        smoothing={false}
        file="grok-modular-loss"
        lines={loss}
        empty="Train and test loss appear after the first evaluation."
      />
    </div>
  );
}

export function GrokModularSweepView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  // A run of one weight decay has one point: nothing to compare, so the chart keeps its placeholder.
  const sweep = sweepTags(m, 'train/accuracy')[0] !== '';
  const pts = (key: string, label: string, who: 'train' | 'test'): Line[] =>
    sweep && m[key]
      ? [{ key, label, color: quantityColor(who), steps: m[key].steps, values: m[key].values, dashed: who === 'test' }]
      : [];
  return (
    <div
      className="view-row"
      data-testid="view-grok-modular-sweep"
      data-points={m['sweep/generalized-step']?.steps.length ?? 0}
    >
      <LineChart
        title="When it memorizes and when it generalizes vs weight decay"
        yLabel="full-batch step + 1"
        xLabel="AdamW weight decay (log scale)"
        logX
        logToggle
        defaultLog
        file="grok-modular-sweep"
        lines={[
          ...pts('sweep/memorized-step', 'train ≥ 99% (memorized)', 'train'),
          ...pts('sweep/generalized-step', 'test ≥ 95% (generalized; never = the last step)', 'test'),
        ]}
        empty="Each weight decay adds a point here when its training finishes (set “weight decays” above 1 to sweep)."
      />
    </div>
  );
}
