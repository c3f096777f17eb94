import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { gradCheck } from '../gradcheck.ts';
import { addPositions, embedding, patchEmbedding } from './embedding.ts';

const data = (shape: number[], seed: number) => ({
  data: randomArray(
    shape.reduce((p, d) => p * d, 1),
    seed,
  ),
  shape,
});

describe('embedding gradients', () => {
  it('token embedding: the table (repeated ids sum, an out-of-range id adds nothing)', async () => {
    const ctx = await testContext();
    const ids = ctx.tensor([0, 3, 3, 1, 9, 3], [2, 3], 'u32');
    const r = await gradCheck(ctx, ([t]) => embedding(t, ids), [data([5, 4], 1)], { samples: 20 });
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('learned positions: x and the table (rows past T get zero gradient)', async () => {
    const ctx = await testContext();
    const r = await gradCheck(ctx, ([x, p]) => addPositions(x, p), [data([2, 3, 4], 2), data([5, 4], 3)], {
      samples: 24,
    });
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('patch embedding: images, weight and bias', async () => {
    const ctx = await testContext();
    const geometry = { H: 4, W: 6, C: 2, P: 2 };
    const r = await gradCheck(
      ctx,
      ([x, w, b]) => patchEmbedding(x, w, b, geometry),
      [data([2, 4 * 6 * 2], 4), data([2 * 2 * 2, 3], 5), data([3], 6)],
      { samples: 16 },
    );
    expect(r.worst).toBeLessThanOrEqual(1);
  });
});
