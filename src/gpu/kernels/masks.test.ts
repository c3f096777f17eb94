import { describe, it, expect } from 'vitest';
import type { Tensor } from '../tensor.ts';
import { randomArray, testContext } from '../testing.ts';
import { applyMask, blockMask, channelMask, headMask, neuronMask } from './masks.ts';
import { applyMaskRef, blockMaskRef } from './masks.ref.ts';

/** Keep flags with ~half zeros and some non-1 "keep" values (anything ≠ 0 keeps). */
const flags = (n: number, seed: number): Float32Array =>
  randomArray(n, seed, -1, 1).map((v) => (v < 0 ? 0 : v < 0.5 ? 1 : 2.5));

async function readFree(t: Tensor): Promise<number[]> {
  const v = [...(await t.read())];
  t.dispose();
  return v;
}

describe('structured masks', () => {
  it('blockMask matches the reference on awkward shapes and blocks', async () => {
    const ctx = await testContext();
    const cases: Array<[number, number, number, number]> = [
      [1, 1, 1, 1],
      [3, 17, 2, 4],
      [17, 3, 4, 2],
      [65, 130, 8, 8],
      [130, 65, 16, 3],
      [257, 17, 32, 32],
      [1, 257, 1, 7],
      [33, 33, 33, 33],
      [64, 64, 4, 4],
      [100, 7, 1, 7],
      [7, 100, 7, 1],
      [19, 23, 5, 6],
    ];
    for (const [s, [r, c, br, bc]] of cases.entries()) {
      const keep = flags(Math.ceil(r / br) * Math.ceil(c / bc), s + 1);
      const m = ctx.scope(() => blockMask(ctx.tensor(keep), [r, c], [br, bc]));
      expect(m.shape).toEqual([r, c]);
      expect(await readFree(m), `[${r},${c}] in ${br}×${bc}`).toEqual([...blockMaskRef(keep, r, c, br, bc)]);
    }
  });

  it('neurons, conv channels and heads expand to whole rows, columns, channels and column groups', async () => {
    const ctx = await testContext();
    for (const [s, [r, c]] of [
      [3, 17],
      [65, 130],
      [257, 3],
      [1, 1],
    ].entries()) {
      const kin = flags(r, 10 + s);
      const kout = flags(c, 20 + s);
      const [mi, mo] = ctx.scope(() => [
        neuronMask(ctx.tensor(kin), [r, c], 'in'),
        neuronMask(ctx.tensor(kout), [r, c], 'out'),
      ]);
      expect(await readFree(mi)).toEqual([...blockMaskRef(kin, r, c, 1, c)]);
      expect(await readFree(mo)).toEqual([...blockMaskRef(kout, r, c, r, 1)]);
    }
    for (const [s, shape] of [[5, 3, 3, 3], [17, 1, 5, 5], [1, 2, 3, 3], [8, 65], [3]].entries()) {
      const keep = flags(shape[0], 30 + s);
      const per = shape.slice(1).reduce((p, d) => p * d, 1);
      const m = ctx.scope(() => channelMask(ctx.tensor(keep), shape));
      expect(m.shape).toEqual(shape);
      expect(await readFree(m)).toEqual([...blockMaskRef(keep, shape[0], per, 1, per)]);
    }
    for (const [s, [d, dOut, h]] of [
      [16, 16, 4],
      [12, 24, 3],
      [5, 8, 8],
      [7, 9, 1],
    ].entries()) {
      const keep = flags(h, 40 + s);
      const m = ctx.scope(() => headMask(ctx.tensor(keep), [d, dOut]));
      expect(await readFree(m)).toEqual([...blockMaskRef(keep, d, dOut, d, dOut / h)]);
    }
    const k = ctx.tensor([1, 0, 1]);
    expect(() => headMask(k, [4, 8])).toThrow(/heads/);
    expect(() => blockMask(k, [4, 4], [2, 2])).toThrow(/4/);
    k.dispose();
  });

  it('applyMask zeroes pruned weights exactly, in place', async () => {
    const ctx = await testContext();
    for (const [s, n] of [1, 3, 17, 65, 130, 257, 1000, 70_001].entries()) {
      const w = randomArray(n, s, -5, 5);
      if (n > 3) w[2] = Infinity;
      const mask = flags(n, 60 + s).map((v) => (v !== 0 ? 1 : 0));
      const wt = ctx.tensor(w);
      ctx.scope(() => applyMask(wt, ctx.tensor(mask)));
      const got = await readFree(wt);
      expect(got).toEqual([...applyMaskRef(w, mask)]);
      expect(got.every((v, i) => mask[i] !== 0 || Object.is(v, 0))).toBe(true);
    }
  });
});
