// Bandlimited random weights: the least-squares error against the width, one line per bound A, on
// log-log axes. The caption states how many times each line falls over the sweep: ≈ 1 is the plateau.
import type { RunRecord } from '../../history/types.ts';
import { LineChart } from '../LineChart.tsx';
import { fallOf, widthSeries } from './band-data.ts';

export function BandWidthView({ run }: { run: RunRecord | null }) {
  const series = widthSeries(run);
  const omega = run?.spec.params.omega;
  const complete = series.filter((s) => s.widths.length > 1);
  return (
    <div data-testid="view-band-width" style={{ minWidth: 0 }}>
      <LineChart
        title={`Error vs width at ω = ${omega ?? '?'}, per bound A`}
        yLabel="relative test error ‖f̂ − f‖/‖f‖"
        xLabel="hidden units (log)"
        file="band-error-width"
        logX
        logToggle
        defaultLog
        smoothing={false}
        lines={series.map((s) => ({
          key: s.label,
          label: s.label,
          color: s.color,
          steps: s.widths,
          values: s.errors,
          dashed: typeof omega === 'number' && s.bound < omega,
        }))}
        empty="The error of each bound appears as its widths are fitted."
      />
      {complete.length > 0 && (
        <p className="muted small" data-testid="band-width-readout">
          Fall from width {complete[0].widths[0]} to {complete[0].widths[complete[0].widths.length - 1]} (dashed: A &lt;
          ω):{' '}
          {complete.map((s, i) => (
            <span key={s.label} data-bound={s.bound} data-fall={fallOf(s)} data-error={s.errors[s.errors.length - 1]}>
              {i > 0 && ' · '}
              {s.label}: ×{fallOf(s).toPrecision(2)} to {s.errors[s.errors.length - 1].toPrecision(2)}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
