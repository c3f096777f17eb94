import { describe, expect, it } from 'vitest';
import {
  barrier,
  diff,
  lanczosTop,
  linspace,
  planeCoords,
  symmetricEigen,
  threePointPlane,
  trajectoryPca,
} from './landscape.ts';

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
    const ts = linspace(0, 1, 12).map((t) =>
      Float32Array.from({ length: D }, (_, i) => 3 * (1 - t) * e1[i] + Math.sin(3 * t) * e2[i]),
    );
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

describe('plane through three checkpoints', () => {
  it('has an orthonormal basis and puts the three points at their exact coordinates', () => {
    const D = 40;
    const rnd = (k: number) => Float32Array.from({ length: D }, (_, i) => Math.sin(1.3 * i * k + k));
    const [o, a, b] = [rnd(1), rnd(2), rnd(3)];
    const { u, v } = threePointPlane(o, a, b);
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, xi, i) => s + xi * y[i], 0);
    expect(dot(u, u)).toBeCloseTo(1, 5);
    expect(dot(v, v)).toBeCloseTo(1, 5);
    expect(dot(u, v)).toBeCloseTo(0, 5);
    const pa = planeCoords(diff(a, o), u, v);
    expect(pa[0]).toBeCloseTo(Math.sqrt(dot(diff(a, o), diff(a, o))), 4);
    expect(pa[1]).toBeCloseTo(0, 4);
    // b lies in the plane: reconstructing it from its coordinates is exact.
    const [x, y] = planeCoords(diff(b, o), u, v);
    const back = u.map((ui, i) => o[i] + x * ui + y * v[i]);
    expect(Math.max(...back.map((q, i) => Math.abs(q - b[i])))).toBeLessThan(1e-4);
    expect(() =>
      threePointPlane(
        o,
        a,
        a.map((q, i) => 2 * q - o[i]),
      ),
    ).toThrow(/collinear/);
  });
});

describe('lanczosTop', () => {
  it('finds the largest algebraic eigenvalue even when a negative one dominates in magnitude', async () => {
    // Diagonal spectrum {−50, 7, 3, 1, …}: power iteration would return −50.
    const n = 30;
    const diag = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -50 : i === 1 ? 7 : 3 / i));
    const apply = async (v: Float64Array) => v.map((x, i) => diag[i] * x);
    const start = Float64Array.from({ length: n }, (_, i) => 1 + 0.1 * Math.cos(i));
    expect(await lanczosTop(apply, start, 12)).toBeCloseTo(7, 6);
  });
});
