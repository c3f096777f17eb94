import { describe, it, expect } from 'vitest';
import { backward } from '../autograd.ts';
import { Linear } from '../nn.ts';
import { crossEntropy } from '../ops/loss.ts';
import { norm2 } from './reduce.ts';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { exampleScores } from './example-scores.ts';
import { exampleScoresRef } from './example-scores.ref.ts';

// Rows × classes × hidden width: none of them a multiple of the 64-thread workgroup.
const SHAPES = [
  [1, 1, 1],
  [1, 10, 3],
  [7, 2, 5],
  [65, 10, 33],
  [130, 3, 1],
  [33, 100, 17],
  [200, 7, 64],
];

const labelsFor = (rows: number, cols: number, seed: number) =>
  Uint32Array.from(randomArray(rows, seed, 0, cols), Math.floor);

describe('example scores (EL2N, last-layer GraNd)', () => {
  it('match the reference on random shapes, at an offset, overwriting and summing', async () => {
    const ctx = await testContext();
    for (const [s, [rows, cols, width]] of SHAPES.entries()) {
      const z = randomArray(rows * cols, 10 + s, -6, 6);
      const h = randomArray(rows * width, 20 + s, -2, 2);
      const y = labelsFor(rows, cols, 30 + s);
      const offset = 3 + s;
      const total = offset + rows + 2;
      const prior = randomArray(total, 40 + s, 0, 1);
      const [el2n, grand, summed] = await Promise.all(
        ctx.scope(() => {
          const [zt, yt, ht] = [
            ctx.tensor(z, [rows, cols]),
            ctx.tensor(y, [rows], 'u32'),
            ctx.tensor(h, [rows, width]),
          ];
          const a = ctx.tensor(prior).keep();
          const b = ctx.tensor(prior).keep();
          const c = ctx.tensor(prior).keep();
          exampleScores(zt, yt, a, { offset, keep: 0 });
          exampleScores(zt, yt, b, { offset, keep: 0, hidden: ht });
          exampleScores(zt, yt, c, { offset, keep: 1 });
          exampleScores(zt, yt, c, { offset, keep: 0.5 });
          return [a, b, c].map(async (t) => {
            const v = (await t.read()) as Float32Array;
            t.dispose();
            return v;
          });
        }),
      );
      const e = exampleScoresRef(z, y, cols);
      const g = exampleScoresRef(z, y, cols, { h, width });
      const at = (v: Float32Array) => v.subarray(offset, offset + rows);
      const shape = `[${rows}, ${cols}] H=${width}`;
      expect(maxRelErr(at(el2n), e, 1e-6, 1e-5), `EL2N ${shape}`).toBeLessThanOrEqual(1);
      expect(maxRelErr(at(grand), g, 1e-6, 1e-5), `GraNd ${shape}`).toBeLessThanOrEqual(1);
      // keep = 1 adds to the prior, then keep = 0.5 halves that sum before adding again.
      const want = Float64Array.from(e, (v, i) => 0.5 * (prior[offset + i] + v) + v);
      expect(maxRelErr(at(summed), want, 1e-6, 1e-5), `summed ${shape}`).toBeLessThanOrEqual(1);
      // Rows outside [offset, offset + rows) are untouched.
      for (const v of [el2n, grand, summed]) {
        expect([...v.subarray(0, offset), ...v.subarray(offset + rows)]).toEqual([
          ...prior.subarray(0, offset),
          ...prior.subarray(offset + rows),
        ]);
      }
    }
  });

  it('EL2N is 0 for a confident right answer, √2 for a confident wrong one, NaN for a bad label', async () => {
    const ctx = await testContext();
    const scores = ctx.empty([3]).keep();
    ctx.scope(() =>
      exampleScores(ctx.tensor([50, 0, 0, 50, 0, 0], [3, 2]), ctx.tensor([0, 0, 2], [3], 'u32'), scores, {
        offset: 0,
        keep: 0,
      }),
    );
    const v = (await scores.read()) as Float32Array;
    scores.dispose();
    expect(v[0]).toBeCloseTo(0, 6);
    expect(v[1]).toBeCloseTo(Math.SQRT2, 5);
    expect(Number.isNaN(v[2])).toBe(true);
  });

  it('last-layer GraNd equals the norm of the autograd gradient of (W, b) for one example', async () => {
    const ctx = await testContext();
    for (const [s, [inputs, classes]] of [
      [5, 3],
      [17, 10],
      [64, 7],
    ].entries()) {
      const h = randomArray(inputs, 50 + s, -1.5, 1.5);
      const label = s % classes;
      const [want, got] = await Promise.all(
        ctx.scope(() => {
          const layer = new Linear(ctx, 'fc', inputs, classes, { seed: 60 + s, streamBase: 0 });
          const ht = ctx.tensor(h, [1, inputs]);
          const yt = ctx.tensor([label], [1], 'u32');
          const logits = layer.forward(ht);
          backward(crossEntropy(logits, yt).loss);
          const gw = norm2(layer.weight.grad!);
          const gb = norm2(layer.bias!.grad!);
          const score = ctx.empty([1]).keep();
          exampleScores(logits, yt, score, { offset: 0, keep: 0, hidden: ht });
          const both = Promise.all([gw.read(), gb.read()]).then(([w, b]) => [Math.hypot(w[0], b[0])]);
          layer.weight.dispose();
          layer.bias!.dispose();
          return [both, score.read().finally(() => score.dispose())];
        }),
      );
      expect(
        maxRelErr(got as Float32Array, want as number[], 1e-6, 1e-5),
        `in=${inputs} C=${classes}`,
      ).toBeLessThanOrEqual(1);
    }
  });
});
