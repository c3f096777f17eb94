import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import type { Activation } from './matmul.ts';
import { conv2d, conv2dInputGrad, conv2dWeightGrad, conv2dWithPreActivation, convOutputSize } from './conv2d.ts';
import { conv2dInputGradRef, conv2dRef, conv2dWeightGradRef } from './conv2d.ref.ts';

interface Case {
  B: number;
  H: number;
  W: number;
  C: number;
  O: number;
  K: number;
  stride?: number;
  padding?: number;
  bias?: boolean;
  activation?: Activation;
  mask?: boolean;
  splits?: number;
}

// Awkward channel counts (1, 3, 5, 7, 17) exercise the scalar (non-vec4) loads and partial blocks.
const cases: Case[] = [
  { B: 1, H: 1, W: 1, C: 1, O: 1, K: 1 },
  { B: 2, H: 5, W: 7, C: 3, O: 5, K: 3, padding: 1 },
  { B: 3, H: 7, W: 5, C: 17, O: 7, K: 3, stride: 2, padding: 1 },
  { B: 1, H: 17, W: 3, C: 1, O: 17, K: 5, padding: 2 },
  { B: 2, H: 8, W: 8, C: 8, O: 8, K: 3, padding: 1, bias: true, activation: 'relu' },
  { B: 1, H: 9, W: 9, C: 4, O: 12, K: 5, stride: 2, padding: 2, bias: true, activation: 'gelu' },
  { B: 2, H: 6, W: 6, C: 16, O: 16, K: 1, stride: 2 },
  { B: 3, H: 5, W: 5, C: 5, O: 3, K: 5 },
  { B: 1, H: 7, W: 7, C: 7, O: 17, K: 3, stride: 2, bias: true, activation: 'tanh', mask: true },
  { B: 2, H: 3, W: 17, C: 12, O: 4, K: 3, padding: 2, activation: 'sigmoid' },
  { B: 1, H: 6, W: 5, C: 3, O: 8, K: 3, stride: 2, padding: 0, mask: true },
  { B: 2, H: 10, W: 10, C: 8, O: 20, K: 3, padding: 1, bias: true, activation: 'relu', mask: true },
  { B: 3, H: 4, W: 4, C: 17, O: 1, K: 3, padding: 1 },
  { B: 1, H: 11, W: 13, C: 1, O: 5, K: 5, stride: 2, padding: 1 },
  { B: 2, H: 5, W: 5, C: 9, O: 9, K: 1, padding: 1, bias: true },
  { B: 1, H: 4, W: 4, C: 32, O: 32, K: 3, padding: 1, mask: true },
  { B: 3, H: 7, W: 3, C: 4, O: 4, K: 3, stride: 2, padding: 2, splits: 3 },
  { B: 2, H: 8, W: 6, C: 7, O: 9, K: 3, stride: 1, padding: 1, splits: 2, mask: true },
  { B: 1, H: 2, W: 2, C: 3, O: 2, K: 5, padding: 2, bias: true, activation: 'relu' },
  { B: 2, H: 9, W: 7, C: 2, O: 6, K: 3, stride: 2, padding: 1, bias: true, activation: 'gelu' },
  { B: 1, H: 3, W: 3, C: 65, O: 3, K: 3, padding: 1 },
  // Channels past 8 and not multiples of 16: partial 16×16 quad blocks in all three kernels.
  { B: 2, H: 5, W: 6, C: 12, O: 20, K: 3, stride: 2, padding: 1, mask: true },
  // Around the GPU variant's workgroup tiles (128 pixel rows; 64 or 128 channels; k-tiles of 8).
  { B: 2, H: 8, W: 8, C: 64, O: 3, K: 3, padding: 1, bias: true, activation: 'relu' },
  { B: 1, H: 9, W: 15, C: 5, O: 65, K: 3, padding: 1, mask: true },
  { B: 3, H: 11, W: 13, C: 3, O: 129, K: 3, stride: 2 },
];

const label = (c: Case): string =>
  `B${c.B} ${c.H}×${c.W}×${c.C}→${c.O} k${c.K} s${c.stride ?? 1} p${c.padding ?? 0}` +
  [c.bias && ' bias', c.activation && ` ${c.activation}`, c.mask && ' mask', c.splits && ` splits${c.splits}`]
    .filter(Boolean)
    .join('');

const maxAbs = (x: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
};

function worstErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  return worst;
}

