import { describe, expect, it } from 'vitest';
import { gradCheck } from '../gradcheck.ts';
import { randomArray, testContext } from '../testing.ts';
import { irmPenalty, riskVariance } from './ood-penalties.ts';
import { irmPenaltyRef, riskVarianceRef, scaledRiskRef } from './ood-penalties.ref.ts';

// [rows, classes]: none a tile multiple; binary as in ColoredMNIST and wider.
const SHAPES: Array<[number, number]> = [
  [3, 2],
  [17, 2],
  [130, 2],
  [9, 7],
];

const labelsOf = (n: number, classes: number, seed: number) =>
  Uint32Array.from(randomArray(n, seed, 0, classes), (v) => Math.min(classes - 1, Math.floor(v)));
const oneHot = (labels: Uint32Array, classes: number) => {
  const out = new Float32Array(labels.length * classes);
  labels.forEach((y, i) => (out[i * classes + y] = 1));
  return out;
};

describe('IRM-v1 penalty', () => {
  it('the reference’s closed form is the squared slope of the scaled risk at w = 1 (central difference)', () => {
    for (const [k, [n, c]] of SHAPES.entries()) {
      const z = randomArray(n * c, 10 + k, -2, 2);
      const y = labelsOf(n, c, 20 + k);
      const h = 1e-4;
      const slope = (scaledRiskRef(z, y, c, 1 + h) - scaledRiskRef(z, y, c, 1 - h)) / (2 * h);
      expect(irmPenaltyRef(z, y, c)).toBeCloseTo(slope * slope, 7);
    }
  });

  it(`equals the float64 reference on ${SHAPES.length} shapes`, async () => {
    const ctx = await testContext();
    for (const [k, [n, c]] of SHAPES.entries()) {
      const z = randomArray(n * c, 30 + k, -3, 3);
      const y = labelsOf(n, c, 40 + k);
      const got = (
        await ctx.scope(() => irmPenalty(ctx.tensor(z, [n, c]), ctx.tensor(oneHot(y, c), [n, c]))).read()
      )[0];
      const want = irmPenaltyRef(z, y, c);
      expect(Math.abs(got - want), `[${n}, ${c}]: ${got} vs ${want}`).toBeLessThan(1e-6 + 1e-4 * want);
    }
  });

  it('is exactly 0 at zero logits, where the scaled risk is flat in w', async () => {
    const ctx = await testContext();
    const zero = (
      await ctx
        .scope(() =>
          irmPenalty(
            ctx.tensor(new Float32Array(8), [4, 2]),
            ctx.tensor(oneHot(new Uint32Array([0, 1, 1, 0]), 2), [4, 2]),
          ),
        )
        .read()
    )[0];
    expect(zero).toBe(0);
  });

  for (const [n, c] of SHAPES.slice(0, 3))
    it(`has the finite-difference gradient wrt the logits, [${n}, ${c}]`, async () => {
      const ctx = await testContext();
      const y = oneHot(labelsOf(n, c, n), c);
      const r = await gradCheck(
        ctx,
        ([z, t]) => irmPenalty(z, t),
        [
          { data: randomArray(n * c, n + 1, -1.5, 1.5), shape: [n, c] },
          { data: y, shape: [n, c] },
        ],
        { wrt: [0], samples: 16 },
      );
      expect(r.worst).toBeLessThanOrEqual(1);
      expect(r.checked).toBeGreaterThan(5);
    });
});

describe('risk variance (V-REx)', () => {
  it('equals the float64 population variance for 2 to 5 environments, and refuses one', async () => {
    const ctx = await testContext();
    for (const e of [2, 3, 5]) {
      const risks = [...randomArray(e, e, 0.1, 2)];
      const got = (
        await ctx.scope(() => riskVariance(risks.map((r) => ctx.tensor(new Float32Array([r]), [1])))).read()
      )[0];
      expect(got).toBeCloseTo(riskVarianceRef(risks), 6);
    }
    expect(() => riskVariance([ctx.tensor(new Float32Array([1]), [1])])).toThrow(/≥ 2/);
  });

  it('has the finite-difference gradient wrt every risk', async () => {
    const ctx = await testContext();
    const inputs = [...randomArray(3, 8, 0.2, 1.5)].map((r) => ({ data: new Float32Array([r]), shape: [1] }));
    const r = await gradCheck(ctx, (risks) => riskVariance(risks), inputs, { samples: 3 });
    expect(r.worst).toBeLessThanOrEqual(1);
    expect(r.checked).toBe(3);
  });
});
