import { describe, expect, it } from 'vitest';
import { duration, units } from '../format.ts';
import { upcoming } from './upcoming.ts';

describe('upcoming', () => {
  it('names units in the plural, each part of a mixed unit', () => {
    expect(units(1)).toBe('1 step');
    expect(units(1200)).toBe('1,200 steps');
    expect(units(441, 'grid point')).toBe('441 grid points');
    expect(units(900, 'step + grid point')).toBe('900 steps + grid points');
  });

  it('says when the current span ends, in units and, once measured, in seconds', () => {
    const p = { type: 'progress' as const, step: 300, total: 4800, examplesPerSecond: null, etaSeconds: null };
    expect(upcoming(p)).toBeNull();
    const next = { ...p, next: { label: 'round 1', step: 1500 } };
    expect(upcoming(next)).toBe('after round 1 (in 1,200 steps)');
    // 4,500 steps left in 150 s: 30 steps/s, so 1,200 steps take 40 s.
    expect(upcoming({ ...next, etaSeconds: 150 })).toBe('after round 1 (in 1,200 steps, ~40 s at the current rate)');
    expect(duration(130)).toBe('2 min 10 s');
    expect(duration(119.7)).toBe('2 min');
    // A run of mixed units counts the span in its own.
    const plane = {
      ...p,
      unit: 'step + grid point',
      next: { label: 'the loss plane', step: 1500, unit: 'grid point' },
    };
    expect(upcoming(plane)).toBe('after the loss plane (in 1,200 grid points)');
  });
});
