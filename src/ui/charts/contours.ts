// Filled contour bands of a grid, in cell units, for a Heatmap drawn as contours rather than cells.
import * as d3 from 'd3';

export interface Band {
  /** The band's lower boundary: the region where the grid is ≥ this level. */
  level: number;
  /** SVG path in cell units: x = column, y = row, cell centres at (c + 0.5, r + 0.5). */
  d: string;
}

/**
 * One filled region per level (grid ≥ level), to be painted in order so that each band shows
 * between its level and the next. d3-contour treats the world outside the grid as −∞, which cuts
 * every region touching a corner diagonally; the grid is therefore padded with a copy of its edge
 * and the result shifted back, so regions run straight to the border (clip them at [0, cols] × [0, rows]).
 * On a log scale the grid is contoured in log space, so boundaries interpolate as the colours do.
 */
export function contourBands(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  levels: readonly number[],
  log = false,
): Band[] {
  const tf = log ? (v: number) => Math.log(Math.max(v, Number.MIN_VALUE)) : (v: number) => v;
  const finite = Array.from(data).filter(Number.isFinite);
  // Missing cells join the highest band: a diverged point reads as "off the scale", not as a basin.
  const top = finite.length ? Math.max(...finite) : 0;
  const at = (r: number, c: number) => {
    const v = data[Math.min(rows - 1, Math.max(0, r)) * cols + Math.min(cols - 1, Math.max(0, c))];
    return tf(Number.isFinite(v) ? v : top);
  };
  const padded: number[] = [];
  for (let r = -1; r <= rows; r++) for (let c = -1; c <= cols; c++) padded.push(at(r, c));
  const gen = d3
    .contours()
    .size([cols + 2, rows + 2])
    .thresholds(levels.map(tf));
  const shift = d3.geoPath(
    d3.geoTransform({
      point(x, y) {
        this.stream.point(x - 1, y - 1);
      },
    }),
  );
  return gen(padded).map((m, k) => ({ level: levels[k], d: shift(m) ?? '' }));
}
