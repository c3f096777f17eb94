import { describe, expect, it } from 'vitest';
import { kernelDistance, linearCka, relativeChange, twoLayerNtk } from './laziness.ts';
import { kernelDistanceRef, linearCkaRef, relativeChangeRef, twoLayerNtkRef } from './laziness.ref.ts';
import { maxRelErr, randomArray, testContext } from './testing.ts';

const SIZES = [1, 3, 17, 65, 130];

describe('laziness metrics', () => {
  it('relativeChange matches ‖W−W₀‖/‖W₀‖ over a list of tensors', async () => {
    const ctx = await testContext();
    for (const [i, n] of [1, 3, 17, 65, 130, 257].entries()) {
      const w = [randomArray(n, 10 + i), randomArray(n + 2, 20 + i)];
      const w0 = [randomArray(n, 30 + i), randomArray(n + 2, 40 + i)];
      const got = await relativeChange(
        w.map((a) => ctx.tensor(a)),
        w0.map((a) => ctx.tensor(a)),
      ).read();
      expect(maxRelErr(got, [relativeChangeRef(w, w0)], 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    }
  });

  it('twoLayerNtk matches the explicit double sum', async () => {
    const ctx = await testContext();
    let seed = 1;
    for (const P of SIZES)
      for (const [Q, D, N] of [
        [3, 5, 17],
        [17, 1, 3],
        [65, 20, 9],
      ]) {
        const a = randomArray(P * D, seed++);
        const da = randomArray(P * N, seed++);
        const b = randomArray(Q * D, seed++);
        const db = randomArray(Q * N, seed++);
        const k = await twoLayerNtk(
          ctx.tensor(a, [P, D]),
          ctx.tensor(da, [P, N]),
          ctx.tensor(b, [Q, D]),
          ctx.tensor(db, [Q, N]),
          0.7,
        ).read();
        expect(maxRelErr(k, twoLayerNtkRef(a, da, b, db, P, Q, D, N, 0.7), 1e-4, 1e-4)).toBeLessThanOrEqual(1);
      }
  });

  it('kernelDistance and linearCka match references; CKA is 1 for a rotated copy', async () => {
    const ctx = await testContext();
    let seed = 100;
    for (const n of [3, 17, 65, 130])
      for (const [p, q] of [
        [1, 3],
        [17, 5],
        [8, 65],
      ]) {
        const x = randomArray(n * p, seed++);
        const y = randomArray(n * q, seed++);
        const cka = await linearCka(ctx.tensor(x, [n, p]), ctx.tensor(y, [n, q])).read();
        expect(maxRelErr(cka, [linearCkaRef(x, y, n, p, q)], 1e-5, 1e-3)).toBeLessThanOrEqual(1);
        const k = randomArray(n * p, seed++);
        const k0 = randomArray(n * p, seed++);
        const d = await kernelDistance(ctx.tensor(k), ctx.tensor(k0)).read();
        expect(maxRelErr(d, [kernelDistanceRef(k, k0)], 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      }
    // Y = 3·X·R for an orthogonal R (a sign flip and a swap) has CKA exactly 1.
    const x = randomArray(40 * 2, 7);
    const y = Float32Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? -3 * x[i + 1] : 3 * x[i - 1]));
    const one = await linearCka(ctx.tensor(x, [40, 2]), ctx.tensor(y, [40, 2])).read();
    expect(one[0]).toBeCloseTo(1, 4);
  });
});
