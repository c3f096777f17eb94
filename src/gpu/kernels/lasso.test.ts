import { describe, expect, it } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { symmetricEigenvaluesRef } from './gram-spectrum.ref.ts';
import { lassoPath, lassoStep, LIPSCHITZ_MARGIN } from './lasso.ts';
import { lassoKktResidual, lassoPathRef, lassoStepRef } from './lasso.ref.ts';

// Sizes that are not multiples of the 256-thread workgroup.
const SIZES = [1, 7, 255, 257, 33 * 37, 70001];

/** Gram statistics of a random regression with unit-norm columns: G = ZᵀZ [p, p], C = ZᵀZ_B [p, q]. */
function gramProblem(n: number, p: number, q: number, seed: number): { g: Float32Array; c: Float32Array } {
  const unitColumns = (x: Float32Array, cols: number) => {
    for (let j = 0; j < cols; j++) {
      let ss = 0;
      for (let i = 0; i < n; i++) ss += x[i * cols + j] ** 2;
      for (let i = 0; i < n; i++) x[i * cols + j] /= Math.sqrt(ss);
    }
    return x;
  };
  const za = unitColumns(randomArray(n * p, seed), p);
  // B's units: a few of A's units mixed, plus noise, so that the lasso has a sparse answer to find.
  const zb = randomArray(n * q, seed + 1).map((v, k) => {
    const [i, j] = [Math.floor(k / q), k % q];
    return 0.3 * v + za[i * p + (j % p)] * 3 - za[i * p + ((3 * j + 1) % p)] * 2;
  });
  unitColumns(zb, q);
  const g = new Float32Array(p * p);
  const c = new Float32Array(p * q);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) g[a * p + b] += za[i * p + a] * za[i * p + b];
      for (let b = 0; b < q; b++) c[a * q + b] += za[i * p + a] * zb[i * q + b];
    }
  }
  return { g, c };
}

describe('lasso-step kernel', () => {
  it(`matches the float32 reference on ${SIZES.length} sizes, with exact zeros inside the threshold`, async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      const [gy, c, y, w] = [0, 1, 2, 3].map((s) => randomArray(n, 500 + 10 * k + s));
      const o = { step: 0.7, threshold: 0.4, beta: 0.6 };
      const [wRef, yRef] = lassoStepRef(gy, c, y, w, o);
      const out = ctx.scope(() => {
        const [yt, wt] = [ctx.tensor(y), ctx.tensor(w)];
        lassoStep(ctx.tensor(gy), ctx.tensor(c), yt, wt, o);
        return { y: yt, w: wt };
      });
      const [wGpu, yGpu] = [await out.w.read(), await out.y.read()];
      expect(maxRelErr(wGpu, wRef, 1e-6, 1e-5), `w, n=${n}`).toBeLessThanOrEqual(1);
      expect(maxRelErr(yGpu, yRef, 1e-6, 1e-5), `y, n=${n}`).toBeLessThanOrEqual(1);
      // The prox is not differentiable at 0: test it as it is. Wherever |z| is clearly inside the
      // threshold the weight must be exactly 0 (not a rounding residue), and the threshold really bites.
      let zeros = 0;
      for (let i = 0; i < n; i++) {
        const z = y[i] - o.step * (gy[i] - c[i]);
        if (Math.abs(z) < o.threshold - 1e-5) {
          zeros += 1;
          expect(wGpu[i], `n=${n} i=${i} z=${z}`).toBe(0);
        } else if (Math.abs(z) > o.threshold + 1e-5) expect(Math.sign(wGpu[i])).toBe(Math.sign(z));
      }
      if (n > 100) expect(zeros / n).toBeGreaterThan(0.1);
      out.w.dispose();
      out.y.dispose();
    }
  });

  it('with threshold 0 and momentum 0 it is a plain gradient step', async () => {
    const ctx = await testContext();
    const n = 1000;
    const [gy, c, y, w] = [0, 1, 2, 3].map((s) => randomArray(n, 700 + s));
    const out = ctx.scope(() => {
      const [yt, wt] = [ctx.tensor(y), ctx.tensor(w)];
      lassoStep(ctx.tensor(gy), ctx.tensor(c), yt, wt, { step: 0.25, threshold: 0, beta: 0 });
      return wt;
    });
    const expected = y.map((v, i) => v - 0.25 * (gy[i] - c[i]));
    expect(maxRelErr(await out.read(), expected, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    out.dispose();
  });
});

describe('lassoPath (FISTA on the GPU)', () => {
  // p and q not multiples of any matmul tile; λ from "nothing survives" to nearly least squares.
  const [n, p, q] = [60, 13, 9];
  const lambdas = [4, 0.5, 0.1, 0.01];

  it('follows the float64 FISTA of the same step size, λ by λ, warm-started', async () => {
    const ctx = await testContext();
    const { g, c } = gramProblem(n, p, q, 31);
    const top = symmetricEigenvaluesRef(g, p).reduce((a, b) => Math.max(a, b));
    const iterations = 60;
    const ws = await lassoPath(ctx.tensor(g, [p, p]), ctx.tensor(c, [p, q]), lambdas, {
      iterations,
      maxEigenvalue: top,
    });
    const refs = lassoPathRef(g, c, p, q, lambdas, iterations, top, LIPSCHITZ_MARGIN);
    for (const [k, w] of ws.entries()) {
      const got = await w.read();
      expect(maxRelErr(got, refs[k], 2e-4, 1e-3), `λ=${lambdas[k]}`).toBeLessThanOrEqual(1);
      w.dispose();
    }
  });

  it('reaches the lasso optimum (KKT conditions) with λmax from Lanczos, all zero above λ = 2·max|C|', async () => {
    const ctx = await testContext();
    const { g, c } = gramProblem(n, p, q, 47);
    const ws = await lassoPath(ctx.tensor(g, [p, p]), ctx.tensor(c, [p, q]), lambdas, { iterations: 600 });
    const nonzeros: number[] = [];
    for (const [k, w] of ws.entries()) {
      const got = await w.read();
      // Float32 Gram statistics and steps: the optimality conditions hold to ~1e-4 of the gradient's scale (~1).
      expect(lassoKktResidual(g, c, got, p, q, lambdas[k]), `λ=${lambdas[k]}`).toBeLessThan(2e-3);
      nonzeros.push(got.filter((v) => v !== 0).length);
      w.dispose();
    }
    const cMax = c.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
    expect(lambdas[0]).toBeGreaterThan(2 * cMax);
    expect(nonzeros[0]).toBe(0);
    // Sparser at larger λ: the path adds weights as λ falls.
    for (let k = 1; k < nonzeros.length; k++) expect(nonzeros[k]).toBeGreaterThanOrEqual(nonzeros[k - 1]);
    expect(nonzeros[1]).toBeGreaterThan(0);
    expect(nonzeros[1]).toBeLessThan((p * q) / 2);
  });
});
