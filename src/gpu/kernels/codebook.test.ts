import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { NO_CODE, normalizeRows, topK } from './codebook.ts';
import { normalizeRowsRef, topKRef } from './codebook.ref.ts';

// Row counts around the 64-thread workgroup (1, 63, 65, 130) and code counts that are not powers of two.
const SHAPES: Array<[rows: number, cols: number]> = [
  [1, 5],
  [63, 17],
  [65, 37],
  [130, 101],
];

describe('codebook kernels', () => {
  it('normalizeRows matches the float32 reference to 1e-6 relative, and keeps zero rows zero', async () => {
    const ctx = await testContext();
    for (const [k, [rows, cols]] of SHAPES.entries()) {
      const x = randomArray(rows * cols, 10 + k, -3, 3);
      x.fill(0, 0, cols); // the first row is all zeros: no division by zero
      const got = await ctx.scope(() => normalizeRows(ctx.tensor(x, [rows, cols]))).read();
      const want = normalizeRowsRef(x, rows, cols);
      for (let i = 0; i < x.length; i++)
        expect(Math.abs(got[i] - want[i]), `[${rows}, ${cols}] @${i}`).toBeLessThan(1e-6);
      expect([...got.subarray(0, cols)].every((v) => v === 0)).toBe(true);
    }
  });

  it('topK picks the same codes in the same order as the reference, weights 1/k, for k = 1, 3, 8 and 16', async () => {
    const ctx = await testContext();
    for (const [s, [rows, cols]] of SHAPES.entries()) {
      const scores = randomArray(rows * cols, 20 + s);
      for (const k of [1, 3, 8, 16].filter((k) => k <= cols)) {
        const t = ctx.scope(() => topK(ctx.tensor(scores, [rows, cols]), k));
        const [ids, weights] = [await t.ids.read(), await t.weights.read()];
        const want = topKRef(scores, rows, cols, k);
        expect([...ids], `[${rows}, ${cols}] k=${k}`).toEqual([...want.ids]);
        expect([...weights], `[${rows}, ${cols}] k=${k}`).toEqual([...want.weights]);
        t.ids.dispose();
        t.weights.dispose();
      }
    }
  });

  it('topK breaks ties toward the lower code index, whatever the order the scores arrive in', async () => {
    const ctx = await testContext();
    const [rows, cols, k] = [70, 9, 4];
    // Scores from only three values: almost every choice is a tie.
    const scores = randomArray(rows * cols, 5, 0, 3).map(Math.floor);
    const t = ctx.scope(() => topK(ctx.tensor(scores, [rows, cols]), k));
    expect([...(await t.ids.read())]).toEqual([...topKRef(scores, rows, cols, k).ids]);
  });

  it('a forced row selects its code alone with weight 1; NO_CODE rows are left to the top-k choice', async () => {
    const ctx = await testContext();
    const [rows, cols, k] = [67, 13, 3];
    const scores = randomArray(rows * cols, 6);
    const forced = Uint32Array.from({ length: rows }, (_, r) => (r % 3 === 0 ? (r * 7) % cols : NO_CODE));
    const t = ctx.scope(() => topK(ctx.tensor(scores, [rows, cols]), k, ctx.tensor(forced, [rows], 'u32')));
    const want = topKRef(scores, rows, cols, k, forced);
    expect([...(await t.ids.read())]).toEqual([...want.ids]);
    const weights = await t.weights.read();
    expect([...weights]).toEqual([...want.weights]);
    expect(weights[3 * cols + ((3 * 7) % cols)]).toBe(1);
  });

  it('rejects k outside [1, min(codes, 16)]', async () => {
    const ctx = await testContext();
    const s = ctx.tensor(randomArray(20, 1), [4, 5]);
    expect(() => topK(s, 0)).toThrow(/k = 0/);
    expect(() => topK(s, 6)).toThrow(/k = 6/);
    s.dispose();
  });
});
