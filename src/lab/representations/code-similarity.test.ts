import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../../gpu/testing.ts';
import { cosineNeighboursRef, knnJaccardRowsRef } from '../../gpu/kernels/knn-jaccard.ref.ts';
import { ckaOf, knnJaccard, linearCkaParts, meanRowCosine } from './code-similarity.ts';

/** Linear CKA of column-centred x [n, a] and y [n, b] in float64, from the Gram matrices' definition. */
function ckaRef(x: Float32Array, y: Float32Array, n: number, a: number, b: number): number {
  const centred = (m: Float32Array, c: number) => {
    const out = Float64Array.from(m);
    for (let j = 0; j < c; j++) {
      let mu = 0;
      for (let i = 0; i < n; i++) mu += m[i * c + j] / n;
      for (let i = 0; i < n; i++) out[i * c + j] -= mu;
    }
    return out;
  };
  const gram = (m: Float64Array, c: number) =>
    Float64Array.from({ length: n * n }, (_, k) => {
      let s = 0;
      for (let j = 0; j < c; j++) s += m[Math.floor(k / n) * c + j] * m[(k % n) * c + j];
      return s;
    });
  const [K, L] = [gram(centred(x, a), a), gram(centred(y, b), b)];
  const dot = (p: Float64Array, q: Float64Array) => p.reduce((s, v, i) => s + v * q[i], 0);
  return dot(K, L) / Math.sqrt(dot(K, K) * dot(L, L));
}

describe('code similarity', () => {
  it('linear CKA matches its Gram-matrix definition on odd shapes, and is 1 under rotation and rescaling', async () => {
    const ctx = await testContext();
    for (const [n, a, b] of [
      [7, 3, 5],
      [33, 10, 4],
    ]) {
      const x = randomArray(n * a, n + a, -1, 1);
      const y = randomArray(n * b, n + b + 1, -1, 1);
      const parts = await ctx.scope(() => linearCkaParts(ctx.tensor(x, [n, a]), ctx.tensor(y, [n, b]))).read();
      expect(Math.abs(ckaOf(parts) - ckaRef(x, y, n, a, b))).toBeLessThan(1e-4);
    }
    // y = 3·x·R for a 2-D rotation R, plus a translation: the same geometry.
    const n = 20;
    const x = randomArray(2 * n, 5, -1, 1);
    const [c, s] = [Math.cos(0.7), Math.sin(0.7)];
    const y = Float32Array.from({ length: 2 * n }, (_, k) => {
      const [u, v] = [x[k - (k % 2)], x[k - (k % 2) + 1]];
      return 3 * (k % 2 === 0 ? c * u - s * v : s * u + c * v) + 0.5;
    });
    const parts = await ctx.scope(() => linearCkaParts(ctx.tensor(x, [n, 2]), ctx.tensor(y, [n, 2]))).read();
    expect(ckaOf(parts)).toBeCloseTo(1, 4);
  });

  it('mean row cosine is 1 for a code against its rescaled self, −1 against its negation', async () => {
    const ctx = await testContext();
    const x = randomArray(9 * 4, 3, -1, 1);
    const [same, opposite] = await Promise.all(
      [2.5, -0.5].map((k) =>
        ctx
          .scope(() =>
            meanRowCosine(
              ctx.tensor(x, [9, 4]),
              ctx.tensor(
                x.map((v) => k * v),
                [9, 4],
              ),
            ),
          )
          .read(),
      ),
    );
    expect(same[0]).toBeCloseTo(1, 5);
    expect(opposite[0]).toBeCloseTo(-1, 5);
  });

  it('kNN-Jaccard retrieves across the spaces: matches the CPU lists and overlap, 1 under rescaling, near chance under a rotation', async () => {
    const ctx = await testContext();
    const run = (x: Float32Array, y: Float32Array, n: number, c: number, k?: number) =>
      ctx.scope(() => knnJaccard(ctx.tensor(x, [n, c]), ctx.tensor(y, [n, c]), k)).read();
    for (const [n, c, k] of [
      [13, 5, 4],
      [67, 10, 10],
    ]) {
      // y is x plus noise: the lists agree in part, sample i itself often first in both.
      const x = randomArray(n * c, n + c, -1, 1);
      const noise = randomArray(n * c, n + c + 2, -0.4, 0.4);
      const y = x.map((v, i) => v + noise[i]);
      const got = await run(x, y, n, c, k);
      const rows = knnJaccardRowsRef(cosineNeighboursRef(x, y, c, k), cosineNeighboursRef(y, y, c, k), n, k);
      const want = rows.reduce((s, v) => s + v, 0) / n;
      expect(Math.abs(got[0] - want), `[${n}, ${c}], k=${k}`).toBeLessThan(1e-6);
      expect(want > 0.2 && want < 1, `${want}`).toBe(true); // neither stuck at 1 nor at chance
    }
    // y = 3·x: cross-space retrieval is own-space retrieval.
    const [n, c] = [60, 8];
    const x = randomArray(n * c, 8, -1, 1);
    expect(
      (
        await run(
          x,
          x.map((v) => 3 * v),
          n,
          c,
          5,
        )
      )[0],
    ).toBeCloseTo(1, 6);
    // y = x·Q, Q a signed permutation of the 8 axes (a rotation): each space's own neighbours are
    // unchanged, but x_i no longer finds y's neighbours of y_i, as for latents of two seeds.
    const rotated = Float32Array.from(x, (_, i) => {
      const [row, col] = [Math.floor(i / c), i % c];
      return (col % 2 ? -1 : 1) * x[row * c + ((col + 3) % c)];
    });
    expect((await run(x, rotated, n, c, 5))[0]).toBeLessThan(0.2);
  });
});
