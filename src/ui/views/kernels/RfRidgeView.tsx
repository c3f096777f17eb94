// Random-feature ridge regression (src/lab/experiments/kernels/rf-ridge.ts), one figure per claim:
// the test risk over (λ, F) for each training-set size n with every row's optimum marked; the
// λ-tuned risk against F, one line per n (more is better); the ridgeless risk beside it (the
// double-descent peak at F = n that tuning removes); and train against test risk at the tuned λ
// (overfitting is obligatory). Each figure states the measured claim on it.
import { rfMeasure, type RfMeasure } from '../../../lab/checks/rules/kernels-ridge.ts';
import type { RunRecord } from '../../history/types.ts';
import { extentOf } from '../../charts/color-scale.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';

const nOf = (name: string) => Number(name.slice(name.indexOf(' n=') + 3));
const label = (n: number) => `n = ${n}`;

/** One line per n of the series `<prefix> n=<n>`, coloured by n. */
function linesOf(run: RunRecord | null, prefix: string, o: { dashed?: boolean; suffix?: string } = {}): Line[] {
  return Object.entries(run?.metrics ?? {})
    .filter(([k]) => k.startsWith(`${prefix} n=`))
    .sort(([a], [b]) => nOf(a) - nOf(b))
    .map(([key, s]) => ({
      key,
      label: `${label(nOf(key))}${o.suffix ?? ''}`,
      color: seriesColor(label(nOf(key))),
      steps: s.steps,
      values: s.values,
      dashed: o.dashed,
    }));
}

