import { describe, it, expect } from 'vitest';
import { grid } from '../grid.ts';
import { sizeOf } from '../tensor.ts';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import {
  add,
  addScalar,
  axpby,
  binary,
  fill,
  mul,
  scale,
  unary,
  unaryGrad,
  type BinaryOp,
  type UnaryOp,
} from './elementwise.ts';
import { binaryArrRef, binaryRef, derivRef, mapRef, unaryRef } from './elementwise.ref.ts';

/** Forward results: |gpu − ref| ≤ 1e-6 + 1e-5·|ref|. Gradients compound one more rounding: 1e-5 + 1e-4·|ref|. */
const ATOL = 1e-6;
const RTOL = 1e-5;

const SHAPES = [
  [1],
  [3],
  [17],
  [65],
  [130],
  [257],
  [1000],
  [4099],
  [2, 3],
  [4, 17],
  [3, 65],
  [7, 130],
  [2, 3, 5],
  [257, 4],
  [1000, 3],
  [33, 33],
  [5, 1],
  [1, 9],
  [64, 64],
  [3, 7, 11],
  [10, 100],
];
const OPS: UnaryOp[] = [
  'relu',
  'gelu',
  'tanh',
  'sigmoid',
  'gauss',
  'square',
  'neg',
  'exp',
  'log',
  'abs',
  'sqrt',
  'identity',
];
const positive = (op: UnaryOp) => op === 'log' || op === 'sqrt';

describe('elementwise kernels', () => {
  it('unary ops match the reference on 21 shapes', async () => {
    const ctx = await testContext();
    for (const op of OPS) {
      for (const [s, shape] of SHAPES.entries()) {
        const data = randomArray(sizeOf(shape), 100 + s, positive(op) ? 0.05 : -6, 6);
        const got = await ctx.scope(() => unary(op, ctx.tensor(data, shape))).read();
        const e = maxRelErr(got, mapRef(data, unaryRef[op]), ATOL, RTOL);
        expect(e, `${op} [${shape}]`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('activations stay finite and saturate at extreme inputs', async () => {
    const ctx = await testContext();
    const data = new Float32Array([-1e30, -1e20, -1e4, -100, -20, 0, 20, 100, 1e4, 1e20, 1e30]);
    for (const op of ['relu', 'gelu', 'tanh', 'sigmoid', 'gauss'] as const) {
      const x = ctx.tensor(data);
      const y = unary(op, x);
      const gy = unaryGrad(op, x, y, ctx.tensor(new Float32Array(data.length).fill(1)));
      const [yv, gv] = [await y.read(), await gy.read()];
      expect(yv.every(Number.isFinite) && gv.every(Number.isFinite), op).toBe(true);
      expect(maxRelErr(yv, mapRef(data, unaryRef[op]), ATOL, RTOL), op).toBeLessThanOrEqual(1);
      expect(maxRelErr(gv, mapRef(data, derivRef[op]), 1e-5, 1e-4), `${op}'`).toBeLessThanOrEqual(1);
    }
  });

  it('unary gradients match the analytic derivative', async () => {
    const ctx = await testContext();
    for (const op of OPS) {
      for (const [s, shape] of SHAPES.slice(0, 12).entries()) {
        const n = sizeOf(shape);
        const x = randomArray(n, 200 + s, positive(op) ? 0.05 : -6, 6);
        const g = randomArray(n, 300 + s);
        const got = await ctx
          .scope(() => {
            const xt = ctx.tensor(x, shape);
            return unaryGrad(op, xt, unary(op, xt), ctx.tensor(g, shape));
          })
          .read();
        const want = Float64Array.from(x, (v, i) => derivRef[op](v) * g[i]);
        expect(maxRelErr(got, want, 1e-5, 1e-4), `${op}' [${shape}]`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('binary ops with same-shape, row and scalar operands', async () => {
    const ctx = await testContext();
    for (const op of Object.keys(binaryRef) as BinaryOp[]) {
      for (const [s, shape] of SHAPES.entries()) {
        const n = sizeOf(shape);
        const a = randomArray(n, 400 + s, -3, 3);
        const cols = shape[shape.length - 1];
        for (const bShape of [shape, [cols], [1]]) {
          // Keep divisors away from zero so the relative tolerance means something.
          const b = randomArray(sizeOf(bShape), 500 + s, 0.5, 2).map((v, i) => (i % 2 ? v : -v));
          const got = await ctx.scope(() => binary(op, ctx.tensor(a, shape), ctx.tensor(b, bShape))).read();
          expect(
            maxRelErr(got, binaryArrRef(op, a, b), ATOL, RTOL),
            `${op} [${shape}] by [${bShape}]`,
          ).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('rejects operands that do not broadcast', async () => {
    const ctx = await testContext();
    const a = ctx.empty([4, 3]);
    expect(() => binary('add', a, ctx.empty([4]))).toThrow(/cannot broadcast/);
    expect(() => binary('add', a, ctx.empty([2, 6]))).toThrow(/cannot broadcast/);
    expect(() => unary('relu', ctx.empty([3], 'u32'))).toThrow(/f32/);
  });

  it('add, mul, scale, addScalar, axpby and fill', async () => {
    const ctx = await testContext();
    for (const n of [1, 3, 17, 65, 130, 257, 1000, 4099]) {
      const x = randomArray(n, n, -2, 2);
      const y = randomArray(n, n + 1, -2, 2);
      const [xt, yt] = [ctx.tensor(x), ctx.tensor(y)];
      const check = async (t: ReturnType<typeof add>, f: (i: number) => number, what: string) =>
        expect(
          maxRelErr(
            await t.read(),
            Float64Array.from(x, (_, i) => f(i)),
            ATOL,
            RTOL,
          ),
          `${what} n=${n}`,
        ).toBeLessThanOrEqual(1);
      await check(add(xt, yt), (i) => x[i] + y[i], 'add');
      await check(mul(xt, yt), (i) => x[i] * y[i], 'mul');
      await check(scale(xt, -0.37), (i) => -0.37 * x[i], 'scale');
      await check(addScalar(xt, 1.25), (i) => x[i] + 1.25, 'addScalar');
      await check(axpby(0.9, xt, -0.1, yt), (i) => 0.9 * x[i] - 0.1 * y[i], 'axpby');
      await check(fill(ctx, [n], 3.5), () => 3.5, 'fill');
    }
  });

  it('covers tensors larger than one grid dimension of workgroups', async () => {
    const ctx = await testContext();
    const n = 65535 * 256 + 4099;
    expect(grid(n, 256)[1]).toBeGreaterThan(1);
    const got = await ctx.scope(() => addScalar(fill(ctx, [n], 2), 1)).read();
    expect(got.length).toBe(n);
    expect(got.every((v) => v === 3)).toBe(true);
  });
});
