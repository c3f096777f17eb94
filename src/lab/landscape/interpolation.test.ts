import { describe, expect, it } from 'vitest';
import { barrier } from './interpolation.ts';

describe('barrier', () => {
  it('is the largest rise above the chord between the ends', () => {
    expect(barrier([0.1, 0.5, 0.1])).toBeCloseTo(0.4);
    expect(barrier([0.9, 0.5, 0.1])).toBe(0); // monotone init → trained line
    expect(barrier([0.2, 0.3, 0.4, 0.3, 0])).toBeCloseTo(0.4 - 0.1);
  });
});
