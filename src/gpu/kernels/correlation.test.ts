import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { correlation, standardizeColumns } from './correlation.ts';
import { correlationRef } from './correlation.ref.ts';

// [samples, units of a, units of b]: none a multiple of the 256-thread workgroup or a matmul tile.
const SHAPES: [number, number, number][] = [
  [2, 1, 1],
  [3, 5, 7],
  [37, 17, 33],
  [300, 70, 45],
  [1001, 129, 65],
  [5003, 3, 2],
];
/** Float32 sums over up to ~5,000 samples of unit-norm columns: a few 1e-6 each, with headroom. */
const TOL = 1e-4;

/** Random [n, p] activations; some columns shifted far from 0 with a small spread, one dead, one constant. */
function activations(n: number, p: number, seed: number): Float32Array {
  const x = randomArray(n * p, seed);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < p; c++) {
      if (c % 4 === 1) x[r * p + c] = 100 + 0.5 * x[r * p + c];
      if (p > 2 && c === p - 1) x[r * p + c] = 0;
      if (p > 3 && c === p - 2) x[r * p + c] = 3.7;
    }
  return x;
}

describe('correlation kernel (standardised columns, then zaᵀ·zb)', () => {
  it(`matches the float64 reference within ${TOL} on ${SHAPES.length} shapes, dead units reading 0`, async () => {
    const ctx = await testContext();
    for (const [k, [n, p, q]] of SHAPES.entries()) {
      const a = activations(n, p, 10 + k);
      const b = activations(n, q, 50 + k);
      const got = await ctx.scope(() => correlation(ctx.tensor(a, [n, p]), ctx.tensor(b, [n, q]))).read();
      const want = correlationRef(a, b, n, p, q);
      expect(got.length).toBe(p * q);
      let err = 0;
      for (let i = 0; i < p * q; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
      expect(err, `[${n}, ${p}] × [${n}, ${q}]`).toBeLessThan(TOL);
    }
  });

  it('reads ±1 for affine copies of a unit and 1 on the diagonal of a block with itself', async () => {
    const ctx = await testContext();
    const n = 513;
    const u = randomArray(n, 3);
    // Columns: u, 3u + 2, −0.5u + 7, and unrelated noise.
    const noise = randomArray(n, 4);
    const x = new Float32Array(n * 4);
    for (let r = 0; r < n; r++) x.set([u[r], 3 * u[r] + 2, -0.5 * u[r] + 7, noise[r]], 4 * r);
    const t = ctx.tensor(x, [n, 4]);
    const r = await ctx.scope(() => correlation(t, t)).read();
    for (let i = 0; i < 4; i++) expect(r[i * 4 + i]).toBeCloseTo(1, 5);
    expect(r[0 * 4 + 1]).toBeCloseTo(1, 5);
    expect(r[0 * 4 + 2]).toBeCloseTo(-1, 5);
    expect(r[1 * 4 + 2]).toBeCloseTo(-1, 5);
    expect(Math.abs(r[0 * 4 + 3])).toBeLessThan(0.2);
  });

  it('reports each unit’s standard deviation, 0 for a dead unit', async () => {
    const ctx = await testContext();
    const n = 257;
    const x = activations(n, 6, 9);
    const sd = await ctx.scope(() => standardizeColumns(ctx.tensor(x, [n, 6])).sd).read();
    for (let c = 0; c < 6; c++) {
      let mean = 0;
      for (let r = 0; r < n; r++) mean += x[r * 6 + c] / n;
      let v = 0;
      for (let r = 0; r < n; r++) v += (x[r * 6 + c] - mean) ** 2 / n;
      expect(sd[c], `column ${c}`).toBeCloseTo(Math.sqrt(v), 4);
    }
    expect(sd[5]).toBe(0);
    expect(sd[4]).toBe(0);
  });

  it('refuses blocks of different sample counts and single samples', async () => {
    const ctx = await testContext();
    expect(() =>
      ctx.scope(() => correlation(ctx.tensor(new Float32Array(6), [3, 2]), ctx.tensor(new Float32Array(8), [4, 2]))),
    ).toThrow(/sample counts differ/);
    expect(() => ctx.scope(() => standardizeColumns(ctx.tensor(new Float32Array(3), [1, 3])))).toThrow(/at least 2/);
  });
});
