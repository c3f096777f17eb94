// The 2-D slice of a landscape run: filled contours of the loss (d3-contour over the grid, log
// scale) with the training trajectory on top, and a wireframe 3-D rendering of the same surface.
import * as d3 from 'd3';
import { useState } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';

export interface Plane {
  res: number;
  alphas: number[];
  betas: number[];
  /** Row-major [β index][α index]. */
  values: Float32Array;
  trajectory: Array<[number, number]>;
  /** The checkpoints a plane through three of them passes through, with their names. */
  points: Array<{ at: [number, number]; label: string }>;
}

export function planeOf(snaps: Record<string, Snapshot>, which: 'loss' | 'accuracy'): Plane | null {
  const grid = snaps[`plane/${which}`];
  const axes = snaps['plane/axes'];
  if (!grid || !axes) return null;
  const res = grid.shape[1];
  const a = Array.from(axes.data as Float32Array);
  const t = snaps['plane/trajectory'];
  const trajectory: Array<[number, number]> = [];
  if (t) for (let i = 0; i < t.shape[0]; i++) trajectory.push([t.data[2 * i], t.data[2 * i + 1]]);
  const p = snaps['plane/points'];
  const points = p
    ? Array.from({ length: p.shape[0] }, (_, i) => ({
        at: [p.data[2 * i], p.data[2 * i + 1]] as [number, number],
        label: p.labels?.[i] ?? `point ${i + 1}`,
      }))
    : [];
  return { res, alphas: a.slice(0, res), betas: a.slice(res), values: grid.data as Float32Array, trajectory, points };
}

const SIZE = 280;
const M = 36;

function Contour({ plane, which }: { plane: Plane; which: 'loss' | 'accuracy' }) {
  const { res, alphas, betas, values, trajectory, points } = plane;
  const f = (v: number) => (which === 'loss' ? Math.log10(Math.max(v, 1e-6)) : v);
  const z = Array.from(values, f);
  const [lo, hi] = d3.extent(z) as [number, number];
  const thresholds = d3.range(0, 16).map((k) => lo + ((hi - lo) * (k + 0.5)) / 16);
  const contours = d3.contours().size([res, res]).thresholds(thresholds)(z);
  const colour = d3
    .scaleSequential(which === 'loss' ? d3.interpolateViridis : d3.interpolateMagma)
    .domain(which === 'loss' ? [lo, hi] : [hi, lo]);
  // Grid value (i, j) covers [i, i + 1] in contour space; α_i sits at its centre.
  const gx = d3
    .scaleLinear()
    .domain([0, res])
    .range([M, M + SIZE]);
  const gy = d3
    .scaleLinear()
    .domain([0, res])
    .range([M + SIZE, M]);
  const ax = d3
    .scaleLinear()
    .domain([alphas[0], alphas[res - 1]])
    .range([gx(0.5), gx(res - 0.5)]);
  const by = d3
    .scaleLinear()
    .domain([betas[0], betas[res - 1]])
    .range([gy(0.5), gy(res - 0.5)]);
  const path = d3.geoPath(
    d3.geoTransform({
      point(x, y) {
        this.stream.point(gx(x), gy(y));
      },
    }),
  );
  const line = d3
    .line<[number, number]>()
    .x((p) => ax(p[0]))
    .y((p) => by(p[1]));
  let argmin = 0;
  z.forEach((v, i) => {
    if (which === 'loss' ? v < z[argmin] : v > z[argmin]) argmin = i;
  });
  return (
    <svg
      width={SIZE + 2 * M}
      height={SIZE + 2 * M}
      role="img"
      aria-label={`${which} contours`}
      data-testid="landscape-contour"
    >
      <rect x={M} y={M} width={SIZE} height={SIZE} fill={colour(lo)} />
      {contours.map((c, k) => (
        <path key={k} d={path(c) ?? ''} fill={colour(c.value)} stroke="rgba(255,255,255,0.35)" strokeWidth={0.6} />
      ))}
      {trajectory.length > 0 && (
        <g data-testid="landscape-trajectory">
          <path d={line(trajectory) ?? ''} fill="none" stroke="#fff" strokeWidth={1.6} />
          {trajectory.map((p, i) => (
            <circle
              key={i}
              cx={ax(p[0])}
              cy={by(p[1])}
              r={i === trajectory.length - 1 ? 4.5 : 2.2}
              fill={i === trajectory.length - 1 ? '#e4572e' : '#fff'}
            />
          ))}
        </g>
      )}
      {points.length > 0 && (
        <g data-testid="landscape-plane-points">
          {points.map((q, i) => (
            <g key={i} transform={`translate(${ax(q.at[0])},${by(q.at[1])})`}>
              <rect x={-4.5} y={-4.5} width={9} height={9} fill="#4cc9f0" stroke="#000" strokeWidth={1} />
              <text x={7} y={-6} fontSize={10} fill="#fff" stroke="#000" strokeWidth={2.5} paintOrder="stroke">
                {q.label}
              </text>
            </g>
          ))}
        </g>
      )}
      <circle
        cx={ax(alphas[argmin % res])}
        cy={by(betas[Math.floor(argmin / res)])}
        r={5}
        fill="none"
        stroke="#ffd166"
        strokeWidth={2}
      >
        <title>grid minimum</title>
      </circle>
      <g
        transform={`translate(0,${M + SIZE})`}
        ref={(g) => void (g && d3.select(g).call(d3.axisBottom(ax).ticks(5)))}
      />
      <g transform={`translate(${M},0)`} ref={(g) => void (g && d3.select(g).call(d3.axisLeft(by).ticks(5)))} />
      <text x={M + SIZE / 2} y={M + SIZE + 30} textAnchor="middle" fontSize={11}>
        α (direction 1)
      </text>
      <text x={10} y={M - 12} fontSize={11}>
        β (direction 2) · {which === 'loss' ? 'log₁₀ loss' : 'accuracy'}
      </text>
    </svg>
  );
}

