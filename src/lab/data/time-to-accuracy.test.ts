import { describe, expect, it } from 'vitest';
import { stepsToReach } from './time-to-accuracy.ts';

describe('time-to-accuracy', () => {
  it('is the first evaluated step at or above the target, not a later one or an interpolation', () => {
    const steps = [10, 20, 30, 40];
    expect(stepsToReach(steps, [50, 70, 65, 80], 70)).toBe(20);
    expect(stepsToReach(steps, [50, 69.9, 65, 80], 70)).toBe(40);
    expect(stepsToReach(steps, [50, 60, 65, 69], 70)).toBeNull();
    expect(stepsToReach([], [], 0)).toBeNull();
  });
});
