import { describe, expect, it } from 'vitest';
import type { Series } from '../../history/types.ts';
import { quantityColor, shade } from './colors.ts';
import { sweepLines, sweepTags } from './sweep.ts';

const series = (v: number): Series => ({ steps: [1], values: [v] }) as Series;

describe('sweep lines', () => {
  it('orders tags by their value, not as text, and gives a single run one empty tag', () => {
    const m = { 'train/loss α=8.0': series(1), 'train/loss α=0.50': series(2), 'train/loss α=2.0': series(3) };
    expect(sweepTags(m, 'train/loss')).toEqual([' α=0.50', ' α=2.0', ' α=8.0']);
    expect(sweepTags({ 'train/loss': series(1) }, 'train/loss')).toEqual(['']);
  });

  it('keeps the quantity’s hue for every swept value and fades the smaller ones', () => {
    const m = { 'test/loss α=1': series(1), 'test/loss α=4': series(2) };
    const lines = sweepLines(m, 'test/loss', 'test', 'test', sweepTags(m, 'test/loss'), true);
    expect(lines.map((l) => l.label)).toEqual(['test α=1', 'test α=4']);
    expect(lines[0].color).toMatch(/^rgba\(/);
    expect(lines[1].color).toBe(shade(quantityColor('test'), 1, 2));
    expect(shade(quantityColor('test'), 0, 1)).toBe(quantityColor('test'));
  });
});
