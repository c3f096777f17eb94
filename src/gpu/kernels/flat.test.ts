import { describe, it, expect } from 'vitest';
import { testContext, randomArray, maxRelErr } from '../testing.ts';
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { fill, flatAxpby, flatCopy, flatDot, flatFill, flatLerp, flatNorm, flatten, unflatten } from './flat.ts';
import { axpbyRef, dotRef, lerpRef, normRef } from './flat.ref.ts';

// Parameter lists of awkward sizes; one crosses several reduction chunks (4096).
const LISTS: number[][] = [
  [1],
  [3],
  [17, 65],
  [130, 1, 257],
  [4096],
  [4097, 3],
  [10_000, 17, 1, 9000],
  [65, 65, 65, 65, 65],
  [0, 5],
  [257, 130, 17, 3, 1, 2, 8193],
  ...Array.from({ length: 10 }, (_, k) => [1 + ((k * 7919) % 3000), 1 + ((k * 104729) % 500)]),
];

function upload(ctx: GpuContext, sizes: number[], seed: number): { data: Float32Array[]; ts: Tensor[] } {
  const data = sizes.map((n, i) => randomArray(n, seed * 31 + i));
  return { data, ts: data.map((d) => ctx.tensor(d)) };
}

const readAll = (ts: Tensor[]): Promise<Float32Array[]> =>
  Promise.all(ts.map((t) => t.read() as Promise<Float32Array>));
const concat = (xs: Float32Array[]): Float32Array => Float32Array.from(xs.flatMap((x) => [...x]));

describe('flat kernels', () => {
  it('axpby, lerp and copy match the reference on 20 lists', async () => {
    const ctx = await testContext();
    for (const [k, sizes] of LISTS.entries()) {
      const x = upload(ctx, sizes, k);
      const y = upload(ctx, sizes, k + 100);
      const a = -0.7 + k * 0.1;
      const b = 1.3 - k * 0.05;
      flatAxpby(a, x.ts, b, y.ts);
      expect(
        maxRelErr(concat(await readAll(y.ts)), concat(axpbyRef(a, x.data, b, y.data)), 1e-6, 1e-6),
      ).toBeLessThanOrEqual(1);

      const out = sizes.map((n) => ctx.empty([n]));
      const t = (k % 5) / 4;
      flatLerp(out, x.ts, y.ts, t);
      const yNow = await readAll(y.ts);
      expect(maxRelErr(concat(await readAll(out)), concat(lerpRef(x.data, yNow, t)), 1e-6, 1e-6)).toBeLessThanOrEqual(
        1,
      );

      flatCopy(out, x.ts);
      expect(concat(await readAll(out))).toEqual(concat(x.data));
      [...x.ts, ...y.ts, ...out].forEach((t) => t.dispose());
    }
  });

  it('dot and norm match the reference and are bit-reproducible', async () => {
    const ctx = await testContext();
    for (const [k, sizes] of LISTS.entries()) {
      const x = upload(ctx, sizes, k);
      const y = upload(ctx, sizes, k + 50);
      const d = flatDot(x.ts, y.ts);
      const n = flatNorm(x.ts);
      const d2 = flatDot(x.ts, y.ts);
      const [dv, nv, dv2] = [(await d.read())[0], (await n.read())[0], (await d2.read())[0]];
      const total = sizes.reduce((s, v) => s + v, 0);
      // f32 summation error grows with the length; the reference sums in f64.
      expect(Math.abs(dv - dotRef(x.data, y.data))).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.sqrt(total)));
      expect(maxRelErr([nv], [normRef(x.data)], 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      expect(Object.is(dv, dv2)).toBe(true);
      [...x.ts, ...y.ts, d, n, d2].forEach((t) => t.dispose());
    }
  });

  it('reduces an empty vector to 0', async () => {
    const ctx = await testContext();
    const e = ctx.empty([0]);
    const n = flatNorm([e]);
    expect([...(await n.read())]).toEqual([0]);
    [e, n].forEach((t) => t.dispose());
  });

  it('flattens and unflattens', async () => {
    const ctx = await testContext();
    const x = upload(ctx, [3, 17, 1, 65], 9);
    const flat = flatten(x.ts);
    expect([...(await flat.read())]).toEqual([...concat(x.data)]);
    const into = [3, 17, 1, 65].map((n) => ctx.empty([n]));
    unflatten(flat, into);
    expect(concat(await readAll(into))).toEqual(concat(x.data));
    expect(() => unflatten(flat, into.slice(1))).toThrow(/unflatten/);
    [...x.ts, ...into, flat].forEach((t) => t.dispose());
  });

  it('fills and rejects mismatched lists', async () => {
    const ctx = await testContext();
    const a = ctx.empty([130]);
    const b = ctx.empty([3]);
    fill(a, 2.5);
    flatFill([b], -1);
    expect((await a.read()).every((v) => v === 2.5)).toBe(true);
    expect([...(await b.read())]).toEqual([-1, -1, -1]);
    expect(() => flatAxpby(1, [a], 1, [b])).toThrow(/elements/);
    expect(() => flatDot([a], [a, b])).toThrow(/lengths/);
    [a, b].forEach((t) => t.dispose());
  });
});
