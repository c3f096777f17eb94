import { describe, expect, it } from 'vitest';
import { randomArray, testContext } from '../../gpu/testing.ts';
import { shuffledRows } from './convergence.ts';
import { sparsePrediction } from './sparse-prediction.ts';

describe('sparse (one-to-many) prediction', () => {
  it('predicts a mixed unit from its two sources where its one-to-one partner cannot, and nothing from shuffled rows', async () => {
    const ctx = await testContext();
    const [n, p, q] = [400, 12, 10];
    const a = randomArray(n * p, 11);
    const noise = randomArray(n * q, 12);
    // Units 0–4 of B copy units 0–4 of A; units 5–9 are the sum of two of A's units (5–11), each
    // with 10% noise: one partner explains half of a mixed unit's variance, two explain nearly all.
    const sources = (j: number): number[] => (j < 5 ? [j] : [j, ((j - 5 + 1) % 7) + 5]);
    const b = new Float32Array(n * q);
    for (let r = 0; r < n; r++)
      for (let j = 0; j < q; j++)
        b[r * q + j] = sources(j).reduce((s, i) => s + a[r * p + i], 0) + 0.1 * noise[r * q + j];
    const matching = {
      partner: Int32Array.from({ length: p }, (_, i) => (i < q ? i : -1)),
      r: new Float64Array(p),
    };
    const lambdas = [0.3, 0.03, 0.003];
    const [xa, xb] = [ctx.tensor(a, [n, p]), ctx.tensor(b, [n, q])];
    const s = await sparsePrediction(ctx, xa, xb, { lambdas, iterations: 300, matching });
    expect(s.path.map((x) => x.lambda)).toEqual(lambdas);
    // The one-to-one map has one weight per unit and leaves half of each mixed unit unexplained.
    expect(s.oneToOne!.nonzeros).toBe(1);
    expect(s.oneToOne!.error).toBeGreaterThan(0.15);
    expect(s.oneToOne!.error).toBeLessThan(0.35);
    // A strong penalty keeps ~1.5 weights per unit (the true count); the smallest explains nearly everything.
    expect(s.path[0].nonzeros).toBeGreaterThanOrEqual(1);
    expect(s.path[0].nonzeros).toBeLessThanOrEqual(2.5);
    expect(s.path[2].error).toBeLessThan(0.03);
    expect(s.path[1].error).toBeLessThan(s.oneToOne!.error / 4);
    for (let k = 1; k < lambdas.length; k++) {
      expect(s.path[k].error).toBeLessThanOrEqual(s.path[k - 1].error + 1e-4);
      expect(s.path[k].nonzeros).toBeGreaterThanOrEqual(s.path[k - 1].nonzeros);
    }
    // The control: A's rows shuffled hold no relation, so no λ explains the held-out rows.
    const order = Uint32Array.from({ length: n }, (_, r) => (r * 7 + 3) % n);
    const shuffled = ctx.scope(() => shuffledRows(xa, order));
    const control = await sparsePrediction(ctx, shuffled, xb, { lambdas, iterations: 300 });
    expect(control.oneToOne).toBeNull();
    for (const x of control.path) expect(x.error).toBeGreaterThan(0.9);
  });
});
