// ELR's figure (Liu et al. 2020, Fig. 1): for the flipped training examples, the share predicted
// as their true label and the share predicted as their wrong training label (memorized) over
// epochs, cross-entropy (the control) beside ELR; below, both test accuracies.
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { elrCurves, type ElrCurves } from './elr-data.ts';

const TRUTH = 'true label';
const MEMORIZED = 'memorized';
const NAMES = { ce: 'cross-entropy', elr: 'ELR' } as const;
const percent = (v: number) => `${v.toFixed(0)}%`;

function FitPanel({ c, title }: { c: ElrCurves; title: string }) {
  const lines: Line[] = [
    { key: 'truth', label: 'predicted = true label', color: seriesColor(TRUTH), steps: c.epochs, values: c.truth },
    {
      key: 'memorized',
      label: 'predicted = noisy label (memorized)',
      color: seriesColor(MEMORIZED),
      steps: c.epochs,
      values: c.memorized,
    },
  ];
  return (
    <div data-testid={`elr-fit-${c.loss}`}>
      <LineChart
        title={title}
        yLabel="flipped examples (%)"
        xLabel="epoch"
        smoothing={false}
        yFormat={percent}
        file={`elr-fit-${c.loss}`}
        lines={lines}
        empty="The shares appear after each epoch, from the shared init on."
      />
    </div>
  );
}

export function ElrMemorizationView({ run }: { run: RunRecord | null }) {
  const ce = elrCurves(run, 'ce');
  const elr = elrCurves(run, 'elr');
  const params = run?.spec.params ?? {};
  const noise = params.noise ?? '?';
  const last = (v: number[]) => (v.length ? v[v.length - 1] : NaN);
  const test: Line[] = [ce, elr].map((c) => ({
    key: c.loss,
    label: NAMES[c.loss],
    color: seriesColor(NAMES[c.loss]),
    steps: c.epochs,
    values: c.test,
  }));
  return (
    <div
      data-testid="view-elr-memorization"
      data-curves={JSON.stringify({ ce, elr })}
      data-ce-memorized={last(ce.memorized)}
      data-elr-memorized={last(elr.memorized)}
      data-ce-test={last(ce.test)}
      data-elr-test={last(elr.test)}
    >
      <div className="view-row">
        <FitPanel c={ce} title={`Cross-entropy (control): the ${noise}% flipped examples`} />
        <FitPanel c={elr} title={`ELR (λ = ${params.lambda ?? '?'}, β = ${params.beta ?? '?'}): the same examples`} />
      </div>
      <LineChart
        title="Test accuracy (clean labels)"
        yLabel="test accuracy (%)"
        xLabel="epoch"
        smoothing={false}
        yFormat={percent}
        file="elr-test"
        lines={test}
        empty="Test accuracies appear after each epoch."
      />
      <p className="chart-caption small muted">
        Both networks start from the same init and see the same batches; only the loss differs. A flipped example is
        memorized when the network predicts the wrong label it was trained on, fitted when it predicts its true label
        (which training never showed it).
      </p>
    </div>
  );
}
