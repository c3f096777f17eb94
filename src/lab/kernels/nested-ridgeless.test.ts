import { describe, expect, it } from 'vitest';
import { patchGram } from '../../gpu/kernels/patch-kernel.ts';
import { patchGramRef } from '../../gpu/kernels/patch-kernel.ref.ts';
import { randomArray, testContext } from '../../gpu/testing.ts';
import { choleskySolve } from '../numerics/cholesky.ts';
import { nestedRidgelessErrors } from './nested-ridgeless.ts';

describe('nestedRidgelessErrors', () => {
  it('matches one float64 ridge solve per training-set size (rtol 1e-3 of the error, atol 1e-5)', async () => {
    const gpu = await testContext();
    const [pool, test, d, ridge] = [45, 19, 6, 1e-3];
    const o = { patch: 2, lengthScale: 1, base: 'laplace' } as const;
    const x = randomArray((pool + test) * d, 7, 0, 1);
    // Two targets: a smooth function of the inputs and noise, neither in any special relation to K.
    const smooth = Array.from({ length: pool + test }, (_, i) => Math.sin(3 * x[i * d]) + x[i * d + 1] * x[i * d + 4]);
    const noise = randomArray(pool + test, 9);
    const sizes = [3, 10, 31, 45];
    const xs = gpu.tensor(x, [pool + test, d]);
    const targets = [gpu.tensor(smooth), gpu.tensor(noise)];
    const got = await nestedRidgelessErrors(gpu, {
      pool,
      test,
      ridge,
      sizes,
      targets,
      gram: (out, ld) => patchGram(xs, xs, { ...o, into: { out, ld }, shift: ridge }),
    });
    for (const t of [xs, ...targets]) t.dispose();
    const k = patchGramRef(x, x, d, o);
    const n0 = pool + test;
    for (const [j, y] of [smooth, noise].entries())
      for (const [s, n] of sizes.entries()) {
        const knn = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let c = 0; c < n; c++) knn[i * n + c] = k[i * n0 + c];
        const alpha = choleskySolve(knn, y.slice(0, n), n, { ridge });
        let se = 0;
        for (let t = pool; t < n0; t++) {
          let f = 0;
          for (let c = 0; c < n; c++) f += k[t * n0 + c] * alpha[c];
          se += (y[t] - f) ** 2;
        }
        const want = se / test;
        expect(Math.abs(got[j][s] - want), `target ${j} n=${n}: ${got[j][s]} vs ${want}`).toBeLessThan(
          1e-5 + 1e-3 * want,
        );
      }
  });

  it('rejects sizes beyond the pool', async () => {
    const gpu = await testContext();
    await expect(
      nestedRidgelessErrors(gpu, { pool: 4, test: 2, ridge: 1, sizes: [5], targets: [], gram: () => {} }),
    ).rejects.toThrow(/1…4/);
  });
});
