import { describe, expect, it } from 'vitest';
import { testContext } from '../testing.ts';
import { disagreement, variantSelfTests } from './variant-self-tests.ts';

describe('variant self-tests', () => {
  it.each(Object.keys(variantSelfTests) as Array<keyof typeof variantSelfTests>)(
    "%s: the 'gpu' variant agrees with its fallback here, and the context's setting is restored",
    async (family) => {
      const ctx = await testContext();
      ctx.kernelVariant = 'cpu-plain';
      try {
        expect(await variantSelfTests[family](ctx)).toBeNull();
        expect(ctx.kernelVariant).toBe('cpu-plain');
      } finally {
        ctx.kernelVariant = 'auto';
      }
    },
    120_000,
  );

  it('names the first output outside its tolerance', () => {
    const names = ['a', 'b'];
    const want = [
      [1, 2],
      [1, 2],
    ];
    const tol: Array<[number, number]> = [
      [1e-4, 0],
      [1e-4, 1e-3],
    ];
    expect(
      disagreement(
        names,
        [
          [1, 2.00001],
          [1, 2.002],
        ],
        want,
        tol,
      ),
    ).toBeNull();
    expect(
      disagreement(
        names,
        [
          [1, 2.00001],
          [1, 2.1],
        ],
        want,
        tol,
      ),
    ).toMatch(/^b: max error/);
    expect(disagreement(['c'], [[NaN]], [[0]], [[1, 1]])).toMatch(/^c: max error Infinity/);
  });
});
