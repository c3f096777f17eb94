import { describe, expect, it } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { NTK_ACTIVATIONS, ntkLayer } from './ntk.ts';
import { ACTIVATIONS, closedForm, gaussianExpectation, ntkLayerRef } from './ntk.ref.ts';

/** The input kernel σ_w²·X·Xᵀ/d + σ_b² of n random points in d dimensions. */
function inputKernel(n: number, d: number, seed: number, sw2 = 2, sb2 = 0.1): Float32Array {
  const x = randomArray(n * d, seed, -1, 1);
  const k = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += x[i * d + t] * x[j * d + t];
      k[i * n + j] = (sw2 * s) / d + sb2;
    }
  return k;
}

describe('ntkLayer', () => {
  it('matches the float64 recursion for every activation over 3 layers (rtol 2e-4)', async () => {
    const ctx = await testContext();
    for (const [n, act, q] of [
      [7, 'relu', 0],
      [33, 'relu', 0],
      [19, 'relu', 12],
      [21, 'tanh', 12],
      [13, 'erf', 16],
      [23, 'erf', 0],
      [17, 'sin', 10],
      [29, 'sin', 0],
      [11, 'gelu', 12],
    ] as const) {
      const k0 = inputKernel(n, 5, n);
      let ref: { sigma: Float64Array; theta: Float64Array } = {
        sigma: Float64Array.from(k0),
        theta: Float64Array.from(k0),
      };
      const got = ctx.scope(() => {
        let s = ctx.tensor(k0, [n, n]);
        let t = s;
        for (let l = 0; l < 3; l++)
          ({ sigma: s, theta: t } = ntkLayer(s, t, { activation: act, sw2: 2, sb2: 0.1, quadrature: q }));
        return { s, t };
      });
      for (let l = 0; l < 3; l++) ref = ntkLayerRef(ref.sigma, ref.theta, n, act, 2, 0.1, q);
      // Entries near 0 (sin, odd activations) are held to 2e-4 of the largest entry, the rest to 2e-4 relative.
      const tol = (r: Float64Array) => 2e-4 * Math.max(...r.map(Math.abs));
      expect(maxRelErr(await got.s.read(), ref.sigma, tol(ref.sigma), 2e-4), `${act} n=${n} Σ`).toBeLessThan(1);
      expect(maxRelErr(await got.t.read(), ref.theta, tol(ref.theta), 2e-4), `${act} n=${n} Θ`).toBeLessThan(1);
      got.s.dispose();
      got.t.dispose();
    }
    expect(NTK_ACTIVATIONS.length).toBe(5);
  });
});

describe('closed forms at tiny correlations', () => {
  it('keeps the relative precision of off-diagonal entries 1e-7 of the diagonal (sin, erf)', async () => {
    const ctx = await testContext();
    const n = 5;
    const k0 = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) k0[i * n + j] = i === j ? 1 : 1e-7 * (1 + i + j);
    for (const act of ['sin', 'erf'] as const) {
      const got = ctx.scope(() =>
        ntkLayer(ctx.tensor(k0, [n, n]), ctx.tensor(k0, [n, n]), { activation: act, sw2: 2, sb2: 0 }),
      );
      const ref = ntkLayerRef(k0, k0, n, act, 2, 0, 0);
      // Relative to each entry itself: an absolute tolerance would pass a sinh that cancels to 0.
      expect(maxRelErr(await got.sigma.read(), ref.sigma, 0, 1e-4), `${act} Σ`).toBeLessThan(1);
      got.sigma.dispose();
      got.theta.dispose();
    }
  });
});

describe('the quadrature against closed forms', () => {
  it('agrees with the closed forms of erf and sin (and their derivatives) to 1e-6', () => {
    for (const [a, b, c] of [
      [1.3, 0.7, 0.4],
      [0.5, 2.1, -0.9],
      [1, 1, 0.999],
    ])
      for (const act of ['erf', 'sin'] as const) {
        const { f, df } = ACTIVATIONS[act];
        const { k, kd } = closedForm(act, a, b, c);
        expect(gaussianExpectation(f, f, a, b, c, 40), `${act} k`).toBeCloseTo(k, 6);
        expect(gaussianExpectation(df, df, a, b, c, 40), `${act} k'`).toBeCloseTo(kd, 6);
      }
  });

  it('reproduces the arc-cosine kernel of ReLU and Williams’ erf kernel', () => {
    const [a, b, c] = [1.3, 0.7, 0.4];
    const { f, df } = ACTIVATIONS.relu;
    const rho = c / Math.sqrt(a * b);
    const th = Math.acos(rho);
    const arccos = (Math.sqrt(a * b) * (Math.sin(th) + (Math.PI - th) * Math.cos(th))) / (2 * Math.PI);
    // The kink of ReLU slows Gauss–Hermite to about 3 digits at q = 96; a wrong formula is off by O(1).
    expect(Math.abs(gaussianExpectation(f, f, a, b, c, 96) / arccos - 1)).toBeLessThan(3e-3);
    expect(Math.abs(gaussianExpectation(df, df, a, b, c, 96) / ((Math.PI - th) / (2 * Math.PI)) - 1)).toBeLessThan(
      2e-2,
    );
    // Williams (1997): E[erf(u)·erf(v)] = (2/π)·asin(2c / √((1 + 2a)(1 + 2b))).
    const e = ACTIVATIONS.erf.f;
    const williams = (2 / Math.PI) * Math.asin((2 * c) / Math.sqrt((1 + 2 * a) * (1 + 2 * b)));
    expect(gaussianExpectation(e, e, a, b, c, 24)).toBeCloseTo(williams, 6);
  });
});
