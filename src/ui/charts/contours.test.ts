import { describe, expect, it } from 'vitest';
import { contourBands } from './contours.ts';

/** The path's vertices as [x, y] pairs. */
const points = (d: string) => [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('contourBands', () => {
  // Columns 0, 1, 2 hold 0, 1, 2 on both rows: the level 1.5 lies halfway between the centres of columns 1 and 2.
  const grid = [0, 1, 2, 0, 1, 2];
  it('puts a boundary where the grid crosses the level, between cell centres', () => {
    const [band] = contourBands(grid, 2, 3, [1.5]);
    const xs = points(band.d).map((p) => p[0]);
    expect(Math.min(...xs.filter((x) => x > 0 && x < 3))).toBeCloseTo(2, 6);
  });
  it('runs straight to the grid corners instead of cutting them', () => {
    const [band] = contourBands(grid, 2, 3, [1.5]);
    // The region ≥ 1.5 covers x ∈ [2, 3]; without padding d3 cuts its corners, e.g. (2.5, 0)–(3, 0.5).
    // With it, the outline passes outside both corners at x = 3, so the clip at the border leaves them square.
    const ps = points(band.d);
    expect(ps.some(([x, y]) => x >= 3 && y <= 0)).toBe(true);
    expect(ps.some(([x, y]) => x >= 3 && y >= 2)).toBe(true);
  });
  it('contours in log space on a log scale, and sends missing values to the top band', () => {
    const [band] = contourBands([1, 10, 100, 1, 10, NaN], 2, 3, [Math.sqrt(1000)], true);
    const xs = points(band.d).map((p) => p[0]);
    expect(Math.min(...xs.filter((x) => x > 0 && x < 3))).toBeCloseTo(2, 6);
    expect(contourBands([1, 2, 3, 4], 2, 2, [0.5, 2.5, 10]).map((b) => b.level)).toEqual([0.5, 2.5, 10]);
  });
});
