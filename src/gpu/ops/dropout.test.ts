import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { gradCheck } from '../gradcheck.ts';
import { streams } from '../streams.ts';
import { dropout } from './dropout.ts';

describe('dropout gradient', () => {
  it('with a fixed seed and stream, the backward mask is the forward mask', async () => {
    const ctx = await testContext();
    const opts = { p: 0.4, seed: 99, stream: streams.noise(7, 1), training: true };
    const r = await gradCheck(ctx, ([x]) => dropout(x, opts), [{ data: randomArray(37, 1), shape: [37] }], {
      samples: 37,
    });
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('is the identity in eval mode', async () => {
    const ctx = await testContext();
    const x = ctx.tensor([1, 2, 3]);
    expect(dropout(x, { p: 0.5, seed: 1, training: false })).toBe(x);
  });
});
