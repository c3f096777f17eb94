import { describe, it, expect } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { clipStep } from './clip-step.ts';
import { clipStepRef } from './clip-step.ref.ts';

// Sizes that are not multiples of the 256-thread workgroup.
const SIZES = [1, 5, 255, 257, 784 * 17 + 3, 70001];

describe('clip-step kernel', () => {
  it(`matches the float32 reference on ${SIZES.length} sizes, clipped, unclipped and with clipping off`, async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      const w = randomArray(n, 300 + k);
      const g = randomArray(n, 400 + k);
      const own = g.reduce((s, v) => s + v * v, 0);
      // The model's norm covers other parameters too: ss is at least this tensor's own Σg².
      for (const [ss, maxNorm] of [
        [own, 0.5 * Math.sqrt(own)],
        [4 * own + 1, 1e6],
        [own, 0],
      ]) {
        const o = { lr: 0.05, maxNorm };
        const out = await ctx
          .scope(() => {
            const wt = ctx.tensor(w);
            clipStep(wt, ctx.tensor(g), ctx.tensor([ss]), o);
            return wt;
          })
          .read();
        expect(
          maxRelErr(out, clipStepRef(w, g, ss, o), 1e-6, 1e-6),
          `n=${n} ss=${ss} max=${maxNorm}`,
        ).toBeLessThanOrEqual(1);
      }
    }
  });

  it('a clipped step moves the weights by exactly lr·maxNorm in norm, whatever the gradient norm', async () => {
    const ctx = await testContext();
    const n = 1000;
    const w = randomArray(n, 9);
    for (const gain of [3, 30, 300]) {
      const g = randomArray(n, 10).map((v) => v * gain);
      const ss = g.reduce((s, v) => s + v * v, 0);
      const out = await ctx
        .scope(() => {
          const wt = ctx.tensor(w);
          clipStep(wt, ctx.tensor(g), ctx.tensor([ss]), { lr: 0.1, maxNorm: 2 });
          return wt;
        })
        .read();
      const moved = Math.sqrt(Array.from(out).reduce((s, v, i) => s + (v - w[i]) ** 2, 0));
      expect(moved).toBeCloseTo(0.2, 4);
    }
  });

  it('without a norm (null) it is plain SGD, w − lr·g, however large g is', async () => {
    const ctx = await testContext();
    const w = randomArray(333, 11);
    const g = randomArray(333, 12).map((v) => 100 * v);
    const out = await ctx
      .scope(() => {
        const wt = ctx.tensor(w);
        clipStep(wt, ctx.tensor(g), null, { lr: 0.01, maxNorm: 1 });
        return wt;
      })
      .read();
    expect(maxRelErr(out, clipStepRef(w, g, 0, { lr: 0.01, maxNorm: 0 }), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
  });
});
