import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { matmul, matmulWithPreActivation, type Activation, type MatmulOptions, type MatmulVariant } from './matmul.ts';
import { matmulRef } from './matmul.ref.ts';

interface Case {
  M: number;
  N: number;
  K: number;
  /** Batch dims of A and of B ([] = one 2-D matrix shared across the batch). */
  batchA?: number[];
  batchB?: number[];
  transA?: boolean;
  transB?: boolean;
  bias?: boolean;
  activation?: Activation;
  mask?: boolean;
}

const cases: Case[] = [
  { M: 1, N: 1, K: 1 },
  { M: 3, N: 17, K: 65 },
  { M: 130, N: 257, K: 3 },
  { M: 65, N: 3, K: 130 },
  { M: 257, N: 1, K: 17 },
  { M: 17, N: 65, K: 1 },
  { M: 64, N: 64, K: 64 },
  // Around the 128×128 workgroup tile and its k-tiles of 8: one short, one over, and two tiles less one.
  { M: 127, N: 129, K: 255 },
  { M: 129, N: 127, K: 9, transA: true, bias: true, activation: 'relu' },
  { M: 255, N: 128, K: 7, transB: true },
  { M: 128, N: 255, K: 129, transA: true, transB: true, mask: true },
  { M: 2, N: 130, K: 127, batchA: [2], batchB: [2], bias: true, activation: 'gelu' },
  { M: 33, N: 20, K: 12, transA: true },
  { M: 32, N: 19, K: 13, transA: true },
  { M: 19, N: 33, K: 17, transB: true },
  { M: 20, N: 32, K: 16, transB: true },
  { M: 17, N: 65, K: 3, transA: true, transB: true },
  { M: 24, N: 36, K: 40, transA: true, transB: true },
  { M: 17, N: 9, K: 13, batchA: [3], batchB: [3] },
  { M: 5, N: 8, K: 12, batchA: [2, 3], batchB: [2, 3], transA: true, transB: true },
  { M: 9, N: 13, K: 7, batchA: [4], batchB: [] },
  { M: 9, N: 13, K: 7, batchA: [4], batchB: [], transA: true, bias: true, activation: 'tanh' },
  { M: 6, N: 11, K: 10, batchA: [], batchB: [3], transB: true },
  { M: 33, N: 65, K: 17, bias: true, activation: 'relu' },
  { M: 17, N: 40, K: 33, bias: true, activation: 'gelu', mask: true },
  { M: 65, N: 17, K: 24, transB: true, bias: true, activation: 'sigmoid', mask: true },
  { M: 31, N: 129, K: 20, bias: true, activation: 'gauss' },
  { M: 12, N: 20, K: 130, transA: true, bias: true, activation: 'identity', mask: true },
  { M: 7, N: 5, K: 6, batchA: [3], batchB: [3], mask: true, activation: 'relu' },
];

function label(c: Case): string {
  const batch = c.batchA || c.batchB ? ` batch[${c.batchA ?? []}|${c.batchB ?? []}]` : '';
  const flags = [c.transA && 'Aᵀ', c.transB && 'Bᵀ', c.bias && 'bias', c.activation, c.mask && 'mask'].filter(Boolean);
  return `${c.M}×${c.N}×${c.K}${batch} ${flags.join(' ')}`;
}

function inputs(c: Case, seed: number) {
  const aShape = [...(c.batchA ?? []), ...(c.transA ? [c.K, c.M] : [c.M, c.K])];
  const bShape = [...(c.batchB ?? []), ...(c.transB ? [c.N, c.K] : [c.K, c.N])];
  const a = randomArray(
    aShape.reduce((p, d) => p * d, 1),
    seed,
    -1,
    1,
  );
  const b = randomArray(
    bShape.reduce((p, d) => p * d, 1),
    seed + 1,
    -2,
    2,
  );
  const bias = c.bias ? randomArray(c.N, seed + 2, -1, 1) : null;
  let mask: Float32Array | null = null;
  if (c.mask) {
    mask = randomArray(b.length, seed + 3, 0, 1).map((u) => (u < 0.4 ? 0 : 1));
    // A pruned weight must contribute nothing, however large it is.
    b.forEach((_, i) => (b[i] = mask![i] === 0 ? 1e6 : b[i]));
  }
  return { a, aShape, b, bShape, bias, mask };
}

const maxAbs = (x: ArrayLike<number>, keep?: ArrayLike<number> | null): number => {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (!keep || keep[i] !== 0) m = Math.max(m, Math.abs(x[i]));
  return m;
};

// 'quads' needs subgroups that are SIMD quads (SwiftShader has them; context.test.ts checks that).
const { quadLanes } = await testContext();
const variants: MatmulVariant[] = ['registers', 'tiled', 'tiled128', ...(quadLanes ? (['quads'] as const) : [])];

