import { describe, expect, it } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import {
  accumulatePoint,
  filterNormalize,
  paddedDim,
  planePoint,
  subspaceExpand,
  subspaceProject,
  type Projection,
} from './landscape.ts';
import { expandRef, filterNormalizeRef, planeRef, projectionEntry, projectRef } from './landscape.ref.ts';

// (D, d) pairs with awkward sizes; D = 1100 crosses the projection's 512-row chunks.
const SHAPES: Array<[number, number]> = [
  [1, 1],
  [3, 1],
  [17, 3],
  [65, 4],
  [130, 5],
  [257, 17],
  [1100, 3],
  [1, 65],
  [3, 130],
  [17, 257],
  [64, 7],
  [513, 2],
  [100, 9],
  [7, 64],
  [300, 1],
  [31, 33],
  [129, 6],
  [2, 2],
  [1025, 1],
  [50, 50],
];

const padded = (z: Float32Array, d: number, kind?: Projection['kind']): Float32Array => {
  const out = new Float32Array(paddedDim(d, kind));
  out.set(z);
  return out;
};

describe('landscape kernels', () => {
  it('P entries are standard normal: mean ≈ 0, variance ≈ 1 over 40,000 draws', () => {
    const proj: Projection = { id: { seed: 3, stream: 11 }, D: 200, d: 200 };
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < 200; i++)
      for (let j = 0; j < 200; j++) {
        const x = projectionEntry(proj, i, j);
        s += x;
        s2 += x * x;
      }
    expect(Math.abs(s / 40000)).toBeLessThan(0.02);
    expect(Math.abs(s2 / 40000 - 1)).toBeLessThan(0.03);
  });

  it.each(['gaussian', 'sign'] as const)(
    '%s P·z and Pᵀ·g match the reference on 20 shapes (tolerance 1e-5 abs + 1e-4 rel)',
    async (kind) => {
      const ctx = await testContext();
      for (const [k, [D, d]] of SHAPES.entries()) {
        const proj: Projection = { id: { seed: 7 + k, stream: 1000 + k }, D, d, kind };
        const theta0 = randomArray(D, k + 1);
        const z = randomArray(d, k + 50);
        const g = randomArray(D, k + 90);
        // Expand in two row ranges, as the experiment does per parameter tensor.
        const cut = Math.floor(D / 2);
        const zt = ctx.tensor(padded(z, d, kind));
        const lo = await subspaceExpand(
          proj,
          ctx.tensor(theta0.slice(0, cut).length ? theta0.slice(0, cut) : [0]),
          zt,
          0,
        ).read();
        const hi = await subspaceExpand(proj, ctx.tensor(theta0.slice(cut)), zt, cut).read();
        const got = cut > 0 ? Float32Array.from([...lo, ...hi]) : hi;
        expect(maxRelErr(got, expandRef(proj, theta0, z), 1e-5, 1e-4), `expand D=${D} d=${d}`).toBeLessThanOrEqual(1);
        const gz = (await subspaceProject(proj, ctx.tensor(g)).read()) as Float32Array;
        expect(maxRelErr(gz.slice(0, d), projectRef(proj, g), 1e-5, 1e-4), `project D=${D} d=${d}`).toBeLessThanOrEqual(
          1,
        );
        expect([...gz.slice(d)].every((v) => v === 0)).toBe(true);
      }
    },
  );

  it.each(['gaussian', 'sign'] as const)(
    '%s: Pᵀ is the adjoint of P, and results are bit-identical on repeat',
    async (kind) => {
      const ctx = await testContext();
      const proj: Projection = { id: { seed: 5, stream: 2 }, D: 777, d: 13, kind };
      const z = padded(randomArray(13, 1), 13, kind);
      const g = randomArray(777, 2);
      const pz = (await subspaceExpand(proj, ctx.tensor(new Float32Array(777)), ctx.tensor(z)).read()) as Float32Array;
      const ptg = (await subspaceProject(proj, ctx.tensor(g)).read()) as Float32Array;
      const lhs = pz.reduce((s, v, i) => s + v * g[i], 0);
      const rhs = ptg.reduce((s, v, i) => s + v * z[i], 0);
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * (1 + Math.abs(lhs)));
      const again = (await subspaceProject(proj, ctx.tensor(g)).read()) as Float32Array;
      expect([...again]).toEqual([...ptg]);
    },
  );

  it('plane points and filter normalization match the reference on 20 shapes', async () => {
    const ctx = await testContext();
    for (const [k, [rows, cols]] of SHAPES.entries()) {
      const n = rows * cols;
      const base = randomArray(n, k + 1);
      const u = randomArray(n, k + 2);
      const v = randomArray(n, k + 3);
      const out = ctx.empty([n]);
      planePoint(out, ctx.tensor(base), ctx.tensor(u), ctx.tensor(v), 0.3 - k * 0.1, -1.2 + k * 0.07);
      expect(
        maxRelErr(await out.read(), planeRef(base, u, v, 0.3 - k * 0.1, -1.2 + k * 0.07), 1e-6, 1e-6),
      ).toBeLessThanOrEqual(1);
      const dir = ctx.tensor(u, [rows, cols]);
      filterNormalize(dir, ctx.tensor(base, [rows, cols]));
      expect(
        maxRelErr(await dir.read(), filterNormalizeRef(u, base, rows, cols), 1e-6, 1e-5),
        `filter ${rows}×${cols}`,
      ).toBeLessThanOrEqual(1);
    }
  });

  it('accumulates loss and accuracy per grid point across batches', async () => {
    const ctx = await testContext();
    const results = ctx.tensor(new Float32Array(8).fill(99));
    const sizes = [1, 3, 17, 65, 130, 257, 600];
    const expected = new Float32Array(8).fill(99);
    for (const [k, n] of sizes.entries()) {
      const loss = randomArray(n, k, 0, 2);
      const correct = Float32Array.from(randomArray(n, k + 9), (x) => (x > 0 ? 1 : 0));
      const slot = k % 3;
      const first = k < 3;
      accumulatePoint(results, ctx.tensor(loss), ctx.tensor(correct), slot, first);
      const l = loss.reduce((s, x) => s + x, 0);
      const c = correct.reduce((s, x) => s + x, 0);
      expected[2 * slot] = (first ? 0 : expected[2 * slot]) + l;
      expected[2 * slot + 1] = (first ? 0 : expected[2 * slot + 1]) + c;
    }
    expect(maxRelErr(await results.read(), expected, 1e-4, 1e-5)).toBeLessThanOrEqual(1);
  });
});
