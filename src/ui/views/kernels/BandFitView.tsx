// Bandlimited random weights: the target and the widest net's least-squares fit for each bound A,
// over x ∈ [−1, 1] (in 2-D, the slice where sin(ωx₂) = 1). Reads the 'band/fit' snapshot: row 0
// the target, row 1 + i the fit for the i-th smallest A (NaN until fitted); each fit's test error
// is the last point of its error-vs-width series.
import type { RunRecord } from '../../history/types.ts';
import { LineChart, type Line } from '../LineChart.tsx';
import { boundColor, boundsOf, widthSeries } from './band-data.ts';

export function BandFitView({ run }: { run: RunRecord | null }) {
  const snap = run?.snapshots['band/fit'];
  const bounds = boundsOf(run);
  const p = run?.spec.params;
  const widths = Array.isArray(p?.widths) ? p.widths : [];
  const width = widths.length ? Math.max(...widths) : null;
  const lines: Line[] = [];
  const fits: { bound: number; error: number }[] = [];
  // Each curve's test error is its series' last point: the same widest net, on the test grid.
  const errorOf = new Map(widthSeries(run).map((s) => [s.bound, s.errors[s.errors.length - 1]]));
  if (snap && snap.kind === 'heatmap') {
    const n = snap.shape[1];
    const xs = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    const row = (r: number) => Array.from(snap.data.subarray(r * n, (r + 1) * n));
    const target = row(0);
    bounds.forEach((bound, i) => {
      const fit = row(1 + i);
      if (!fit.every(Number.isFinite)) return;
      fits.push({ bound, error: errorOf.get(bound) ?? NaN });
      lines.push({ key: `A${bound}`, label: `A = ${bound}`, color: boundColor(bounds, bound), steps: xs, values: fit });
    });
    // The target in the text colour (theme-aware), so it never shares a hue with a bound's fit.
    lines.push({
      key: 'target',
      label: 'target',
      color: 'currentColor',
      steps: xs,
      values: target,
      dashed: true,
    });
  }
  return (
    <div data-testid="view-band-fit" style={{ minWidth: 0 }}>
      <LineChart
        title={`Target (ω = ${p?.omega ?? '?'}) and fits at width ${width ?? '?'}`}
        yLabel="f(x)"
        xLabel="x"
        file="band-fit"
        smoothing={false}
        lines={lines}
        empty="The fitted curves appear as each bound's widest net is fitted."
      />
      {fits.length > 0 && (
        <p className="muted small" data-testid="band-fit-readout">
          Test error of each fit:{' '}
          {fits.map((f, i) => (
            <span key={f.bound} data-bound={f.bound} data-error={f.error}>
              {i > 0 && ' · '}A = {f.bound}: {f.error.toPrecision(2)}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
