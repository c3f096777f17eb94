import { describe, expect, it } from 'vitest';
import { centreShare, meanCentreShare } from './tile-centre.ts';

describe('centreShare', () => {
  it('is 1 for a blob in the centre on a flat border, about 1/4 for uniform deviation', () => {
    const blob = Array.from({ length: 64 }, (_, i) => (Math.floor(i / 8) === 3 && i % 8 === 4 ? 1 : 0));
    expect(centreShare(blob, 8, 8)).toBe(1);
    // A checkerboard deviates from its border mean (0.5) by 0.5 everywhere: the centre holds 16 of 64 cells.
    const checker = Array.from({ length: 64 }, (_, i) => (Math.floor(i / 8) + (i % 8)) % 2);
    expect(centreShare(checker, 8, 8)).toBeCloseTo(0.25, 12);
    expect(meanCentreShare([...blob, ...checker], 2, 8, 8)).toBeCloseTo(0.625, 12);
  });
});
