// The training trajectory, the grid's best point and any named checkpoints, drawn over the plane in
// data units (α, β). The data attributes carry the surface's value at both ends of the trajectory.
import type * as d3 from 'd3';
import type { Plane, Quantity } from './Surface.tsx';

/** The grid's value at (α, β), bilinear between the four surrounding grid points (clamped to the grid). */
export function sampleAt(plane: Plane, a: number, b: number): number {
  const { res, alphas, betas, values } = plane;
  const idx = (v: number, axis: number[]) => {
    const f = ((v - axis[0]) / (axis[res - 1] - axis[0] || 1)) * (res - 1);
    return Math.min(res - 1, Math.max(0, f));
  };
  const fx = idx(a, alphas);
  const fy = idx(b, betas);
  const x0 = Math.min(res - 2, Math.floor(fx));
  const y0 = Math.min(res - 2, Math.floor(fy));
  const tx = fx - x0;
  const ty = fy - y0;
  const v = (x: number, y: number) => values[y * res + x];
  return (
    (1 - ty) * ((1 - tx) * v(x0, y0) + tx * v(x0 + 1, y0)) + ty * ((1 - tx) * v(x0, y0 + 1) + tx * v(x0 + 1, y0 + 1))
  );
}

export function TrajectoryOverlay({
  plane,
  which,
  sx,
  sy,
}: {
  plane: Plane;
  which: Quantity;
  sx: d3.ScaleLinear<number, number>;
  sy: d3.ScaleLinear<number, number>;
}) {
  const { trajectory, points, values, res, alphas, betas } = plane;
  let best = 0;
  values.forEach((v, i) => {
    if (which === 'loss' ? v < values[best] : v > values[best]) best = i;
  });
  const first = trajectory[0];
  const last = trajectory[trajectory.length - 1];
  const d = trajectory.map((p, i) => `${i ? 'L' : 'M'}${sx(p[0])},${sy(p[1])}`).join('');
  return (
    <g className="landscape-overlay">
      {trajectory.length > 0 && (
        <g
          data-testid="landscape-trajectory"
          data-points={trajectory.length}
          data-start={sampleAt(plane, first[0], first[1])}
          data-end={sampleAt(plane, last[0], last[1])}
        >
          {/* A dark halo under the white line keeps it visible on the light (high-loss) bands. */}
          <path d={d} fill="none" stroke="rgba(0,0,0,0.55)" strokeWidth={3.4} />
          <path d={d} fill="none" stroke="#fff" strokeWidth={1.6} />
          {trajectory.map((p, i) => {
            const end = i === trajectory.length - 1;
            return (
              <circle
                key={i}
                cx={sx(p[0])}
                cy={sy(p[1])}
                r={end ? 4.5 : i === 0 ? 4 : 2.2}
                fill={end ? '#e4572e' : i === 0 ? 'none' : '#fff'}
                stroke={i === 0 ? '#fff' : '#000'}
                strokeWidth={i === 0 ? 2 : 0.6}
              >
                <title>{end ? 'trained weights' : i === 0 ? 'initialization' : `checkpoint ${i}`}</title>
              </circle>
            );
          })}
        </g>
      )}
      {points.length > 0 && (
        <g data-testid="landscape-plane-points">
          {points.map((q, i) => (
            <g key={i} transform={`translate(${sx(q.at[0])},${sy(q.at[1])})`}>
              <rect x={-4.5} y={-4.5} width={9} height={9} fill="#4cc9f0" stroke="#000" strokeWidth={1} />
              <text x={7} y={-6} fontSize={10} fill="#fff" stroke="#000" strokeWidth={2.5} paintOrder="stroke">
                {q.label}
              </text>
            </g>
          ))}
        </g>
      )}
      <circle
        cx={sx(alphas[best % res])}
        cy={sy(betas[Math.floor(best / res)])}
        r={5}
        fill="none"
        stroke="#ffd166"
        strokeWidth={2}
        data-testid="landscape-grid-best"
        data-value={values[best]}
      >
        <title>grid {which === 'loss' ? 'minimum' : 'maximum'}</title>
      </circle>
    </g>
  );
}
