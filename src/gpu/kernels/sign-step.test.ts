import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { signStep } from './sign-step.ts';
import { signStepRef } from './sign-step.ref.ts';

// Sizes that are not multiples of the 256-thread workgroup, from one element to ~70k.
const SIZES = [1, 3, 17, 255, 257, 784 * 3 + 5, 70001];

describe('sign-step kernel', () => {
  it(`matches the float32 reference exactly on ${SIZES.length} sizes (FGSM, PGD step, wide clip range)`, async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      // Pixels in [0, 1]; d with both signs and some exact zeros (sign 0: no step).
      const x0 = randomArray(n, 100 + k, 0, 1);
      const x = x0.map((v, i) => v + ((i % 5) - 2) * 0.01);
      const d = randomArray(n, 200 + k).map((v, i) => (i % 7 === 0 ? 0 : v));
      for (const o of [
        { alpha: 0.1, eps: 0.1 },
        { alpha: 0.02, eps: 0.05 },
        { alpha: 0.3, eps: 0.25, lo: -0.5, hi: 0.9 },
      ]) {
        const out = await ctx.scope(() => signStep(ctx.tensor(x), ctx.tensor(d), ctx.tensor(x0), o)).read();
        expect([...out], `n=${n} ${JSON.stringify(o)}`).toEqual([...signStepRef(x, d, x0, o)]);
      }
    }
  });

  it('FGSM moves every pixel with a nonzero gradient by ε unless clipped, and stays in [0, 1]', async () => {
    const ctx = await testContext();
    const n = 1000;
    const x0 = randomArray(n, 7, 0, 1);
    const d = randomArray(n, 8);
    const eps = 0.05;
    const out = await ctx
      .scope(() => signStep(ctx.tensor(x0), ctx.tensor(d), ctx.tensor(x0), { alpha: eps, eps }))
      .read();
    for (let i = 0; i < n; i++) {
      expect(out[i]).toBeGreaterThanOrEqual(0);
      expect(out[i]).toBeLessThanOrEqual(1);
      const want = Math.min(1, Math.max(0, x0[i] + eps * Math.sign(d[i])));
      expect(Math.abs(out[i] - want)).toBeLessThan(1e-6);
    }
  });
});
