import { describe, expect, it } from 'vitest';
import { linspace } from '../numerics/grid.ts';
import { diff, planeCoords, threePointPlane, trajectoryPca } from './plane.ts';

describe('trajectory PCA', () => {
  it('finds the plane a trajectory lies in, and planeCoords projects onto it', () => {
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
