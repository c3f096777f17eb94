// Views of the modular-arithmetic grokking experiment: accuracy and loss on log-step axes with the
// memorization and generalization steps marked, and the generalization step against weight decay.
import type { RunRecord, Series } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { color } from '../palette.ts';

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

/** First step at which a series reaches `level`, or null. */
export function firstReach(s: Series | undefined, level: number): number | null {
  if (!s) return null;
  const i = s.values.findIndex((v) => v >= level);
  return i < 0 ? null : s.steps[i];
}

/** The weight-decay tags of a run (" wd=0.1" …), or [''] for a single run, in ascending order. */
function tagsOf(m: Record<string, Series>): string[] {
  const out = Object.keys(m)
    .filter((k) => k.startsWith('train/accuracy'))
    .map((k) => k.slice('train/accuracy'.length));
  return out.length > 0
    ? out.sort((a, b) => parseFloat(a.replace(/[^0-9.e-]/g, '')) - parseFloat(b.replace(/[^0-9.e-]/g, '')))
    : [''];
}

const mark = (key: string, label: string, step: number | null, top: number, c: string): Line[] =>
  step === null ? [] : [{ key, label, color: c, steps: [step, step], values: [0, top], dashed: true }];

export function GrokModularView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const tags = tagsOf(m);
  const one = tags.length === 1;
  const lines = (name: string, label: string, dashed: boolean): Line[] =>
    tags.flatMap((t, i) => {
      const s = m[name + t];
      return s
        ? [
            {
              key: name + t,
              label: `${label}${t}`,
              color: one ? color(dashed ? 1 : 0) : color(i),
              steps: s.steps,
              values: s.values,
              dashed,
            },
          ]
        : [];
    });
  const memorized = one ? firstReach(m['train/accuracy'], 0.99) : null;
  const generalized = one ? firstReach(m['test/accuracy'], 0.95) : null;
  const acc = [
    ...lines('train/accuracy', 'train', false),
    ...lines('test/accuracy', 'test', true),
    ...mark('mark/memorized', `train ≥ 99% (step ${memorized})`, memorized, 1, '#999'),
    ...mark('mark/generalized', `test ≥ 95% (step ${generalized})`, generalized, 1, '#c33'),
  ];
  const loss = [...lines('train/loss', 'train', false), ...lines('test/loss', 'test', true)];
  return (
    <div
      className="view-row"
      data-testid="view-grok-modular"
      data-memorized={memorized ?? ''}
      data-generalized={generalized ?? ''}
    >
      <LineChart
        title="Accuracy (log steps)"
        yLabel="accuracy"
        logX
        yFormat={pct}
        file="grok-modular-accuracy"
        lines={acc}
        empty="Train (solid) and test (dashed) accuracy appear here on a log-step axis; grey and red marks show when train reached 99% and test 95%."
      />
      <LineChart
        title="Cross-entropy (log steps)"
        yLabel="loss"
        logX
        logToggle
        defaultLog
        file="grok-modular-loss"
        lines={loss}
        empty="Train and test loss appear after the first evaluation."
      />
    </div>
  );
}

export function GrokModularSweepView({ run }: { run: RunRecord | null }) {
  const m = run?.metrics ?? {};
  const pts = (key: string, label: string, i: number): Line[] =>
    m[key] ? [{ key, label, color: color(i), steps: m[key].steps, values: m[key].values }] : [];
  return (
    <div
      className="view-row"
      data-testid="view-grok-modular-sweep"
      data-points={m['sweep/generalized-step']?.steps.length ?? 0}
    >
      <LineChart
        title="When it generalizes vs weight decay"
        yLabel="step"
        xLabel="weight decay"
        logX
        logToggle
        defaultLog
        file="grok-modular-sweep"
        lines={[
          ...pts('sweep/memorized-step', 'train ≥ 99%', 0),
          ...pts('sweep/generalized-step', 'test ≥ 95% (never: the last step)', 1),
        ]}
        empty="Each weight decay adds a point here when its training finishes (set “weight decays” above 1 to sweep)."
      />
    </div>
  );
}
