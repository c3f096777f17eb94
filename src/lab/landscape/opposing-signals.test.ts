import { describe, expect, it } from 'vitest';
import { opposingGroups, type LossTrace } from './opposing-signals.ts';

function trace(n: number, steps: number, loss: (t: number, i: number) => number): LossTrace {
  const losses = new Float32Array(n * steps);
  const mean = new Float32Array(steps);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < n; i++) losses[t * n + i] = loss(t, i);
    mean[t] = losses.subarray(t * n, (t + 1) * n).reduce((a, b) => a + b, 0) / n;
  }
  return { losses, n, steps, mean, sharpness: [] };
}

describe('opposing signals', () => {
  it('finds the spike and the two groups that oscillate in opposition after it', () => {
    // Examples 0–1 and 2–3 swing against each other from step 30 on, 0–1 rising first; the rest decay.
    const swing = (t: number) => (t >= 30 ? (t % 2 === 0 ? 1 : -1) * Math.exp(-(t - 30) / 20) : 0);
    const t = trace(10, 60, (s, i) => 1 / (1 + s) + (i < 2 ? 2 * swing(s) : i < 4 ? -swing(s) : 0) + 0.001 * i);
    const [g] = opposingGroups(t, { spikes: 1, k: 2, window: 8 });
    // Every even step from 30 on is a rise of the mean (0–1 swing twice as far); the first full swing is the largest.
    expect(g.step).toBe(32);
    expect([...g.rising].sort()).toEqual([0, 1]);
    expect([...g.falling].sort()).toEqual([2, 3]);
    expect(g.correlation).toBeLessThan(-0.99);
  });

  it('keeps spikes a window apart and ignores the first window', () => {
    const t = trace(4, 80, (s, i) => (s === 3 ? 50 : 0) + ([20, 21, 50].includes(s) ? 1 + i : 0) + 1 / (1 + s));
    expect(
      opposingGroups(t, { spikes: 3, k: 1, window: 5 })
        .map((g) => g.step)
        .sort((a, b) => a - b),
    ).toEqual([20, 50]);
  });
});
