// The deep NTK against 1-NN and majority vote (src/lab/experiments/kernels/ntk-depth.ts): agreement
// vs depth per activation (solid 1-NN, dashed majority vote) with the paper's regime of each
// activation written on the figure, test accuracy vs depth against both classifiers' accuracies,
// and the kernel between training digits (sorted by class) at the newest depth of the run as cut by
// the scrubber: ReLU's flattens toward a constant, erf's and sin's toward the identity.
import type { RunRecord } from '../../history/types.ts';
import { HeatmapPanels } from '../../charts/Heatmap.tsx';
import { seriesColor } from '../../charts/series-colors.ts';
import { LineChart, type Line } from '../LineChart.tsx';

const ACTIVATIONS = ['relu', 'erf', 'sin'] as const;
const NAMES: Record<string, string> = { relu: 'ReLU', erf: 'erf', sin: 'sin' };
/** The order of the runner's REGIMES (src/lab/kernels/dual-regime.ts), as it records them. */
const REGIME_TEXT = ['majority vote', 'singular kernel (neither)', '1-NN', 'none of the three'];

const pct = (v: number) => `${Math.round(v * 100)}%`;

function series(run: RunRecord | null, key: string) {
  const s = run?.metrics[key];
  return s && s.steps.length > 0 ? s : null;
}

function line(run: RunRecord | null, key: string, label: string, color: string, dashed = false): Line[] {
  const s = series(run, key);
  return s ? [{ key, label, color, steps: s.steps, values: s.values, dashed }] : [];
}

/** A flat line at a baseline classifier's accuracy across the depths recorded so far. */
function baseline(run: RunRecord | null, key: string, label: string, depths: readonly number[]): Line[] {
  const s = series(run, key);
  return s && depths.length > 0
    ? [{ key, label, color: seriesColor(label), steps: depths, values: depths.map(() => s.values[0]), dashed: true }]
    : [];
}

function RegimeNotes({ run, present }: { run: RunRecord | null; present: readonly string[] }) {
  return (
    <ul
      className="small"
      style={{ color: 'var(--ink-soft)', margin: '0.4rem 0 0', paddingLeft: '1.2rem' }}
      data-testid="ntk-regimes"
    >
      {present.map((a) => {
        const code = series(run, `regime/${a}`)?.values[0];
        const v = (q: string) => series(run, `dual/${a}/${q}`)?.values[0] ?? NaN;
        return (
          <li key={a} data-activation={a} data-regime={code}>
            <span style={{ color: seriesColor(a), fontWeight: 600 }}>{NAMES[a]}</span>: ξ(0) = {v('xi0').toFixed(2)},
            ξ′(0) = {v('dxi0').toFixed(2)}, ξ′(1) = {v('dxi1').toFixed(2)} → the paper’s L → ∞ regime:{' '}
            <strong>{code === undefined ? '…' : REGIME_TEXT[code]}</strong>
            {Number.isFinite(v('maxDepth')) ? ` (float32 holds it to L = ${v('maxDepth')})` : ''}
          </li>
        );
      })}
    </ul>
  );
}

export function NtkDepthView({ run }: { run: RunRecord | null }) {
  const present = ACTIVATIONS.filter((a) => series(run, `regime/${a}`));
  const agree = present.flatMap((a) => [
    ...line(run, `agree-1nn/${a}`, `${NAMES[a]} · 1-NN`, seriesColor(a)),
    ...line(run, `agree-majority/${a}`, `${NAMES[a]} · majority`, seriesColor(a), true),
  ]);
  const depths = present.map((a) => series(run, `accuracy/${a}`)?.steps ?? []).find((s) => s.length > 0) ?? [];
  const accuracy = [
    ...present.flatMap((a) => line(run, `accuracy/${a}`, NAMES[a], seriesColor(a))),
    ...baseline(run, 'baseline/1nn-accuracy', '1-NN', depths),
    ...baseline(run, 'baseline/majority-accuracy', 'majority vote', depths),
  ];
  const kernelPanels = present.flatMap((a) => {
    const snap = run?.snapshots[`kernel/${a}`];
    return snap && snap.kind === 'heatmap'
      ? [{ label: `${NAMES[a]} · L = ${snap.step}`, rows: snap.shape[0], cols: snap.shape[1], data: snap.data }]
      : [];
  });
  const kernelLabels = present.map((a) => run?.snapshots[`kernel/${a}`]?.labels).find((l) => l) ?? [];
  const kernel = run?.spec.params.kernel === 'nngp' ? 'NNGP' : 'NTK';
  return (
    <div style={{ display: 'grid', gap: '0.8rem' }} data-testid="view-ntk-depth">
      <div className="view-row">
        <div>
          <LineChart
            title={`Deep ${kernel} regression: agreement with 1-NN (solid) and majority vote (dashed)`}
            yLabel="agreement (fraction of test digits)"
            xLabel="depth L (layers)"
            logX
            smoothing={false}
            yFormat={pct}
            file="ntk-agreement"
            lines={agree}
            empty="Agreements appear after the first recorded depth."
          />
          <RegimeNotes run={run} present={present} />
        </div>
        <LineChart
          title="Test accuracy vs depth"
          yLabel="test accuracy"
          xLabel="depth L (layers)"
          logX
          smoothing={false}
          yFormat={pct}
          file="ntk-accuracy"
          lines={accuracy}
          empty="Test accuracies appear after the first recorded depth."
        />
      </div>
      {kernelPanels.length > 0 ? (
        <HeatmapPanels
          title={`${kernel} between training digits, sorted by class, at the newest depth`}
          file="ntk-kernel"
          scale={{
            scheme: 'viridis',
            domain: [0, 1],
            label: 'normalized kernel',
            units: 'cosine',
          }}
          panels={kernelPanels}
          cellSize={2}
          minPanel={150}
          testId="ntk-kernel"
          caption={
            <>
              Each cell is K(x,x′)/√(K(x,x)·K(x′,x′)), 1 on the diagonal. Rows and columns: {kernelLabels.length}{' '}
              training digits in class order ({[...new Set(kernelLabels)].join(', ')}). A flat panel is a kernel that no
              longer tells digits apart (majority vote); a diagonal one sees only the digit itself (erf and sin: every
              off-diagonal entry → 0).
            </>
          }
        />
      ) : (
        <p className="empty">The kernel heatmaps appear after the first recorded depth.</p>
      )}
    </div>
  );
}
