import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { NO_CODE, normalizeRows, reviveCodes, topK } from './codebook.ts';
import { normalizeRowsRef, reviveCodesRef, topKRef } from './codebook.ref.ts';

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

  it('reviveCodes resets exactly the unused codes to the hashed input rows, as the reference does', async () => {
    const ctx = await testContext();
    for (const [codes, d, rows, salt] of [
      [1, 3, 5, 0],
      [67, 7, 13, 12345],
      [130, 33, 200, 0xdeadbeef],
    ]) {
      const book = randomArray(codes * d, codes);
      const usage = randomArray(codes, d, 0, 2).map((u) => (u < 0.7 ? 0 : u));
      const x = randomArray(rows * d, rows, -5, 5);
      const t = ctx.tensor(book, [codes, d]);
      ctx.scope(() => reviveCodes(t, ctx.tensor(usage), ctx.tensor(x, [rows, d]), salt));
      const got = await t.read();
      t.dispose();
      expect([...got], `${codes} codes, salt ${salt}`).toEqual([...reviveCodesRef(book, usage, x, d, salt)]);
      // Used codes are untouched, unused ones are copies of input rows.
      for (let c = 0; c < codes; c++) {
        const row = [...got.subarray(c * d, (c + 1) * d)];
        if (usage[c] > 0) expect(row).toEqual([...book.subarray(c * d, (c + 1) * d)]);
        else
          expect(
            Array.from({ length: rows }, (_, r) => x.subarray(r * d, (r + 1) * d).join()).includes(row.join()),
          ).toBe(true);
      }
    }
  });

  it('rejects k outside [1, min(codes, 16)]', async () => {
    const ctx = await testContext();
    const s = ctx.tensor(randomArray(20, 1), [4, 5]);
    expect(() => topK(s, 0)).toThrow(/k = 0/);
    expect(() => topK(s, 6)).toThrow(/k = 6/);
    s.dispose();
  });
});
