import { describe, expect, it } from 'vitest';
import { barrier, linspace, planeCoords, symmetricEigen, trajectoryPca } from './landscape.ts';

describe('landscape helpers', () => {
  it('barrier is the largest rise above the chord between the ends', () => {
    expect(barrier([0.1, 0.5, 0.1])).toBeCloseTo(0.4);
    expect(barrier([0.9, 0.5, 0.1])).toBe(0); // monotone init → trained line
    expect(barrier([0.2, 0.3, 0.4, 0.3, 0])).toBeCloseTo(0.4 - 0.1);
  });

  it('symmetricEigen recovers a known spectrum', () => {
    const { values, vectors } = symmetricEigen([
      [2, 1, 0],
      [1, 2, 0],
      [0, 0, 5],
    ]);
    expect(values.map((v) => +v.toFixed(6))).toEqual([5, 3, 1]);
    expect(Math.abs(vectors[1][0])).toBeCloseTo(Math.SQRT1_2);
  });

  it('trajectory PCA finds the plane a trajectory lies in, and planeCoords projects onto it', () => {
    const D = 50;
    const e1 = Float32Array.from({ length: D }, (_, i) => (i === 3 ? 1 : 0));
    const e2 = Float32Array.from({ length: D }, (_, i) => (i === 7 ? 1 : 0));
    const ts = linspace(0, 1, 12).map((t) => Float32Array.from({ length: D }, (_, i) => 3 * (1 - t) * e1[i] + Math.sin(3 * t) * e2[i]));
    const { u, v, explained } = trajectoryPca(ts);
    expect(explained[0] + explained[1]).toBeGreaterThan(0.999);
    const last = ts[ts.length - 1];
    for (const t of ts) {
      const delta = t.map((x, i) => x - last[i]);
      const [a, b] = planeCoords(delta, u, v);
      const back = u.map((x, i) => a * x + b * v[i]);
      expect(Math.max(...back.map((x, i) => Math.abs(x - delta[i])))).toBeLessThan(1e-4);
    }
  });
});
