import { describe, it, expect } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { centerColumns, ckaGramGrad, ckaStats } from './cka.ts';
import { centerColumnsRef, ckaGramGradRef, ckaStatsRef } from './cka.ref.ts';

// Shapes off the 256-thread workgroup: columns fewer and more than a workgroup, odd batch sizes.
const MATRICES: Array<[number, number]> = [
  [1, 1],
  [3, 7],
  [37, 19],
  [129, 300],
  [256, 1025],
];

/** A symmetric positive semi-definite Gram X·Xᵀ of random X [n, d], as the kernels receive it. */
function gram(n: number, d: number, seed: number): Float32Array {
  const x = randomArray(n * d, seed);
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += x[i * d + c] * x[j * d + c];
      out[i * n + j] = s;
    }
  return out;
}

describe('CKA kernels', () => {
  it(`centre columns as the float64 reference on ${MATRICES.length} shapes (rel. err. ≤ 1e-5)`, async () => {
    const ctx = await testContext();
    for (const [k, [n, p]] of MATRICES.entries()) {
      const x = randomArray(n * p, 10 + k, -1, 3);
      const out = await ctx.scope(() => centerColumns(ctx.tensor(x, [n, p]))).read();
      const want = centerColumnsRef(x, n, p);
      // Centred values can be near 0: an absolute tolerance on the data's unit scale.
      expect(maxRelErr(out, want, 1e-5, 1e-5), `[${n}, ${p}]`).toBeLessThanOrEqual(1);
    }
  });

  it('pair statistics of Gram stacks match the float64 reference (A×B pairs, n not a tile multiple)', async () => {
    const ctx = await testContext();
    for (const [A, B, n] of [
      [1, 1, 1],
      [2, 3, 5],
      [3, 2, 67],
      [1, 4, 130],
    ]) {
      const k = new Float32Array(A * n * n);
      const l = new Float32Array(B * n * n);
      for (let a = 0; a < A; a++) k.set(gram(n, 3 + a, 100 + a), a * n * n);
      for (let b = 0; b < B; b++) l.set(gram(n, 5 + 2 * b, 200 + b), b * n * n);
      const out = await ctx.scope(() => ckaStats(ctx.tensor(k, [A, n, n]), ctx.tensor(l, [B, n, n]))).read();
      const want = ckaStatsRef(k, l, n * n);
      expect(maxRelErr(out, want, 1e-6, 1e-4), `A=${A} B=${B} n=${n}`).toBeLessThanOrEqual(1);
      for (let i = 0; i < A * B; i++) {
        expect(out[4 * i]).toBeGreaterThanOrEqual(0);
        expect(out[4 * i]).toBeLessThanOrEqual(1 + 1e-6);
      }
    }
  });

  it('a Gram of zeros (a dead layer) gives CKA 0 and a zero gradient, not NaN', async () => {
    const ctx = await testContext();
    const n = 9;
    const z = new Float32Array(n * n);
    const l = gram(n, 4, 3);
    const stats = await ctx.scope(() => ckaStats(ctx.tensor(z, [n, n]), ctx.tensor(l, [n, n]))).read();
    expect([...stats]).toEqual([0, 0, 0, stats[3]]);
    const grad = await ctx
      .scope(() => ckaGramGrad(ctx.tensor(z, [n, n]), ctx.tensor(l, [n, n]), ctx.tensor(stats), ctx.tensor([1.5])))
      .read();
    expect([...grad].every((v) => v === 0)).toBe(true);
  });

  it('the Gram gradient matches the float64 reference', async () => {
    const ctx = await testContext();
    for (const n of [1, 6, 71, 200]) {
      const k = gram(n, 4, 300 + n);
      const l = gram(n, 9, 400 + n);
      const out = await ctx
        .scope(() => {
          const K = ctx.tensor(k, [n, n]);
          const L = ctx.tensor(l, [n, n]);
          return ckaGramGrad(K, L, ckaStats(K, L), ctx.tensor([-0.7]));
        })
        .read();
      const want = ckaGramGradRef(k, l, -0.7);
      // n = 1 has CKA 1 and a zero gradient: the floor keeps the tolerance positive.
      const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxRelErr(out, want, 1e-5 * scale + 1e-7, 1e-4), `n=${n}`).toBeLessThanOrEqual(1);
    }
  });
});
