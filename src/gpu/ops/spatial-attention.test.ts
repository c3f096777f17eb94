import { describe, it, expect } from 'vitest';
import { gradCheck } from '../gradcheck.ts';
import { randomArray, testContext } from '../testing.ts';
import { spatialAttention } from './spatial-attention.ts';

describe('spatial attention op: finite-difference gradients', () => {
  // Activations kept away from 0, where |h| (p = 1) has its kink; shapes off every tile size.
  const cases: Array<[number[], number]> = [
    [[2, 3, 5, 4], 1],
    [[3, 4, 4, 7], 2],
    [[2, 5, 3, 6], 4],
  ];
  for (const [shape, p] of cases) {
    it(`[${shape}], p = ${p}`, async () => {
      const ctx = await testContext();
      const n = shape.reduce((a, b) => a * b);
      const data = randomArray(n, n + p, 0.3, 1.2).map((v, i) => (i % 3 === 0 ? -v : v));
      const r = await gradCheck(ctx, ([h]) => spatialAttention(h, p), [{ data, shape }], {
        samples: 16,
        eps: 1e-3,
      });
      expect(r.checked).toBe(16);
      expect(r.worst).toBeLessThanOrEqual(1);
    });
  }
});
