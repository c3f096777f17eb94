import { describe, it, expect } from 'vitest';
import { sizeOf, type Tensor } from '../tensor.ts';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import {
  batchNormApply,
  batchNormBackward,
  batchNormStats,
  layerNorm,
  layerNormBackward,
  rowChunks,
  runningStats,
} from './norm.ts';
import { batchNormBackwardRef, batchNormRef, batchStatsRef, layerNormBackwardRef, layerNormRef } from './norm.ref.ts';

/** f32 row sums of ≤ 1000 terms, column sums of ≤ 128-row partials, around an offset: 1e-4 absolute + 1e-4 relative. */
const ATOL = 1e-4;
const RTOL = 1e-4;
const EPS = 1e-5;

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
  [65, 3],
  [130, 4],
  [3, 4, 5],
  [2, 3, 3, 8],
  [1, 5, 5, 3],
  [7],
  [33, 33],
  [9, 64],
  [257, 2],
  [4, 2, 2, 17],
  [6, 1],
  [1, 1000],
  [2, 7, 7, 16],
];
/**
 * Shapes whose rows split into several chunks for the column sums, the last one short (see
 * rowChunks). LayerNorm's are wider: over 3 features, some of 5000 random rows have so little
 * variance that the row-wise gradient amplifies rounding past the tolerance, chunks or not.
 */
const LN_SHAPES = [...SHAPES, [2000, 9], [300, 70], [4, 16, 16, 16]];
const BN_SHAPES = [...SHAPES, [5000, 3], [2, 33, 35, 5], [300, 70], [4, 16, 16, 16]];

describe('LayerNorm kernels', () => {
  it(`forward, statistics and backward match the reference on ${LN_SHAPES.length} shapes`, async () => {
    const ctx = await testContext();
    for (const [s, shape] of LN_SHAPES.entries()) {
      const D = shape[shape.length - 1];
      // An offset of 3 checks the two-pass variance.
      const x = randomArray(sizeOf(shape), 10 + s, 2, 4);
      const w = randomArray(D, 20 + s, 0.5, 1.5);
      const b = randomArray(D, 30 + s);
      const gy = randomArray(sizeOf(shape), 40 + s);
      const [y, stats, gx, gw, gb] = await readAll(
        ctx.scope(() => {
          const [xt, wt] = [ctx.tensor(x, shape), ctx.tensor(w)];
          const r = layerNorm(xt, wt, ctx.tensor(b), EPS);
          const g = layerNormBackward(xt, wt, r.stats, ctx.tensor(gy, shape));
          return [r.y, r.stats, g.gx, g.gw, g.gb];
        }),
      );
      const ref = layerNormRef(x, w, b, EPS);
      const gref = layerNormBackwardRef(x, w, gy, EPS);
      const refStats = Float64Array.from(
        { length: 2 * ref.mean.length },
        (_, i) => (i % 2 ? ref.rstd : ref.mean)[i >> 1],
      );
      // With D ≤ 2 the normalized row is 0 or ±1 whatever x is: gx is exactly 0 and what the GPU
      // returns is rounding noise times rstd (up to 1/√eps), so compare loosely.
      const tol = D <= 2 ? 1e-2 : 1;
      expect(maxRelErr(y, ref.y, ATOL, RTOL) * tol, `y [${shape}]`).toBeLessThanOrEqual(1);
      expect(maxRelErr(stats, refStats, ATOL, RTOL) * tol, `stats [${shape}]`).toBeLessThanOrEqual(1);
      expect(maxRelErr(gx, gref.gx, ATOL, RTOL) * tol, `gx [${shape}]`).toBeLessThanOrEqual(1);
      expect(maxRelErr(gw, gref.gw, ATOL, RTOL) * tol, `gw [${shape}]`).toBeLessThanOrEqual(1);
      expect(maxRelErr(gb, gref.gb, ATOL, RTOL), `gb [${shape}]`).toBeLessThanOrEqual(1);
    }
  });
});

