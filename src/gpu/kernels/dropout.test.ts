import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { streams } from '../streams.ts';
import { dropout } from './dropout.ts';
import { dropoutRef } from './dropout.ref.ts';

const SIZES = [1, 2, 3, 4, 5, 17, 64, 65, 130, 257, 1000, 4099];
const PS = [0, 0.1, 0.5, 0.9, 1];

describe('dropout kernel', () => {
  it(`matches the Philox reference exactly on ${SIZES.length * 2} sizes and rates`, async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      for (const p of [PS[k % PS.length], PS[(k + 2) % PS.length]]) {
        const x = randomArray(n, 10 + k);
        const id = { seed: 12345 + k, stream: streams.noise(k, 3), p };
        const y = await ctx.scope(() => dropout(ctx.tensor(x), id)).read();
        expect([...y], `n=${n} p=${p}`).toEqual([...dropoutRef(x, id)]);
      }
    }
  });

  it('drops about p of a large tensor, and a different step gives a different mask', async () => {
    const ctx = await testContext();
    const n = 20000;
    const ones = new Float32Array(n).fill(1);
    const [a, b] = ctx.scope(() => [
      dropout(ctx.tensor(ones), { p: 0.3, seed: 1, stream: streams.noise(0, 0) }),
      dropout(ctx.tensor(ones), { p: 0.3, seed: 1, stream: streams.noise(1, 0) }),
    ]);
    const ya = await a.read();
    const yb = await b.read();
    const dropped = ya.filter((v) => v === 0).length / n;
    expect(Math.abs(dropped - 0.3)).toBeLessThan(0.015);
    expect(ya.filter((v) => v !== 0).every((v) => Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    expect(ya.some((v, i) => v !== yb[i])).toBe(true);
  });
});
