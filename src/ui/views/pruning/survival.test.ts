import { describe, expect, it } from 'vitest';
import { BORDER, SIDE, survival } from './survival.ts';

describe('first-layer survival', () => {
  it('counts the units keeping each pixel and compares the centre with the border', () => {
    const units = 4;
    const mask = new Uint8Array(SIDE * SIDE * units);
    for (let p = 0; p < SIDE * SIDE; p++) {
      const [y, x] = [Math.floor(p / SIDE), p % SIDE];
      const edge = Math.min(x, y, SIDE - 1 - x, SIDE - 1 - y) < BORDER;
      // Border pixels kept by 1 of 4 units, all others by 3 of 4.
      for (let j = 0; j < units; j++) mask[p * units + j] = j < (edge ? 1 : 3) ? 1 : 0;
    }
    const s = survival(mask, units);
    expect(s.perPixel[0]).toBe(0.25);
    expect(s.perPixel[14 * SIDE + 14]).toBe(0.75);
    expect(s.centre).toBe(0.75);
    expect(s.border).toBe(0.25);
    expect(s.ratio).toBe(3);
  });

  it('a dense mask survives everywhere (ratio 1)', () => {
    const s = survival(new Uint8Array(SIDE * SIDE * 2).fill(1), 2);
    expect([s.centre, s.border, s.ratio]).toEqual([1, 1, 1]);
  });
});
