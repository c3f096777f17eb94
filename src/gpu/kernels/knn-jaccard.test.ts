import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { knnJaccardRows } from './knn-jaccard.ts';
import { knnJaccardRowsRef } from './knn-jaccard.ref.ts';

// Row counts around the 64-thread workgroup; list lengths k = 1, 4, 10 and 15.
const SHAPES: Array<[rows: number, m: number]> = [
  [1, 1],
  [63, 4],
  [65, 10],
  [130, 15],
];

/** Per row: m distinct ids from [0, rows + m), the row's own id at a random place or (one row in 4) absent. */
function lists(rows: number, m: number, seed: number): Uint32Array {
  const u = randomArray(rows * 4 * m, seed, 0, 1);
  const out = new Uint32Array(rows * m);
  for (let r = 0; r < rows; r++) {
    const pool = Array.from({ length: rows + m }, (_, i) => i).filter((i) => i !== r);
    // A few shuffles drawn from u: small pools overlap a lot between the two lists, large ones less.
    const picked: number[] = [];
    for (let j = 0; picked.length < m; j++) {
      const id = pool[Math.floor(u[(r * 4 * m + j) % u.length] * pool.length)];
      if (!picked.includes(id)) picked.push(id);
      else pool.splice(pool.indexOf(id), 1);
    }
    if (r % 4 !== 0) picked[Math.floor(u[r * 4 * m] * m)] = r;
    out.set(picked, r * m);
  }
  return out;
}

describe('knn-jaccard kernel', () => {
  it('matches the reference exactly on random id lists, the row’s own id counted like any other', async () => {
    const ctx = await testContext();
    for (const [s, [rows, m]] of SHAPES.entries()) {
      const a = lists(rows, m, 40 + s);
      const b = lists(rows, m, 50 + s);
      const got = await ctx
        .scope(() => knnJaccardRows(ctx.tensor(a, [rows, m], 'u32'), ctx.tensor(b, [rows, m], 'u32')))
        .read();
      const want = knnJaccardRowsRef(a, b, rows, m);
      expect([...got], `[${rows}, ${m}]`).toEqual([...want]);
      // Not all the same: the test can tell overlaps apart.
      expect(new Set(want).size).toBeGreaterThan(rows > 1 ? 1 : 0);
    }
  });

  it('is 1 for a list against itself, 0 against disjoint ids, and 1 / (2k − 1) when only the row’s own id is shared', async () => {
    const ctx = await testContext();
    const [rows, m] = [70, 10];
    const a = lists(rows, m, 7);
    const jaccard = (other: Uint32Array) =>
      ctx.scope(() => knnJaccardRows(ctx.tensor(a, [rows, m], 'u32'), ctx.tensor(other, [rows, m], 'u32'))).read();
    const row = (i: number) => Math.floor(i / m);
    // The sample itself is a legitimate hit of cross-space retrieval: both lists hold it, the rest disjoint.
    const onlySelf = (l: Uint32Array) => l.map((id, i) => (i % m === 0 ? row(i) : id + 10_000));
    const [same, none, self] = await Promise.all([
      jaccard(a),
      jaccard(a.map((id) => id + 10_000)),
      ctx
        .scope(() =>
          knnJaccardRows(
            ctx.tensor(onlySelf(a), [rows, m], 'u32'),
            ctx.tensor(onlySelf(a.map((id) => id + 20_000)), [rows, m], 'u32'),
          ),
        )
        .read(),
    ]);
    expect([...same].every((v) => v === 1)).toBe(true);
    expect([...none].every((v) => v === 0)).toBe(true);
    expect([...self].every((v) => Math.abs(v - 1 / (2 * m - 1)) < 1e-7)).toBe(true);
  });

  it('rejects lists of other shapes or types', async () => {
    const ctx = await testContext();
    const ids = ctx.tensor(new Uint32Array(6), [3, 2], 'u32');
    expect(() => knnJaccardRows(ids, ctx.tensor(new Uint32Array(9), [3, 3], 'u32'))).toThrow(/vs/);
    expect(() => knnJaccardRows(ids, ctx.tensor(new Float32Array(6), [3, 2]))).toThrow(/u32/);
    ids.dispose();
  });
});