/** Orthographic wireframe of z over the grid, rotated by `azimuth` and tilted 35°. */
function Wireframe({ plane, which, azimuth }: { plane: Plane; which: 'loss' | 'accuracy'; azimuth: number }) {
  const { res, values } = plane;
  const z = Array.from(values, (v) => (which === 'loss' ? Math.log10(Math.max(v, 1e-6)) : v));
  const [lo, hi] = d3.extent(z) as [number, number];
  const colour = d3.scaleSequential(d3.interpolateViridis).domain([lo, hi]);
  const el = (35 * Math.PI) / 180;
  const az = (azimuth * Math.PI) / 180;
  const project = (i: number, j: number): [number, number] => {
    const x = i / (res - 1) - 0.5;
    const y = j / (res - 1) - 0.5;
    const h = hi > lo ? (z[j * res + i] - lo) / (hi - lo) - 0.5 : 0;
    const xr = Math.cos(az) * x - Math.sin(az) * y;
    const yr = Math.sin(az) * x + Math.cos(az) * y;
    return [SIZE / 2 + M + xr * SIZE * 0.5, M + SIZE / 2 - (h * Math.cos(el) - yr * Math.sin(el)) * SIZE * 0.5];
  };
  const segs: Array<{ d: string; c: string }> = [];
  for (let j = 0; j < res; j++)
    for (let i = 0; i < res; i++) {
      const [x0, y0] = project(i, j);
      const c = colour(z[j * res + i]);
      if (i + 1 < res) segs.push({ d: `M${x0},${y0}L${project(i + 1, j).join(',')}`, c });
      if (j + 1 < res) segs.push({ d: `M${x0},${y0}L${project(i, j + 1).join(',')}`, c });
    }
  return (
    <svg
      width={SIZE + 2 * M}
      height={SIZE + 2 * M}
      role="img"
      aria-label="surface wireframe"
      data-testid="landscape-wireframe"
    >
      {segs.map((s, k) => (
        <path key={k} d={s.d} stroke={s.c} strokeWidth={1} fill="none" />
      ))}
      <text x={M} y={M - 12} fontSize={11}>
        3-D surface ({which === 'loss' ? 'log₁₀ loss' : 'accuracy'} as height)
      </text>
    </svg>
  );
}

export function SurfaceView({ snapshots }: { snapshots: Record<string, Snapshot> }) {
  const [which, setWhich] = useState<'loss' | 'accuracy'>('loss');
  const [azimuth, setAzimuth] = useState(35);
  // Not memoized: a live run's snapshot record is updated in place.
  const plane = planeOf(snapshots, which);
  return (
    <div data-testid="view-landscape-surface">
      <h3>2-D slice</h3>
      {plane ? (
        <>
          <div className="chart-controls">
            <label>
              Show{' '}
              <select
                value={which}
                onChange={(e) => setWhich(e.target.value as 'loss' | 'accuracy')}
                aria-label="Surface quantity"
              >
                <option value="loss">loss</option>
                <option value="accuracy">accuracy</option>
              </select>
            </label>{' '}
            <label>
              Rotate{' '}
              <input
                type="range"
                min={0}
                max={360}
                value={azimuth}
                onChange={(e) => setAzimuth(Number(e.target.value))}
                aria-label="Rotate surface"
              />
            </label>
          </div>
          <div className="view-row" style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
            <Contour plane={plane} which={which} />
            <Wireframe plane={plane} which={which} azimuth={azimuth} />
          </div>
          <p className="hint">
            {plane.res}×{plane.res} grid. White: the training trajectory projected on the plane (red = trained weights);
            yellow ring: the grid’s {which === 'loss' ? 'lowest loss' : 'highest accuracy'}.
            {plane.points.length > 0 && ' Blue squares: the three checkpoints the plane passes through.'}
          </p>
        </>
      ) : (
        <p className="empty">
          The loss surface around the trained weights appears here once training ends and the plane is evaluated.
        </p>
      )}
    </div>
  );
}
