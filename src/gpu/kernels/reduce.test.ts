import { describe, it, expect } from 'vitest';
import { sizeOf, type Tensor } from '../tensor.ts';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { argmax, columnRun, expand, max, mean, norm2, sum, sumToShape } from './reduce.ts';
import { absSumOf, argmaxOf, maxOf, reduceRef, sumOf, viewOf } from './reduce.ref.ts';

/** Sums: |gpu − ref| ≤ 1e-6 + 1e-5 · Σ|x| over the reduced line (cancellation makes |ref| meaningless). */
function sumErr(got: ArrayLike<number>, want: ArrayLike<number>, absSum: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1e-6 + 1e-5 * absSum[i]));
  return Number.isNaN(worst) ? Infinity : worst;
}

/** Read and free. */
async function readAll(ts: Tensor[]): Promise<Float32Array[]> {
  const out = await Promise.all(ts.map((t) => t.read() as Promise<Float32Array>));
  ts.forEach((t) => t.dispose());
  return out;
}

const FULL_SIZES = [1, 3, 17, 63, 64, 65, 130, 257, 1000, 4096, 4099, 5000, 65_537, 1_000_003];
/** [shape, axis]: last axes (rows), axis 0 of matrices (columns), middle axes and 1-D. */
const AXIS_CASES: Array<[number[], number]> = [
  [[1], 0],
  [[3], 0],
  [[17], 0],
  [[4099], 0],
  [[70_000], 0],
  [[1, 1], 1],
  [[3, 17], 1],
  [[17, 3], 1],
  [[8, 65], 1],
  [[5, 130], 1],
  [[2, 257], 1],
  [[3, 1000], 1],
  [[2, 4099], 1],
  [[1000, 10], 1],
  [[130, 64], 1],
  [[65, 3], 0],
  [[257, 17], 0],
  [[4099, 3], 0],
  [[1000, 130], 0],
  [[3, 5, 7], 1],
  [[4, 65, 3], 1],
  [[2, 3, 130], 2],
  [[17, 2, 3], 0],
  [[3, 4, 5], -1],
  [[3, 5000, 2], 1],
];

