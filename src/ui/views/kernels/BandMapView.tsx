// Bandlimited random weights: the least-squares error over (ω, A) at one width, with the boundary
// A = ω drawn over the cells. Reads the 'band/map' snapshot: rows A ascending, columns ω ascending.
import type { RunRecord } from '../../history/types.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { boundsOf } from './band-data.ts';

/** Fractional index of v among ascending log-spaced `values` (cell centres at integers), extrapolated. */
function logIndex(values: readonly number[], v: number): number {
  if (values.length === 1) return 0;
  const l = values.map(Math.log);
  const lv = Math.log(v);
  let k = 0;
  while (k < l.length - 2 && lv > l[k + 1]) k++;
  return k + (lv - l[k]) / (l[k + 1] - l[k]);
}

export function BandMapView({ run }: { run: RunRecord | null }) {
  const snap = run?.snapshots['band/map'];
  const bounds = boundsOf(run);
  const p = run?.spec.params;
  const omegas = Array.isArray(p?.omegas) ? [...new Set(p.omegas)].sort((a, b) => a - b) : [];
  if (!snap || snap.kind !== 'heatmap' || snap.shape[1] !== omegas.length)
    return (
      <p className="empty" data-testid="view-band-map">
        The error over (ω, A) appears once the width sweep is done.
      </p>
    );
  const [rows, cols] = snap.shape;
  const finite = Array.from(snap.data).filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.min(1e-3, ...finite);
  // The line A = ω through the columns' ω, placed among the rows' A on the same log spacing.
  const boundary = omegas.map((w, j) => ({ col: j, row: logIndex(bounds, w) }));
  // Across the line: the error just below (largest A < ω) over just above (smallest A > ω), per ω.
  const drops = omegas.map((w, j) => {
    const below = bounds.filter((a) => a < w).length - 1;
    const above = bounds.findIndex((a) => a > w);
    return below >= 0 && above >= 0 ? snap.data[below * cols + j] / snap.data[above * cols + j] : NaN;
  });
  return (
    <div data-testid="view-band-map" style={{ minWidth: 0 }}>
      <Heatmap
        title={`Error over (ω, A) at width ${p?.mapWidth ?? '?'}`}
        file="band-error-map"
        rows={rows}
        cols={cols}
        data={snap.data}
        x={{ label: 'target frequency ω', domain: [0, cols - 1], names: omegas.map(String) }}
        y={{ label: 'weight bound A', domain: [0, rows - 1], names: bounds.map(String) }}
        scale={{
          scheme: 'viridis',
          domain: [lo, 1],
          log: true,
          reverse: true,
          label: 'relative error',
          units: '‖f̂ − f‖/‖f‖',
        }}
        testId="band-map"
        overlay={({ x, y }) => (
          <g>
            <polyline
              points={boundary.map((b) => `${x(b.col)},${y(b.row)}`).join(' ')}
              fill="none"
              stroke="#fff"
              strokeWidth={3}
              strokeOpacity={0.7}
            />
            <polyline
              points={boundary.map((b) => `${x(b.col)},${y(b.row)}`).join(' ')}
              fill="none"
              stroke="#e6550d"
              strokeWidth={1.5}
              strokeDasharray="5 3"
              data-testid="band-boundary"
            />
            <text
              x={x(boundary[boundary.length - 1].col)}
              y={y(boundary[boundary.length - 1].row) - 8}
              textAnchor="end"
              fontSize={12}
              fontWeight={700}
              fill="#e6550d"
              stroke="#fff"
              strokeWidth={3}
              paintOrder="stroke"
            >
              A = ω
            </text>
          </g>
        )}
        caption={
          <span data-testid="band-map-readout">
            Error just below the line over just above it:{' '}
            {omegas.map((w, j) => (
              <span key={w} data-omega={w} data-drop={drops[j]}>
                {j > 0 && ' · '}ω = {w}: {Number.isFinite(drops[j]) ? `×${drops[j].toPrecision(2)}` : '–'}
              </span>
            ))}
          </span>
        }
      />
    </div>
  );
}
