import { describe, it, expect } from 'vitest';
import { sizeOf, type Tensor } from '../tensor.ts';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import {
  SHORT_ROW,
  mse,
  mseGrad,
  softmax,
  softmaxCrossEntropy,
  softmaxCrossEntropyGrad,
  softmaxGrad,
} from './softmax.ts';
import { crossEntropyRef, mseRowsRef, softmaxGradRef, softmaxRef } from './softmax.ref.ts';

/** Probabilities and gradients: 1e-6 + 1e-5·|ref|; losses (log of a sum): 1e-5 + 1e-5·|ref|. */
const ATOL = 1e-6;
const RTOL = 1e-5;

async function readAll(ts: Tensor[]): Promise<Float32Array[]> {
  const out = await Promise.all(ts.map((t) => t.read() as Promise<Float32Array>));
  ts.forEach((t) => t.dispose());
  return out;
}

const SHAPES = [
  [1, 1],
  [1, 3],
  [3, 1],
  [2, 17],
  [17, 2],
  [4, 10],
  [5, 65],
  [3, 130],
  [2, 257],
  [2, 1000],
  [1, 4099],
  [65, 10],
  [130, 3],
  [257, 2],
  [7],
  [3, 4, 5],
  [33, 33],
  [64, 64],
  [9, 100],
  [128, 10],
  [6, 63],
  [5, 64],
];

/** Logits with ties (rounded to halves) and one row with a huge entry. */
function logits(shape: number[], seed: number): Float32Array {
  const x = randomArray(sizeOf(shape), seed, -4, 4).map((v) => Math.round(v * 2) / 2);
  if (shape[0] > 1) x[shape[1] + (seed % shape[1])] = 1e4;
  return x;
}

function labelsFor(rows: number, cols: number, seed: number): Uint32Array {
  return Uint32Array.from(randomArray(rows, seed, 0, cols), Math.floor);
}