describe('reduce kernels', () => {
  it('full sum, mean, max and norm2 match the reference', async () => {
    const ctx = await testContext();
    for (const n of FULL_SIZES) {
      const x = randomArray(n, n, -2, 3);
      const outs = ctx.scope(() => {
        const t = ctx.tensor(x);
        return [sum(t), mean(t), max(t), norm2(t)];
      });
      const [s, m, mx, nr] = await readAll(outs);
      const abs = absSumOf([...x]);
      const ref = sumOf([...x]);
      expect(sumErr(s, [ref], [abs]), `sum n=${n}`).toBeLessThanOrEqual(1);
      expect(sumErr(m, [ref / n], [abs / n]), `mean n=${n}`).toBeLessThanOrEqual(1);
      expect(mx[0], `max n=${n}`).toBe(maxOf([...x]));
      expect(maxRelErr(nr, [Math.sqrt(x.reduce((a, v) => a + v * v, 0))], 0, 1e-5), `norm2 n=${n}`).toBeLessThanOrEqual(
        1,
      );
    }
  });

  it(`axis reductions match the reference on ${AXIS_CASES.length} shapes (long columns in partial runs: ${AXIS_CASES.filter(([sh, ax]) => columnRun(sh.at(ax)!, sizeOf(sh) / sh.at(ax)!) < sh.at(ax)!).length} of them)`, async () => {
    const ctx = await testContext();
    for (const [c, [shape, axis]] of AXIS_CASES.entries()) {
      const x = randomArray(sizeOf(shape), 50 + c, -2, 3);
      // Few distinct values, so argmax sees ties.
      const q = x.map((v) => Math.round(v * 2));
      const v = viewOf(shape, axis < 0 ? axis + shape.length : axis);
      const outs = ctx.scope(() => {
        const t = ctx.tensor(x, shape);
        return [sum(t, axis), mean(t, axis), max(t, axis), argmax(ctx.tensor(q, shape), axis)];
      });
      const want = shape.filter((_, i) => i !== (axis < 0 ? axis + shape.length : axis));
      for (const o of outs) expect(o.shape).toEqual(want.length ? want : [1]);
      const [s, m, mx, am] = await readAll(outs);
      const abs = reduceRef(x, v, absSumOf);
      const ref = reduceRef(x, v, sumOf);
      expect(sumErr(s, ref, abs), `sum [${shape}] axis ${axis}`).toBeLessThanOrEqual(1);
      expect(
        sumErr(
          m,
          ref.map((r) => r / v.len),
          abs.map((r) => r / v.len),
        ),
        `mean [${shape}] axis ${axis}`,
      ).toBeLessThanOrEqual(1);
      expect([...mx], `max [${shape}] axis ${axis}`).toEqual([...reduceRef(x, v, maxOf)].map(Math.fround));
      expect([...am], `argmax [${shape}] axis ${axis}`).toEqual([...reduceRef(q, v, argmaxOf)]);
    }
  });

  it('cuts a long axis over few columns into runs of at least 64, and leaves it whole where outputs are many', () => {
    expect(columnRun(4099, 3)).toBe(64);
    expect(columnRun(131072, 16)).toBe(128);
    expect(columnRun(100, 20000)).toBe(100);
    expect(columnRun(63, 1)).toBe(63);
  });

  it('is deterministic: the same reduction twice is bit-identical', async () => {
    const ctx = await testContext();
    const x = randomArray(1_000_003, 9, -1, 1);
    const t = ctx.tensor(x);
    const m = ctx.tensor(x.subarray(0, 999 * 1000), [999, 1000]);
    const runs = await Promise.all([sum(t), sum(t), sum(m, 0), sum(m, 0), sum(m, 1), sum(m, 1)].map((r) => r.read()));
    for (let i = 0; i < runs.length; i += 2)
      expect(new Uint32Array(runs[i].buffer)).toEqual(new Uint32Array(runs[i + 1].buffer));
    t.dispose();
    m.dispose();
  });

  it('has more outputs than one grid dimension of workgroups holds', async () => {
    const ctx = await testContext();
    const rows = 65535 * 256 + 17;
    const x = randomArray(rows * 2, 3, 0, 1);
    const got = await readAll(ctx.scope(() => [max(ctx.tensor(x, [rows, 2]), 1)]));
    expect(got[0].every((v, i) => v === Math.max(x[2 * i], x[2 * i + 1]))).toBe(true);
  });

  it('sumToShape sums leading axes and expand broadcasts back', async () => {
    const ctx = await testContext();
    const x = randomArray(6 * 4 * 5, 4, -1, 1);
    const outs = ctx.scope(() => {
      const t = ctx.tensor(x, [6, 4, 5]);
      return [
        sumToShape(t, [5], -2),
        sumToShape(t, [1]),
        expand(ctx.tensor([1, 2, 3, 4, 5, 6], [2, 3]), [2, 4, 3], 1, 0.5),
        expand(ctx.tensor([2]), [3, 2], undefined),
      ];
    });
    const [cs, sc, ex, exAll] = await readAll(outs);
    const v = { outer: 1, len: 24, inner: 5 };
    expect(
      sumErr(
        cs,
        reduceRef(x, v, sumOf).map((r) => -2 * r),
        reduceRef(x, v, absSumOf).map((r) => 2 * r),
      ),
    ).toBeLessThanOrEqual(1);
    expect(sumErr(sc, [sumOf([...x])], [absSumOf([...x])])).toBeLessThanOrEqual(1);
    expect([...ex]).toEqual([
      0.5, 1, 1.5, 0.5, 1, 1.5, 0.5, 1, 1.5, 0.5, 1, 1.5, 2, 2.5, 3, 2, 2.5, 3, 2, 2.5, 3, 2, 2.5, 3,
    ]);
    expect([...exAll]).toEqual([2, 2, 2, 2, 2, 2]);
  });
});
