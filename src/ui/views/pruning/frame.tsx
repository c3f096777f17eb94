// The SVG frame of the pruning family's hand-drawn charts (density bars, metric vs weights remaining).
import type { ScaleLinear } from 'd3';

export const W = 420;
export const H = 230;
export const M = { left: 48, right: 12, top: 10, bottom: 34 };

/** Horizontal grid lines at the y scale's ticks, labelled on the left. */
export function YGrid({ y, format }: { y: ScaleLinear<number, number>; format: (v: number) => string }) {
  return (
    <>
      {y.ticks(5).map((t) => (
        <g key={t}>
          <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity={0.1} />
          <text x={M.left - 4} y={y(t) + 3} fontSize={10} textAnchor="end" fill="currentColor">
            {format(t)}
          </text>
        </g>
      ))}
    </>
  );
}