describe('softmax and loss kernels', () => {
  it('the shapes cover both row kernels: one thread per short row, one workgroup per long row', () => {
    const cols = SHAPES.map((s) => s[s.length - 1]);
    expect(cols.filter((c) => c <= SHORT_ROW).length).toBeGreaterThanOrEqual(10);
    expect(cols.filter((c) => c > SHORT_ROW).length).toBeGreaterThanOrEqual(3);
    // mse views [3, 4, 5] as 3 rows of 20; the long shapes stay long there too.
    expect(SHAPES.filter((s) => s.length === 2 && s[1] > SHORT_ROW).length).toBeGreaterThanOrEqual(3);
  });

  it('softmax and its gradient match the reference on 22 shapes', async () => {
    const ctx = await testContext();
    for (const [s, shape] of SHAPES.entries()) {
      const cols = shape[shape.length - 1];
      const x = randomArray(sizeOf(shape), 10 + s, -8, 8);
      const g = randomArray(sizeOf(shape), 20 + s);
      const [y, gx] = await readAll(
        ctx.scope(() => {
          const y = softmax(ctx.tensor(x, shape));
          return [y, softmaxGrad(y, ctx.tensor(g, shape))];
        }),
      );
      expect(maxRelErr(y, softmaxRef(x, cols), ATOL, RTOL), `softmax [${shape}]`).toBeLessThanOrEqual(1);
      expect(maxRelErr(gx, softmaxGradRef(y, g, cols), ATOL, RTOL), `softmaxGrad [${shape}]`).toBeLessThanOrEqual(1);
    }
  });

  it('cross-entropy: loss, per-example loss, correctness and probs with ties and a 1e4 logit', async () => {
    const ctx = await testContext();
    for (const [s, shape] of SHAPES.filter((sh) => sh.length === 2).entries()) {
      const [rows, cols] = shape;
      const x = logits(shape, 30 + s);
      const labels = labelsFor(rows, cols, 40 + s);
      // Make some labels hit a tied maximum, so "first index on ties" decides correctness.
      labels[0] = x.subarray(0, cols).indexOf(Math.max(...x.subarray(0, cols)));
      const [loss, per, correct, probs] = await readAll(
        ctx.scope(() => {
          const r = softmaxCrossEntropy(ctx.tensor(x, shape), ctx.tensor(labels, [rows], 'u32'));
          return [r.loss, r.perExample, r.correct, r.probs];
        }),
      );
      const ref = crossEntropyRef(x, labels, cols);
      expect(per.every(Number.isFinite), `finite [${shape}]`).toBe(true);
      expect(maxRelErr(per, ref.perExample, 1e-5, 1e-5), `perExample [${shape}]`).toBeLessThanOrEqual(1);
      expect([...correct], `correct [${shape}]`).toEqual([...ref.correct]);
      expect(
        maxRelErr(loss, [ref.perExample.reduce((a, b) => a + b) / rows], 1e-5, 1e-5),
        `loss [${shape}]`,
      ).toBeLessThanOrEqual(1);
      expect(maxRelErr(probs, softmaxRef(x, cols), ATOL, RTOL), `probs [${shape}]`).toBeLessThanOrEqual(1);
    }
  });

  it('cross-entropy of an out-of-range label is NaN and reads nothing out of bounds', async () => {
    const ctx = await testContext();
    const x = randomArray(12, 5);
    const [loss, per, correct] = await readAll(
      ctx.scope(() => {
        const r = softmaxCrossEntropy(ctx.tensor(x, [3, 4]), ctx.tensor([1, 4, 2 ** 32 - 1], [3], 'u32'));
        return [r.loss, r.perExample, r.correct];
      }),
    );
    expect(Number.isFinite(per[0])).toBe(true);
    expect(Number.isNaN(per[1]) && Number.isNaN(per[2]) && Number.isNaN(loss[0])).toBe(true);
    expect([correct[1], correct[2]]).toEqual([0, 0]);
  });

  it('cross-entropy gradient is (probs − onehot)·scale·g', async () => {
    const ctx = await testContext();
    for (const [rows, cols] of [
      [1, 1],
      [3, 17],
      [65, 10],
      [2, 1000],
      [130, 3],
    ]) {
      const p = randomArray(rows * cols, rows + cols, 0, 1);
      const labels = labelsFor(rows, cols, cols);
      const [g1, g2] = await readAll(
        ctx.scope(() => {
          const [pt, lt] = [ctx.tensor(p, [rows, cols]), ctx.tensor(labels, [rows], 'u32')];
          return [softmaxCrossEntropyGrad(pt, lt, 1 / rows), softmaxCrossEntropyGrad(pt, lt, 0.5, ctx.tensor([3]))];
        }),
      );
      const want = (sc: number) =>
        Float64Array.from(p, (v, i) => (v - (labels[Math.floor(i / cols)] === i % cols ? 1 : 0)) * sc);
      expect(maxRelErr(g1, want(1 / rows), ATOL, RTOL)).toBeLessThanOrEqual(1);
      expect(maxRelErr(g2, want(1.5), ATOL, RTOL)).toBeLessThanOrEqual(1);
    }
  });

  it('mse loss, per-example loss and gradient', async () => {
    const ctx = await testContext();
    for (const [s, shape] of SHAPES.entries()) {
      const n = sizeOf(shape);
      const [p, t] = [randomArray(n, 60 + s, -2, 2), randomArray(n, 70 + s, -2, 2)];
      const [loss, per, grad] = await readAll(
        ctx.scope(() => {
          const [pt, tt] = [ctx.tensor(p, shape), ctx.tensor(t, shape)];
          const r = mse(pt, tt);
          return [r.loss, r.perExample, mseGrad(pt, tt, ctx.tensor([0.5]))];
        }),
      );
      const perRef = mseRowsRef(p, t, shape[0]);
      expect(maxRelErr(per, perRef, ATOL, RTOL), `mse rows [${shape}]`).toBeLessThanOrEqual(1);
      expect(
        maxRelErr(loss, [perRef.reduce((a, b) => a + b) / shape[0]], ATOL, RTOL),
        `mse [${shape}]`,
      ).toBeLessThanOrEqual(1);
      expect(
        maxRelErr(
          grad,
          Float64Array.from(p, (v, i) => (v - t[i]) / n),
          ATOL,
          RTOL,
        ),
        `mse grad [${shape}]`,
      ).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic: the same loss twice is bit-identical', async () => {
    const ctx = await testContext();
    const [rows, cols] = [300, 37];
    const x = ctx.tensor(randomArray(rows * cols, 3, -5, 5), [rows, cols]);
    const l = ctx.tensor(labelsFor(rows, cols, 4), [rows], 'u32');
    const [a, b] = await readAll([softmaxCrossEntropy(x, l).loss, softmaxCrossEntropy(x, l).loss]);
    expect(new Uint32Array(a.buffer)).toEqual(new Uint32Array(b.buffer));
    x.dispose();
    l.dispose();
  });
});
