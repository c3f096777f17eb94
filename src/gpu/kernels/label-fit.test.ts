import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { labelFit } from './label-fit.ts';
import { labelFitRef } from './label-fit.ref.ts';

describe('label fit (predicted = true label, = given label)', () => {
  it('matches the reference on random shapes, at an offset, with ties broken to the first index', async () => {
    const ctx = await testContext();
    // Rows × classes, none a multiple of the 64-thread workgroup; logits rounded so rows have ties.
    for (const [s, [rows, cols]] of [
      [1, 2],
      [7, 10],
      [65, 3],
      [130, 10],
      [33, 100],
    ].entries()) {
      const z = randomArray(rows * cols, 70 + s, -2, 2).map(Math.round);
      const labels = (seed: number) => Uint32Array.from(randomArray(rows, seed, 0, cols), Math.floor);
      const [given, truth] = [labels(80 + s), labels(90 + s)];
      const offset = 2 + s;
      const n = offset + rows + 3;
      const fit = ctx.tensor(new Float32Array(2 * n), [2, n]).keep();
      ctx.scope(() =>
        labelFit(
          ctx.tensor(z, [rows, cols]),
          ctx.tensor(given, [rows], 'u32'),
          ctx.tensor(truth, [rows], 'u32'),
          fit,
          offset,
        ),
      );
      const got = (await fit.read()) as Float32Array;
      fit.dispose();
      expect([...got], `[${rows}, ${cols}]`).toEqual([...labelFitRef(z, given, truth, cols, offset, n)]);
    }
  });

  it('rejects a batch that does not fit the buffer', async () => {
    const ctx = await testContext();
    const fit = ctx.empty([2, 3]).keep();
    const y = ctx.tensor([0, 1], [2], 'u32').keep();
    expect(() => ctx.scope(() => labelFit(ctx.tensor([1, 2, 3, 4], [2, 2]), y, y, fit, 2))).toThrow(/do not fit/);
    fit.dispose();
    y.dispose();
  });
});