describe.each<MatmulVariant>(variants)('matmul (%s)', (variant) => {
  it.each(cases.map((c, i) => [label(c), c, i] as const))('%s', async (_, c, i) => {
    const ctx = await testContext();
    const x = inputs(c, 100 + 10 * i);
    const ref = matmulRef({ ...c, ...x });
    const opts: MatmulOptions = { transA: c.transA, transB: c.transB, activation: c.activation, variant };
    const [y, y2] = await ctx.scope(() => {
      const t = (d: Float32Array | null, s: readonly number[]) => (d ? ctx.tensor(d, s) : null);
      const a = t(x.a, x.aShape)!;
      const b = t(x.b, x.bShape)!;
      const o = { ...opts, bias: t(x.bias, [c.N]), mask: t(x.mask, x.bShape) };
      return [matmul(a, b, o), matmul(a, b, o)];
    });
    expect(y.shape).toEqual(ref.shape);
    const out = await y.read();
    // f32 accumulation over K terms: each rounding is ≤ 2⁻²⁴ of a partial sum bounded by
    // K·max|a|·max|b| (+ |bias|); activations are at most ~1.13-Lipschitz.
    const tol = 1e-5 * (c.K * maxAbs(x.a) * maxAbs(x.b, x.mask) + maxAbs(x.bias ?? [])) + 1e-6;
    let worst = 0;
    for (let j = 0; j < out.length; j++) worst = Math.max(worst, Math.abs(out[j] - ref.out[j]));
    expect(worst).toBeLessThanOrEqual(tol);
    // Determinism: the same inputs give bit-identical outputs.
    expect(new Uint32Array((await y2.read()).buffer)).toEqual(new Uint32Array(out.buffer));
    y.dispose();
    y2.dispose();
  });

  it('writes the pre-activation alongside the activation', async () => {
    const ctx = await testContext();
    const c: Case = { M: 13, N: 10, K: 9, bias: true, activation: 'gelu' };
    const x = inputs(c, 5);
    const ref = matmulRef({ ...c, ...x });
    const { out, pre } = ctx.scope(() =>
      matmulWithPreActivation(ctx.tensor(x.a, x.aShape), ctx.tensor(x.b, x.bShape), {
        activation: c.activation,
        bias: ctx.tensor(x.bias!, [c.N]),
        variant,
      }),
    );
    const [o, z] = [await out.read(), await pre.read()];
    for (let j = 0; j < o.length; j++) {
      expect(Math.abs(z[j] - ref.pre[j])).toBeLessThan(1e-4);
      expect(Math.abs(o[j] - ref.out[j])).toBeLessThan(1e-4);
    }
    out.dispose();
    pre.dispose();
  });

  it.each([
    { M: 17, N: 65, K: 3 },
    { M: 130, N: 33, K: 17, transA: true },
    { M: 65, N: 20, K: 9, transB: true },
    { M: 1, N: 1, K: 1, transA: true },
  ] satisfies Case[])('accumulates C += scale·AB in place: %o', async (c) => {
    const ctx = await testContext();
    const x = inputs(c, 7 + c.M);
    const ref = matmulRef({ ...c, ...x });
    const c0 = randomArray(c.M * c.N, 3, -1, 1);
    const scale = -0.37;
    const target = ctx.tensor(c0, [c.M, c.N]).keep();
    const back = ctx.scope(() =>
      matmul(ctx.tensor(x.a, x.aShape), ctx.tensor(x.b, x.bShape), {
        transA: c.transA,
        transB: c.transB,
        variant,
        accumulate: { into: target, scale },
      }),
    );
    expect(back).toBe(target);
    const out = await target.read();
    const tol = 1e-5 * (c.K * maxAbs(x.a) * maxAbs(x.b) * Math.abs(scale) + 1) + 1e-6;
    for (let j = 0; j < out.length; j++)
      expect(Math.abs(out[j] - (c0[j] + scale * ref.out[j]))).toBeLessThanOrEqual(tol);
    target.dispose();
  });
});

describe('matmul shape checks', () => {
  it('rejects mismatched inner dimensions, batches, bias and mask', async () => {
    const ctx = await testContext();
    ctx.scope(() => {
      const a = ctx.empty([2, 3]);
      expect(() => matmul(a, ctx.empty([4, 5]))).toThrow(/inner dimensions 3 and 4/);
      expect(() => matmul(ctx.empty([2, 2, 3]), ctx.empty([3, 3, 4]))).toThrow(/batch/);
      expect(() => matmul(a, ctx.empty([3, 4]), { bias: ctx.empty([3]) })).toThrow(/bias/);
      expect(() => matmul(a, ctx.empty([3, 4]), { mask: ctx.empty([4, 3]) })).toThrow(/mask/);
      expect(() => matmul(a, ctx.empty([3, 4]), { accumulate: { into: ctx.empty([4, 2]), scale: 1 } })).toThrow(
        /accumulating/,
      );
      expect(() =>
        matmul(a, ctx.empty([3, 4]), { activation: 'relu', accumulate: { into: ctx.empty([2, 4]), scale: 1 } }),
      ).toThrow(/accumulating/);
    });
  });
});
