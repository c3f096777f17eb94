import { describe, expect, it } from 'vitest';
import { curve, grid, relativeError, targetValues } from './band-targets.ts';

describe('bandlimited inputs and targets', () => {
  it('puts training grids on [−1, 1] with both ends, and test grids strictly between their points', () => {
    const train = grid(11, 1);
    expect(train.x[0]).toBe(-1);
    expect(train.x[10]).toBe(1);
    const test = grid(10, 1, 0.5);
    // Half a step off: every test point is 0.1 from the nearest training point of an 11-point grid.
    for (const v of test.x) expect(Math.min(...Array.from(train.x, (t) => Math.abs(t - v)))).toBeCloseTo(0.1, 6);
  });

  it('makes a square 2-D grid of about the asked count, row-major (x₁, x₂) pairs', () => {
    const g = grid(1000, 2);
    expect(g.count).toBe(32 * 32);
    expect(g.x.length).toBe(2 * g.count);
    expect([g.x[0], g.x[1], g.x[2], g.x[3]]).toEqual([-1, -1, -1, Math.fround(-1 + 2 / 31)]);
  });

  it('slices the 2-D target where sin(ωx₂) = 1, so the slice is sin(ωx₁)', () => {
    const omega = 7;
    const c = curve(50, 2, omega);
    const slice = targetValues('sine-2d', omega, c);
    const line = targetValues('sine', omega, curve(50, 1, omega));
    slice.forEach((v, i) => expect(v).toBeCloseTo(line[i], 5));
  });

  it('measures ‖ŷ − y‖/‖y‖: 0 for the target itself, 1 for predicting 0, 2 for its negative', () => {
    const y = targetValues('sines', 12, grid(200, 1));
    expect(relativeError(y, y)).toBe(0);
    expect(relativeError(new Float32Array(y.length), y)).toBeCloseTo(1, 12);
    expect(
      relativeError(
        y.map((v) => -v),
        y,
      ),
    ).toBeCloseTo(2, 12);
  });
});
