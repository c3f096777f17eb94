import { describe, it, expect } from 'vitest';
import { testContext } from './testing.ts';
import { constant, fans, glorotNormal, glorotUniform, kaimingNormal, kaimingUniform, zeros } from './init.ts';

function variance(x: ArrayLike<number>): { mean: number; variance: number; maxAbs: number } {
  let s = 0;
  let maxAbs = 0;
  for (const v of Array.from(x)) {
    s += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = s / x.length;
  let q = 0;
  for (const v of Array.from(x)) q += (v - mean) ** 2;
  return { mean, variance: q / x.length, maxAbs };
}

describe('initializers', () => {
  it('computes fans for vectors, Linear [in, out] and conv [outC, inC, kh, kw]', () => {
    expect(fans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(fans([784, 128])).toEqual({ fanIn: 784, fanOut: 128 });
    expect(fans([16, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 400 });
  });

  // 400×250 = 1e5 samples: the sample variance is within ~2% (5σ) of the target.
  const shape = [400, 250];
  const cases = [
    { name: 'glorotUniform', f: glorotUniform, want: 2 / 650, bound: Math.sqrt(6 / 650) },
    { name: 'glorotNormal', f: glorotNormal, want: 2 / 650 },
    { name: 'kaimingUniform', f: kaimingUniform, want: 2 / 400, bound: Math.sqrt(6 / 400) },
    { name: 'kaimingNormal', f: kaimingNormal, want: 2 / 400 },
  ];
  for (const { name, f, want, bound } of cases) {
    it(`${name} has the target variance, scaled by gain²`, async () => {
      const ctx = await testContext();
      for (const gain of [undefined, 0.5]) {
        const t = f(ctx, shape, { seed: 11, stream: 3, gain });
        const m = variance(await t.read());
        t.dispose();
        const target =
          gain === undefined ? want : name.startsWith('kaiming') ? (want / 2) * gain ** 2 : want * gain ** 2;
        expect(Math.abs(m.variance / target - 1)).toBeLessThan(0.025);
        expect(Math.abs(m.mean)).toBeLessThan(5 * Math.sqrt(target / 1e5));
        if (bound) expect(m.maxAbs).toBeLessThanOrEqual(bound * (gain ?? 1));
      }
    });
  }

  it('uses fan-out when asked', async () => {
    const ctx = await testContext();
    const t = kaimingNormal(ctx, [100, 1000], { seed: 1, mode: 'fanOut', gain: 1 });
    expect(Math.abs(variance(await t.read()).variance * 1000 - 1)).toBeLessThan(0.025);
    t.dispose();
  });

  it('is reproducible per seed and stream', async () => {
    const ctx = await testContext();
    const read = async (seed: number, stream: number): Promise<number[]> => {
      const t = glorotNormal(ctx, [17, 3], { seed, stream });
      const v = [...(await t.read())];
      t.dispose();
      return v;
    };
    const a = await read(1, 0);
    expect(await read(1, 0)).toEqual(a);
    expect(await read(2, 0)).not.toEqual(a);
    expect(await read(1, 1)).not.toEqual(a);
  });

  it('makes zeros and constants', async () => {
    const ctx = await testContext();
    const z = zeros(ctx, [3, 5]);
    const c = constant(ctx, [65], 0.25);
    expect((await z.read()).every((v) => v === 0)).toBe(true);
    expect((await c.read()).every((v) => v === 0.25)).toBe(true);
    expect(z.shape).toEqual([3, 5]);
    [z, c].forEach((t) => t.dispose());
  });
});
