import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { gradCheck } from '../gradcheck.ts';
import { anchorCosine } from './anchor-cosine.ts';

const data = (shape: number[], seed: number) => ({ data: randomArray(shape[0] * shape[1], seed, -1, 1), shape });

describe('anchorCosine gradients (latent and anchors)', () => {
  // Shapes off every tile size; rows of norm ≈ 1 so the f32 central difference at step 1e-2 is accurate.
  for (const [B, K, D] of [
    [3, 5, 4],
    [7, 2, 9],
    [1, 13, 3],
  ])
    it(`by finite differences, [B, K, D] = [${B}, ${K}, ${D}]`, async () => {
      const ctx = await testContext();
      const r = await gradCheck(ctx, ([z, a]) => anchorCosine(z, a), [data([B, D], B + K), data([K, D], D + 40)], {
        samples: 16,
      });
      expect(r.worst).toBeLessThanOrEqual(1);
      expect(r.checked).toBeGreaterThan(8);
    });
});
