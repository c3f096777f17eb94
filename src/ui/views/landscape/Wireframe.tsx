// An orthographic wireframe of the plane's surface: height and colour are the same quantity, on the
// contour figure's colour scale (so the two figures read alike), rotatable by azimuth.
import { useId, useRef, useState } from 'react';
import { type ColorScaleSpec, colorOf, continuousPosition } from '../../charts/color-scale.ts';
import { legendTitle } from '../../charts/ColorLegend.tsx';
import { ChartExport } from '../ChartExport.tsx';
import type { Plane, Quantity } from './Surface.tsx';

const SIZE = 300;
const M = 14;
/** Camera tilt above the plane. */
const ELEVATION = (35 * Math.PI) / 180;

export function Wireframe({ plane, scale, which }: { plane: Plane; scale: ColorScaleSpec; which: Quantity }) {
  const [azimuth, setAzimuth] = useState(35);
  const svgRef = useRef<SVGSVGElement>(null);
  const id = useId();
  const { res, values } = plane;
  // Height along the colour scale (log for the loss), low values at the bottom whichever way the colours run.
  const p = continuousPosition({ ...scale, reverse: false });
  const colour = colorOf(scale);
  const az = (azimuth * Math.PI) / 180;
  const project = (i: number, j: number): [number, number] => {
    const x = i / (res - 1) - 0.5;
    const y = j / (res - 1) - 0.5;
    const h = (p(values[j * res + i]) || 0) - 0.5;
    const xr = Math.cos(az) * x - Math.sin(az) * y;
    const yr = Math.sin(az) * x + Math.cos(az) * y;
    return [
      SIZE / 2 + M + xr * SIZE * 0.6,
      M + SIZE / 2 - (h * Math.cos(ELEVATION) - yr * Math.sin(ELEVATION)) * SIZE * 0.6,
    ];
  };
  const pts = Array.from({ length: res * res }, (_, k) => project(k % res, Math.floor(k / res)));
  const segs: Array<{ d: string; c: string }> = [];
  for (let j = 0; j < res; j++)
    for (let i = 0; i < res; i++) {
      const [x0, y0] = pts[j * res + i];
      const c = colour(values[j * res + i]);
      if (i + 1 < res) segs.push({ d: `M${x0},${y0}L${pts[j * res + i + 1].join(',')}`, c });
      if (j + 1 < res) segs.push({ d: `M${x0},${y0}L${pts[(j + 1) * res + i].join(',')}`, c });
    }
  // The view box hugs the drawn surface, so no rotation leaves half the figure empty.
  const xs = pts.map((q) => q[0]);
  const ys = pts.map((q) => q[1]);
  const box = [
    Math.min(...xs) - M,
    Math.min(...ys) - M,
    Math.max(...xs) - Math.min(...xs) + 2 * M,
    Math.max(...ys) - Math.min(...ys) + 2 * M,
  ];
  return (
    <figure className="chart" aria-labelledby={`${id}-t`} data-testid="landscape-wireframe">
      <figcaption className="chart-head">
        <span id={`${id}-t`} className="chart-title">
          3-D surface
        </span>
        <span className="chart-tools">
          <label>
            rotate
            <input
              type="range"
              min={0}
              max={360}
              value={azimuth}
              onChange={(e) => setAzimuth(Number(e.target.value))}
              aria-label="Rotate surface"
            />
          </label>
          <ChartExport svg={svgRef} file={`landscape-surface-${which}`} />
        </span>
      </figcaption>
      <svg
        ref={svgRef}
        viewBox={box.join(' ')}
        width={box[2]}
        className="chart-svg"
        role="img"
        aria-label={`Wireframe of ${legendTitle(scale)} over the plane`}
      >
        {segs.map((s, k) => (
          <path key={k} d={s.d} stroke={s.c} strokeWidth={1} fill="none" />
        ))}
      </svg>
      <div className="chart-caption small muted">
        Height and colour: {legendTitle(scale)}, as in the contour plot; the grid lines are the α and β lines of the
        plane.
      </div>
    </figure>
  );
}
