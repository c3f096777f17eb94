import { describe, it, expect } from 'vitest';
import { gradCheck } from '../gradcheck.ts';
import { linearCkaRef } from '../laziness.ref.ts';
import { randomArray, testContext } from '../testing.ts';
import { centredGram, ckaMatrix, ckaToGram } from './cka.ts';
import type { Tensor } from '../tensor.ts';

/** CKA(X, Y) through the guidance op: Y's Gram held constant, X differentiated. */
const cka = (x: Tensor, y: Tensor): Tensor => ckaToGram(x, centredGram(y));

// (n inputs, p target features, q guide features): none a tile multiple, p and q on both sides of n.
const SHAPES: Array<[number, number, number]> = [
  [5, 3, 4],
  [13, 29, 7],
  [37, 11, 130],
  [129, 65, 300],
];

describe('linear CKA op (Gram form)', () => {
  it(`equals the feature-form float64 CKA ‖YᵀX‖²/(‖XᵀX‖‖YᵀY‖) on ${SHAPES.length} shapes`, async () => {
    const ctx = await testContext();
    for (const [k, [n, p, q]] of SHAPES.entries()) {
      // A shared part makes CKA sit away from 0 so the comparison is not of two near-zeros.
      const x = randomArray(n * p, 20 + k);
      const y = Float32Array.from(randomArray(n * q, 30 + k), (v, i) => v + x[(Math.floor(i / q) * p) % x.length]);
      const got = (await ctx.scope(() => cka(ctx.tensor(x, [n, p]), ctx.tensor(y, [n, q]))).read())[0];
      const want = linearCkaRef(x, y, n, p, q);
      expect(Math.abs(got - want), `[${n}, ${p}] vs [${n}, ${q}]: ${got} vs ${want}`).toBeLessThan(2e-5 + 1e-4 * want);
    }
  });

  it('is 1 for a rotated and scaled copy and invariant to shifting the columns', async () => {
    const ctx = await testContext();
    const [n, p] = [23, 6];
    const x = randomArray(n * p, 5);
    // X·R·3 + 2 with R a rotation in the plane of features 0 and 1.
    const [c, s] = [Math.cos(0.7), Math.sin(0.7)];
    const y = x.map((v, i) => {
      const [r, j] = [Math.floor(i / p), i % p];
      const rot = j === 0 ? c * v - s * x[r * p + 1] : j === 1 ? s * x[r * p] + c * v : v;
      return 3 * rot + 2;
    });
    const got = (await ctx.scope(() => cka(ctx.tensor(x, [n, p]), ctx.tensor(y, [n, p]))).read())[0];
    expect(got).toBeCloseTo(1, 5);
  });

  it('passes finite-difference gradient checks with respect to the target activations', async () => {
    const ctx = await testContext();
    for (const [n, p, q] of [
      [7, 5, 3],
      [19, 11, 26],
    ]) {
      const x = { data: randomArray(n * p, 40 + n), shape: [n, p] };
      const y = { data: randomArray(n * q, 50 + n), shape: [n, q] };
      const r = await gradCheck(ctx, ([a, b]) => cka(a, b), [x, y], { wrt: [0], samples: 24, eps: 3e-3 });
      expect(r.worst, `[${n}, ${p}] vs [${n}, ${q}]`).toBeLessThanOrEqual(1);
      expect(r.checked).toBe(24);
    }
  });

  it('the CKA matrix holds every layer pair’s CKA (rows: the first net’s layers)', async () => {
    const ctx = await testContext();
    const n = 17;
    const widths = [
      [4, 9, 33],
      [8, 5],
    ];
    const xs = widths[0].map((w, i) => randomArray(n * w, 60 + i));
    const ys = widths[1].map((w, i) => randomArray(n * w, 70 + i));
    const stats = await ctx
      .scope(() =>
        ckaMatrix(
          xs.map((x, i) => ctx.tensor(x, [n, widths[0][i]])),
          ys.map((y, i) => ctx.tensor(y, [n, widths[1][i]])),
        ),
      )
      .read();
    for (const [a, x] of xs.entries())
      for (const [b, y] of ys.entries()) {
        const want = linearCkaRef(x, y, n, widths[0][a], widths[1][b]);
        expect(stats[(a * ys.length + b) * 4]).toBeCloseTo(want, 4);
      }
  });
});
