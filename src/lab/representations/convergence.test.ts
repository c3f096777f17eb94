import { describe, expect, it } from 'vitest';
import { randomArray, testContext } from '../../gpu/testing.ts';
import { compareLayer, meanPredicted, shuffledRows, summarizeMatching } from './convergence.ts';

describe('layer comparison', () => {
  it('pairs each unit with its permuted, noisy copy, predicts it from the whole layer, and finds nothing in shuffled rows', async () => {
    const ctx = await testContext();
    const [n, units] = [600, 13];
    const a = randomArray(n * units, 1);
    const noise = randomArray(n * units, 2);
    const perm = Array.from({ length: units }, (_, i) => (i * 5 + 3) % units);
    // b's unit perm[i] is a's unit i plus 30% noise; the last unit of a is dead.
    const b = new Float32Array(n * units);
    for (let r = 0; r < n; r++)
      for (let i = 0; i < units; i++) {
        b[r * units + perm[i]] = a[r * units + i] + 0.3 * noise[r * units + i];
        if (i === units - 1) a[r * units + i] = 0;
      }
    const xa = ctx.tensor(a, [n, units]);
    const xb = ctx.tensor(b, [n, units]);
    const c = await compareLayer(ctx, xa, xb, { ridge: 0.01 });
    expect([...c.oneToOne.partner].slice(0, -1)).toEqual(perm.slice(0, -1));
    expect([...c.liveA]).toEqual([...new Array<number>(units - 1).fill(1), 0]);
    const s = summarizeMatching(c, c.oneToOne);
    expect(s.live).toBe(units - 1);
    // corr(u, u + 0.3·v) for independent unit-variance u, v: 1/√1.09 ≈ 0.958.
    expect(s.mean).toBeGreaterThan(0.93);
    expect(s.high).toBe(1);
    // B's copy of A's dead unit has nothing in A to be predicted from; every other unit has its source.
    for (let i = 0; i < units - 1; i++) expect(c.predicted![perm[i]]).toBeGreaterThan(0.93);
    expect(Math.abs(c.predicted![perm[units - 1]])).toBeLessThan(0.2);
    expect(meanPredicted(c)).toBeCloseTo([...c.predicted!].reduce((x, y) => x + y, 0) / units, 6);
    const order = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const shuffled = ctx.scope(() => shuffledRows(xb, order));
    const control = await compareLayer(ctx, xa, shuffled, { ridge: null });
    const chance = summarizeMatching(control, control.oneToOne);
    expect(chance.mean).toBeLessThan(0.2);
  });
});