/** The largest change of a risk across one doubling of F (at each n) or of n (at each F). */
function largestRise(m: RfMeasure, grid: number[][], of: 'F' | 'n'): { rise: number; at: string } {
  let best = { rise: -Infinity, at: '' };
  m.sizes.forEach((n, i) =>
    m.features.forEach((f, j) => {
      const [i2, j2] = of === 'F' ? [i, m.features.indexOf(2 * f)] : [m.sizes.indexOf(2 * n), j];
      if (i2 < 0 || j2 < 0) return;
      const rise = grid[i2][j2] - grid[i][j];
      if (Number.isFinite(rise) && rise > best.rise)
        best = { rise, at: of === 'F' ? `F ${f}→${2 * f}, n = ${n}` : `n ${n}→${2 * n}, F = ${f}` };
    }),
  );
  return best;
}

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`;

/** The tuned risk over (λ, F) for one n, with each row's optimum ringed. */
function RiskHeatmap({ run, n, domain, top }: { run: RunRecord; n: number; domain: [number, number]; top: number }) {
  const snap = run.snapshots[`rf/risk n=${n}`];
  if (!snap || snap.kind !== 'heatmap') return null;
  const [rows, cols] = snap.shape;
  const lo = Math.log10(Number(run.spec.params.lambdaMin));
  const hi = Math.log10(Number(run.spec.params.lambdaMax));
  const best = Array.from({ length: rows }, (_, r) => {
    let b = -1;
    for (let c = 0; c < cols; c++) {
      const v = snap.data[r * cols + c];
      if (Number.isFinite(v) && (b < 0 || v < snap.data[r * cols + b])) b = c;
    }
    return b;
  });
  const lx = (c: number) => lo + ((hi - lo) * c) / Math.max(1, cols - 1);
  return (
    <Heatmap
      title={`Test risk over (λ, F), ${label(n)}`}
      file={`rf-risk-n${n}`}
      rows={rows}
      cols={cols}
      data={snap.data}
      maxSize={300}
      x={{ label: 'log₁₀ λ (× mean eigenvalue of K)', domain: [lo, hi] }}
      y={{ label: 'features F', domain: [0, rows - 1], names: snap.labels }}
      scale={{ scheme: 'viridis', domain, label: 'test risk', units: 'MSE' }}
      overlay={({ x, y }) => (
        <g className="rf-optimum" data-optimum-cols={best.join(',')}>
          {best.map((c, r) =>
            c < 0 ? null : (
              <circle key={r} cx={x(lx(c))} cy={y(r)} r={5} fill="none" stroke="white" strokeWidth={2}>
                <title>{`${snap.labels?.[r]}: optimum at λ = ${(10 ** lx(c)).toPrecision(2)}`}</title>
              </circle>
            ),
          )}
        </g>
      )}
      caption={`○ the tuned λ of each F; the left edge is (nearly) ridgeless.${domain[1] < top ? ` Colours stop at ${domain[1].toFixed(2)}, the risk of predicting 0: yellow is no better than that.` : ''}`}
      testId={`rf-risk-n${n}`}
    />
  );
}

export function RfRidgeView({ run }: { run: RunRecord | null }) {
  const m = run ? rfMeasure({ ...run, summary: run.summary ?? {} }) : null;
  const sizes = m?.sizes ?? [];
  const grids = Object.values(run?.snapshots ?? {}).filter((s) => s.kind === 'heatmap' && s.name.startsWith('rf/risk'));
  const gridSizes = grids.map((s) => nOf(s.name)).sort((a, b) => a - b);
  // One colour scale for every n, so the panels compare. It stops at the risk of predicting 0
  // ((C − 1)/C for centred one-hot targets): the ridgeless spikes would otherwise take the whole
  // range and leave the tuned region one colour.
  const classes = 10; // every dataset rf-ridge offers has 10
  const [lo, hi] = extentOf(grids.flatMap((s) => Array.from(s.data)));
  const domain: [number, number] = [lo, Math.max(lo * 1.01, Math.min(hi, (classes - 1) / classes))];
  const riseF = m && largestRise(m, m.tuned, 'F');
  const riseN = m && largestRise(m, m.tuned, 'n');
  const fLast = m ? m.features.length - 1 : -1;
  const ratios = m ? m.sizes.map((_, i) => m.train[i][fLast] / m.tuned[i][fLast]) : [];
  const rules: Line[] = sizes.map((n) => ({
    key: `rule n=${n}`,
    label: `F = ${n}`,
    color: seriesColor(label(n)),
    steps: [n],
    values: [NaN],
    rule: true,
    dashed: true,
  }));
  return (
    <div
      className="view-rf-ridge"
      data-testid="view-rf-ridge"
      data-sizes={sizes.join(',')}
      data-features={m?.features.join(',')}
      data-tuned-risk={m ? JSON.stringify(m.tuned) : undefined}
      data-ridgeless-risk={m ? JSON.stringify(m.ridgeless) : undefined}
      data-train-risk={m ? JSON.stringify(m.train) : undefined}
      data-largest-rise-f={riseF?.rise}
      data-largest-rise-n={riseN?.rise}
    >
      <div className="view-row">
        <div>
          <LineChart
            title="More is better: tuned test risk vs features"
            yLabel="test risk at the tuned λ (MSE)"
            xLabel="features F (log)"
            logX
            logToggle
            smoothing={false}
            file="rf-tuned"
            lines={linesOf(run, 'tuned/risk')}
            empty="The λ-tuned test risk appears after the first feature count is solved."
          />
          {riseF && riseN && (
            <p className="chart-caption small muted" data-testid="rf-claim">
              Claim: with λ tuned, the risk never rises when F or n doubles. Largest change at a doubling of F:{' '}
              {signed(riseF.rise)} ({riseF.at}); of n: {riseN.at ? `${signed(riseN.rise)} (${riseN.at})` : 'one n only'}
              . One seed: the paper check weighs a rise against the spread over 3 seeds.
            </p>
          )}
        </div>
        <div>
          <LineChart
            title="Control: ridgeless risk (smallest λ) vs features"
            yLabel="test risk at the smallest λ (MSE)"
            xLabel="features F (log)"
            logX
            logToggle
            defaultLog
            smoothing={false}
            file="rf-ridgeless"
            lines={[...linesOf(run, 'ridgeless/risk'), ...rules]}
            empty="The ridgeless risk appears after the first feature count is solved."
          />
          <p className="chart-caption small muted">
            Without tuning (the smallest λ of the grid that float32 can factor), the risk peaks at the interpolation
            threshold F = n (dashed): double descent, the non-monotone curve that tuning λ removes.
          </p>
        </div>
        <div>
          <LineChart
            title="Overfitting is obligatory: train vs test at the tuned λ"
            yLabel="risk at the tuned λ (MSE)"
            xLabel="features F (log)"
            logX
            smoothing={false}
            file="rf-train-test"
            lines={[
              ...linesOf(run, 'tuned/risk', { suffix: ' test' }),
              ...linesOf(run, 'tuned/train-risk', { dashed: true, suffix: ' train' }),
            ]}
            empty="Train and test risk at the tuned λ appear after the first feature count is solved."
          />
          {m && (
            <p className="chart-caption small muted" data-testid="rf-overfit" data-ratios={ratios.join(',')}>
              Solid: test, dashed: train. At F = {m.features[fLast]} the optimum fits the training set{' '}
              {ratios.every((r) => r <= 0.5) ? 'far better than' : 'not much better than'} the test set: train/test ={' '}
              {sizes.map((n, i) => `${ratios[i].toFixed(2)} (${label(n)})`).join(', ')}.
            </p>
          )}
        </div>
      </div>
      <div className="view-row">
        {run && gridSizes.map((n) => <RiskHeatmap key={n} run={run} n={n} domain={domain} top={hi} />)}
        {!gridSizes.length && (
          <p className="empty">The risk over (λ, F) appears after the first feature count is solved.</p>
        )}
      </div>
    </div>
  );
}
