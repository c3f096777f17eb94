import { describe, expect, it } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import type { Activation } from './matmul.ts';
import { planeCombine, pointBiasActivation, pointHead } from './plane-batch.ts';
import { planeCombineRef, pointBiasActivationRef, pointHeadRef } from './plane-batch.ref.ts';

// (P points, R rows, C columns) with awkward sizes.
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [3, 1, 2],
  [1, 17, 3],
  [2, 65, 10],
  [5, 3, 130],
  [1, 257, 4],
  [17, 5, 1],
  [4, 130, 7],
  [65, 2, 3],
  [7, 33, 10],
  [2, 1, 257],
  [3, 64, 32],
  [9, 9, 9],
  [1, 100, 10],
  [6, 17, 65],
  [130, 1, 5],
  [2, 257, 3],
  [11, 7, 12],
  [4, 31, 2],
  [3, 3, 300],
];
const ACTS: Activation[] = ['identity', 'relu', 'tanh', 'sigmoid', 'gelu'];

describe('plane-batch kernels', () => {
  it('planeCombine matches the reference on 20 shapes (tolerance 1e-6 abs + 1e-5 rel)', async () => {
    const ctx = await testContext();
    for (const [k, [P, R, C]] of SHAPES.entries()) {
      const coefs = randomArray(3 * P, k + 1, -2, 2);
      const stack = randomArray(3 * R * C, k + 40);
      const act = ACTS[k % ACTS.length];
      const out = ctx.scope(() =>
        planeCombine(ctx.tensor(coefs, [P, 3]), ctx.tensor(stack, [3, R * C]), [P, R, C], act),
      );
      expect(out.shape).toEqual([P, R, C]);
      const got = (await out.read()) as Float32Array;
      out.dispose();
      expect(
        maxRelErr(got, planeCombineRef(coefs, stack, act), 1e-6, 1e-5),
        `[${P}, ${R}, ${C}] ${act}`,
      ).toBeLessThanOrEqual(1);
    }
  });

  it('pointBiasActivation matches the reference on 20 shapes (tolerance 1e-6 abs + 1e-5 rel)', async () => {
    const ctx = await testContext();
    for (const [k, [P, R, C]] of SHAPES.entries()) {
      const x = randomArray(P * R * C, k + 3, -3, 3);
      const bias = randomArray(P * C, k + 70);
      const act = ACTS[(k + 2) % ACTS.length];
      const out = ctx.scope(() => pointBiasActivation(ctx.tensor(x, [P, R, C]), ctx.tensor(bias, [P, C]), act));
      const got = (await out.read()) as Float32Array;
      out.dispose();
      expect(
        maxRelErr(got, pointBiasActivationRef(x, bias, P, C, act), 1e-6, 1e-5),
        `[${P}, ${R}, ${C}] ${act}`,
      ).toBeLessThanOrEqual(1);
    }
    expect(() => ctx.scope(() => pointBiasActivation(ctx.empty([2, 3, 4]), ctx.empty([2, 3]), 'relu'))).toThrow(/bias/);
  });

  it.each(['hidden', 'stack'] as const)(
    'pointHead from a %s input matches the reference on 20 shapes (tolerance 1e-5 abs + 1e-4 rel; correctness exact)',
    async (mode) => {
      const ctx = await testContext();
      for (const [k, [P, R, inw]] of SHAPES.entries()) {
        const C = [1, 2, 3, 10, 17][k % 5];
        const coefs = randomArray(3 * P, k + 2, -2, 2);
        const stack = randomArray(3 * R * inw, k + 4);
        const given = randomArray(P * R * inw, k + 6);
        const weight = randomArray(P * inw * C, k + 8);
        const bias = randomArray(P * C, k + 10);
        // One label in ten is out of range: its loss must be NaN and it never counts as correct.
        const labels = Uint32Array.from(randomArray(R, k + 12, 0, 1), (u) => (u < 0.1 ? C + 1 : Math.floor(u * C)));
        const [hiddenAct, outAct] = [ACTS[k % ACTS.length], ACTS[(k + 1) % ACTS.length]];
        const r = ctx.scope(() =>
          pointHead(
            mode === 'hidden'
              ? { hidden: ctx.tensor(given, [P, R, inw]) }
              : { stack: ctx.tensor(stack, [3, R * inw]), activation: hiddenAct },
            ctx.tensor(coefs, [P, 3]),
            ctx.tensor(weight, [P, inw, C]),
            ctx.tensor(bias, [P, C]),
            ctx.tensor(labels, [R], 'u32'),
            outAct,
          ),
        );
        const [loss, correct] = [(await r.perExample.read()) as Float32Array, (await r.correct.read()) as Float32Array];
        r.perExample.dispose();
        r.correct.dispose();
        const hidden = mode === 'hidden' ? given : planeCombineRef(coefs, stack, hiddenAct);
        const ref = pointHeadRef(hidden, weight, bias, labels, P, C, outAct);
        const label = `${mode} [${P}, ${R}, ${inw}] → ${C}`;
        expect(
          Array.from(loss, (v, i) => Number.isNaN(v) === Number.isNaN(ref.perExample[i])).every(Boolean),
          `${label} NaNs`,
        ).toBe(true);
        const finite = (a: ArrayLike<number>) => Array.from(a, (v, i) => (Number.isNaN(ref.perExample[i]) ? 0 : v));
        expect(maxRelErr(finite(loss), finite(ref.perExample), 1e-5, 1e-4), label).toBeLessThanOrEqual(1);
        expect(Array.from(correct), label).toEqual(Array.from(ref.correct));
      }
    },
  );
});
