import { describe, it, expect } from 'vitest';
import { gradCheck } from '../gradcheck.ts';
import { randomArray, testContext } from '../testing.ts';
import { mean, sum } from './reduce.ts';

describe('reduce ops: gradients', () => {
  const cases: Array<[number[], number | undefined]> = [
    [[4, 6], undefined],
    [[4, 6], 0],
    [[4, 6], 1],
    [[3, 4, 5], 1],
    [[3, 4, 5], -1],
    [[300, 2], 0],
    [[2, 300], 1],
  ];
  for (const [shape, axis] of cases) {
    for (const [name, f] of [
      ['sum', sum],
      ['mean', mean],
    ] as const) {
      it(`${name} of [${shape}] along ${axis ?? 'all'}`, async () => {
        const ctx = await testContext();
        const n = shape.reduce((a, b) => a * b);
        const r = await gradCheck(ctx, ([x]) => f(x, axis), [{ data: randomArray(n, n, -1, 1), shape }], {
          samples: 8,
        });
        expect(r.worst).toBeLessThanOrEqual(1);
      });
    }
  }
});
