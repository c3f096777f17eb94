import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { anchorCosineBackward, anchorCosineForward } from './anchor-cosine.ts';
import { anchorCosineGradRef, anchorCosineRef } from './anchor-cosine.ref.ts';

// [B, K, D]: none a multiple of the 64-thread workgroup, from one row to more rows than a workgroup.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 3, 5],
  [7, 1, 3],
  [13, 11, 2],
  [65, 17, 9],
  [50, 130, 33],
  [3, 257, 70],
];

/** f32 sums of ≤ 257 terms of magnitude ≤ 1 against a float64 reference. */
const TOL = 2e-5;

const worstAbs = (got: Float32Array, want: Float64Array): number =>
  got.reduce((w, v, i) => Math.max(w, Math.abs(v - want[i])), 0);

describe('anchor-cosine kernel', () => {
  it(`matches the reference cosine and both gradients on ${SHAPES.length} shapes`, async () => {
    const ctx = await testContext();
    for (const [s, [B, K, D]] of SHAPES.entries()) {
      const z = randomArray(B * D, 10 + s, -2, 2);
      const a = randomArray(K * D, 20 + s, -2, 2);
      const g = randomArray(B * K, 30 + s);
      const [sim, gz, ga] = await Promise.all(
        ctx
          .scope(() => {
            const zt = ctx.tensor(z, [B, D]);
            const at = ctx.tensor(a, [K, D]);
            const gt = ctx.tensor(g, [B, K]);
            const f = anchorCosineForward(zt, at);
            return [
              f.sim,
              anchorCosineBackward(zt, at, f, gt, 'latent'),
              anchorCosineBackward(zt, at, f, gt, 'anchors'),
            ];
          })
          .map(async (t) => {
            const v = (await t.read()) as Float32Array;
            t.dispose();
            return v;
          }),
      );
      const ref = anchorCosineGradRef(z, a, g, B, K, D);
      const what = `[B, K, D] = [${B}, ${K}, ${D}]`;
      expect(worstAbs(sim, anchorCosineRef(z, a, B, K, D)), `${what} sim`).toBeLessThan(TOL);
      // Gradients scale with 1/‖row‖ and sum K (or B) terms: relative to the largest entry.
      const scale = (r: Float64Array) => Math.max(1, ...r.map(Math.abs));
      expect(worstAbs(gz, ref.gz) / scale(ref.gz), `${what} ∂z`).toBeLessThan(TOL * 10);
      expect(worstAbs(ga, ref.ga) / scale(ref.ga), `${what} ∂a`).toBeLessThan(TOL * 10);
    }
  });

  it('gives cosines in [−1, 1]: exactly +1 for a row and its rescaled copy, −1 for its negated copy', async () => {
    const ctx = await testContext();
    const D = 6;
    const z = randomArray(3 * D, 3, -1, 1);
    // Anchors: row 0 of z scaled by 3, its negative scaled by 0.5, and a random row.
    const a = new Float32Array(3 * D);
    for (let d = 0; d < D; d++) {
      a[d] = 3 * z[d];
      a[D + d] = -0.5 * z[d];
    }
    a.set(randomArray(D, 4), 2 * D);
    const sim = await ctx.scope(() => anchorCosineForward(ctx.tensor(z, [3, D]), ctx.tensor(a, [3, D])).sim).read();
    expect(sim[0]).toBeCloseTo(1, 5);
    expect(sim[1]).toBeCloseTo(-1, 5);
    for (const v of sim) expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-6);
  });
});