// 'cpu' shares loads across SIMD quads where the adapter has them (SwiftShader does); 'cpu-plain' does
// not; 'gpu' runs the workgroup-memory tiles ('gpu-plain' runs the 'cpu-plain' kernels).
describe.each(['cpu', 'cpu-plain', 'gpu'] as const)('conv2d kernels vs direct loops (%s)', (variant) => {
  beforeEach(async () => void ((await testContext()).kernelVariant = variant));
  afterEach(async () => void ((await testContext()).kernelVariant = 'auto'));

  it.each(cases.map((c, i) => [label(c), c, i] as const))('%s', async (_, c, i) => {
    const ctx = await testContext();
    const seed = 200 + 10 * i;
    const { stride = 1, padding = 0 } = c;
    const xShape = [c.B, c.H, c.W, c.C];
    const wShape = [c.O, c.C, c.K, c.K];
    const OH = convOutputSize(c.H, c.K, stride, padding);
    const OW = convOutputSize(c.W, c.K, stride, padding);
    const x = randomArray(c.B * c.H * c.W * c.C, seed);
    const w = randomArray(c.O * c.C * c.K * c.K, seed + 1);
    const bias = c.bias ? randomArray(c.O, seed + 2) : null;
    const mask = c.mask ? randomArray(w.length, seed + 3, 0, 1).map((u) => (u < 0.4 ? 0 : 1)) : null;
    // A pruned weight must contribute nothing, however large it is.
    if (mask) w.forEach((_, j) => (w[j] = mask[j] === 0 ? 1e6 : w[j]));
    const gz = randomArray(c.B * OH * OW * c.O, seed + 4);
    const r = { x, xShape, w, wShape, stride, padding, bias, activation: c.activation, mask };
    const ref = conv2dRef(r);
    const refDx = conv2dInputGradRef(r, gz);
    const refDw = conv2dWeightGradRef(r, gz);

    const [y, y2, dx, dw] = ctx.scope(() => {
      const geo = { stride, padding };
      const m = mask ? ctx.tensor(mask, wShape) : null;
      const xt = ctx.tensor(x, xShape);
      const wt = ctx.tensor(w, wShape);
      const gt = ctx.tensor(gz, [c.B, OH, OW, c.O]);
      const o = { ...geo, bias: bias ? ctx.tensor(bias, [c.O]) : null, activation: c.activation, mask: m };
      return [
        conv2d(xt, wt, o),
        conv2d(xt, wt, o),
        conv2dInputGrad(gt, wt, xShape, { ...geo, mask: m }),
        conv2dWeightGrad(xt, gt, [c.K, c.K], { ...geo, mask: m, splits: c.splits }),
      ];
    });
    expect(y.shape).toEqual(ref.shape);
    expect(dx.shape).toEqual(xShape);
    expect(dw.shape).toEqual(wShape);
    const [out, out2, gx, gw] = await Promise.all([y.read(), y2.read(), dx.read(), dw.read()]);
    // f32 accumulation over K = kh·kw·C terms: each rounding ≤ 2⁻²⁴ of a partial sum bounded by
    // K·max|a|·max|b| (+ |bias|); activations are at most ~1.13-Lipschitz. Masked weights are
    // excluded from max|w| because they must contribute exactly zero.
    const wLive = mask ? w.filter((_, j) => mask[j] !== 0) : w;
    const K = c.K * c.K * c.C;
    expect(worstErr(out, ref.out)).toBeLessThanOrEqual(1e-5 * K * maxAbs(wLive) + 1e-5 * maxAbs(bias ?? []) + 1e-6);
    // The input gradient sums over kh·kw·outC terms, the weight gradient over B·OH·OW.
    expect(worstErr(gx, refDx)).toBeLessThanOrEqual(1e-5 * c.K * c.K * c.O * maxAbs(wLive) + 1e-6);
    expect(worstErr(gw, refDw)).toBeLessThanOrEqual(1e-5 * c.B * OH * OW + 1e-6);
    if (mask) mask.forEach((v, j) => v === 0 && expect(Math.abs(gw[j])).toBe(0));
    // Determinism: the same inputs give bit-identical outputs.
    expect(new Uint32Array(out2.buffer)).toEqual(new Uint32Array(out.buffer));
    for (const t of [y, y2, dx, dw]) t.dispose();
  });
});

describe('conv2d', () => {
  it('writes the pre-activation alongside the activation', async () => {
    const ctx = await testContext();
    const r = {
      x: randomArray(2 * 5 * 5 * 3, 1),
      xShape: [2, 5, 5, 3],
      w: randomArray(6 * 3 * 9, 2),
      wShape: [6, 3, 3, 3],
      padding: 1,
      bias: randomArray(6, 3),
      activation: 'gelu' as const,
    };
    const ref = conv2dRef(r);
    const { out, pre } = ctx.scope(() =>
      conv2dWithPreActivation(ctx.tensor(r.x, r.xShape), ctx.tensor(r.w, r.wShape), {
        padding: 1,
        bias: ctx.tensor(r.bias, [6]),
        activation: 'gelu',
      }),
    );
    expect(worstErr(await pre.read(), ref.pre)).toBeLessThan(1e-4);
    expect(worstErr(await out.read(), ref.out)).toBeLessThan(1e-4);
    out.dispose();
    pre.dispose();
  });

  it('rejects mismatched channels, bias, mask and gradient shapes', async () => {
    const ctx = await testContext();
    ctx.scope(() => {
      const x = ctx.empty([1, 5, 5, 3]);
      const w = ctx.empty([4, 3, 3, 3]);
      expect(() => conv2d(x, ctx.empty([4, 2, 3, 3]))).toThrow(/input channels/);
      expect(() => conv2d(x, w, { bias: ctx.empty([3]) })).toThrow(/bias/);
      expect(() => conv2d(x, w, { mask: ctx.empty([4, 3, 1, 3]) })).toThrow(/mask/);
      expect(() => conv2d(x, ctx.empty([4, 3, 7, 7]))).toThrow(/larger/);
      expect(() => conv2dInputGrad(ctx.empty([1, 5, 5, 4]), w, x.shape)).toThrow(/gradient/);
    });
  });
});
