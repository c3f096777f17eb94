// Scalable neural network kernels (src/lab/experiments/kernels/snnk.ts): test accuracy against the
// trainable-parameter count per method (log x), and how well m random features estimate the
// exact arc-cosine kernel (log-log, with the fitted slope; Monte Carlo predicts −1/2).
import type { RunRecord } from '../../history/types.ts';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';

const METHODS = [
  { key: 'mlp', label: 'MLP (ordinary layer)' },
  { key: 'snnk', label: 'SNNK-MLP, Adam' },
  { key: 'bundled-gd', label: 'bundled, Adam' },
  { key: 'bundled-closed', label: 'bundled, closed form' },
];

/** Least-squares slope of log y on log x. */
function logSlope(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  lx.forEach((v, i) => {
    num += (v - mx) * (ly[i] - my);
    den += (v - mx) ** 2;
  });
  return num / den;
}

export function SnnkView({ run }: { run: RunRecord | null }) {
  const lines: Line[] = METHODS.flatMap((m) => {
    const s = run?.metrics[`acc/${m.key}`];
    return s
      ? [
          {
            key: m.key,
            label: m.label,
            color: seriesColor(m.key),
            steps: s.steps,
            values: s.values.map((v) => 100 * v),
            dashed: m.key === 'bundled-closed',
          },
        ]
      : [];
  });
  // The claim's frame: a fifth of the widest MLP's parameters, and 1 point below its accuracy.
  const mlpRun = run?.metrics['acc/mlp'];
  const base = mlpRun?.steps.length ? mlpRun.steps.indexOf(Math.max(...mlpRun.steps)) : -1;
  if (mlpRun && base >= 0) {
    const xs = lines.flatMap((l) => [...l.steps]);
    const target = 100 * mlpRun.values[base] - 1;
    lines.push(
      {
        key: 'budget',
        label: '⅕ of the widest MLP',
        color: 'currentColor',
        steps: [mlpRun.steps[base] / 5],
        values: [NaN],
        rule: true,
      },
      {
        key: 'within',
        label: 'widest MLP − 1 pt',
        color: 'currentColor',
        steps: [Math.min(...xs), Math.max(...xs)],
        values: [target, target],
        dashed: true,
      },
    );
  }
  const kernel = run?.metrics['kernel/error'];
  const slope = kernel && kernel.values.length > 1 ? logSlope(kernel.steps, kernel.values) : null;
  const closed = run?.metrics['acc/bundled-closed'];
  const gd = run?.metrics['acc/bundled-gd'];
  const gaps = closed && gd ? gd.values.map((v, i) => 100 * (closed.values[i] - v)).filter(Number.isFinite) : [];
  return (
    <div className="view-row" data-testid="view-snnk">
      <div style={{ minWidth: 0 }}>
        <LineChart
          title="Test accuracy vs trainable parameters"
          yLabel="test accuracy (%)"
          xLabel="trainable parameters (log)"
          file="snnk-accuracy-params"
          logX
          smoothing={false}
          lines={lines}
          empty="Each method's accuracy appears as its models finish training."
        />
        {gaps.length > 0 && (
          <p className="muted small" data-testid="snnk-readout">
            Closed form minus Adam, bundled net, per m:{' '}
            {gaps.map((g, i) => (
              <span key={i} data-m={closed!.steps[i] / 10} data-gap={g}>
                {i > 0 && ' · '}m = {closed!.steps[i] / 10}: {g >= 0 ? '+' : ''}
                {g.toFixed(1)} pt
              </span>
            ))}
          </p>
        )}
      </div>
      <div style={{ minWidth: 0 }}>
        <LineChart
          title={`Kernel estimate error vs m${slope === null ? '' : ` (slope ${slope.toFixed(2)}, Monte Carlo −0.5)`}`}
          yLabel="‖ΦΦᵀ − K‖/‖K‖"
          xLabel="random features m (log)"
          file="snnk-kernel-error"
          logX
          logToggle
          defaultLog
          smoothing={false}
          lines={
            kernel
              ? [
                  {
                    key: 'kernel',
                    label: 'relative error',
                    color: seriesColor('kernel'),
                    steps: kernel.steps,
                    values: kernel.values,
                  },
                ]
              : []
          }
          empty="The kernel estimate's error appears with the first feature count."
        />
        {slope !== null && (
          <p className="muted small" data-testid="snnk-kernel-readout" data-slope={slope}>
            Fitted log-log slope {slope.toFixed(2)}: the m-feature Gram matrix converges to the arc-cosine kernel as m^
            {slope.toFixed(2)}.
          </p>
        )}
      </div>
    </div>
  );
}