describe('BatchNorm kernels ([N, C] and NHWC, channels last)', () => {
  it('splits the rows of every channel into chunks that cover them exactly, several where there are many rows', () => {
    for (const [R, C] of [
      [1, 1],
      [63, 4],
      [64, 1],
      [65, 1],
      [5000, 3],
      [131072, 16],
      [8192, 64],
      [300, 70],
      [7, 100000],
    ]) {
      const { chunk, P } = rowChunks(R, C);
      expect(P * chunk).toBeGreaterThanOrEqual(R);
      expect((P - 1) * chunk).toBeLessThan(R);
      if (R >= 128) expect(P).toBeGreaterThan(1);
    }
    expect(rowChunks(131072, 16)).toEqual({ chunk: 128, P: 1024 });
  });

  it(`train and eval forward, running statistics and backward match the reference on ${BN_SHAPES.length} shapes`, async () => {
    const ctx = await testContext();
    const momentum = 0.1;
    for (const [s, shape] of BN_SHAPES.entries()) {
      const C = shape[shape.length - 1];
      const R = sizeOf(shape) / C;
      const x = randomArray(sizeOf(shape), 50 + s, 2, 4);
      const w = randomArray(C, 60 + s, 0.5, 1.5);
      const b = randomArray(C, 70 + s);
      const gy = randomArray(sizeOf(shape), 80 + s);
      const rm0 = randomArray(C, 90 + s);
      const rv0 = randomArray(C, 95 + s, 0.5, 2);
      const [stats, yTrain, gx, gw, gb, rm, rv, yEval, gxEval] = await readAll(
        ctx.scope(() => {
          const [xt, wt, bt, gt] = [ctx.tensor(x, shape), ctx.tensor(w), ctx.tensor(b), ctx.tensor(gy, shape)];
          const [rmt, rvt] = [ctx.tensor(rm0), ctx.tensor(rv0)];
          const st = batchNormStats(xt, rmt, rvt, momentum);
          const g = batchNormBackward(xt, st, wt, gt, EPS, true);
          const ev = runningStats(rmt, rvt);
          return [
            st,
            batchNormApply(xt, st, wt, bt, EPS),
            g.gx,
            g.gw,
            g.gb,
            rmt,
            rvt,
            batchNormApply(xt, ev, wt, bt, EPS),
            batchNormBackward(xt, ev, wt, gt, EPS, false).gx,
          ];
        }),
      );
      const { mean, variance } = batchStatsRef(x, C);
      const unbiased = variance.map((v) => (R > 1 ? (v * R) / (R - 1) : v));
      const rmRef = rm0.map((v, c) => (1 - momentum) * v + momentum * mean[c]);
      const rvRef = rv0.map((v, c) => (1 - momentum) * v + momentum * unbiased[c]);
      // As for LayerNorm, R ≤ 2 rows make the normalized output independent of x.
      const tol = R <= 2 ? 1e-2 : 1;
      expect(maxRelErr(stats, [...mean, ...variance], ATOL, RTOL), `stats [${shape}]`).toBeLessThanOrEqual(1);
      expect(
        maxRelErr(yTrain, batchNormRef(x, mean, variance, w, b, EPS), ATOL, RTOL) * tol,
        `y train [${shape}]`,
      ).toBeLessThanOrEqual(1);
      expect(maxRelErr(rm, rmRef, ATOL, RTOL), `running mean [${shape}]`).toBeLessThanOrEqual(1);
      expect(maxRelErr(rv, rvRef, ATOL, RTOL), `running var [${shape}]`).toBeLessThanOrEqual(1);
      const gref = batchNormBackwardRef(x, mean, variance, w, gy, EPS, true);
      expect(maxRelErr(gx, gref.gx, ATOL, RTOL) * tol, `gx [${shape}]`).toBeLessThanOrEqual(1);
      expect(maxRelErr(gw, gref.gw, ATOL, RTOL) * tol, `gw [${shape}]`).toBeLessThanOrEqual(1);
      expect(maxRelErr(gb, gref.gb, ATOL, RTOL), `gb [${shape}]`).toBeLessThanOrEqual(1);
      expect(
        maxRelErr(yEval, batchNormRef(x, rmRef, rvRef, w, b, EPS), ATOL, RTOL),
        `y eval [${shape}]`,
      ).toBeLessThanOrEqual(1);
      const eref = batchNormBackwardRef(x, rmRef, rvRef, w, gy, EPS, false);
      expect(maxRelErr(gxEval, eref.gx, ATOL, RTOL), `gx eval [${shape}]`).toBeLessThanOrEqual(1);
    }
  });
});
