import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { gradCheck } from '../gradcheck.ts';
import type { Tensor } from '../tensor.ts';
import { attention } from './attention.ts';

const data = (shape: number[], seed: number, lo = -1, hi = 1) => ({
  data: randomArray(
    shape.reduce((p, d) => p * d, 1),
    seed,
    lo,
    hi,
  ),
  shape,
});

// 'auto' runs this adapter's kernels (on SwiftShader the CPU ones); 'gpu' forces the workgroup tiles.
describe.each(['auto', 'gpu'] as const)('attention gradients (q, k, v), %s kernels', (variant) => {
  beforeEach(async () => void ((await testContext()).kernelVariant = variant));
  afterEach(async () => void ((await testContext()).kernelVariant = 'auto'));
  const [B, T, H, D] = [2, 5, 2, 3];
  const inputs = (seed: number) => [
    data([B, T, H * D], seed, -2, 2),
    data([B, T, H * D], seed + 1, -2, 2),
    data([B, T, H * D], seed + 2),
  ];

  it('unmasked', async () => {
    const ctx = await testContext();
    const r = await gradCheck(ctx, ([q, k, v]) => attention(q, k, v, { heads: H }).out, inputs(1), { samples: 16 });
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('causal', async () => {
    const ctx = await testContext();
    const r = await gradCheck(ctx, ([q, k, v]) => attention(q, k, v, { heads: H, causal: true }).out, inputs(4), {
      samples: 16,
    });
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('padded (one item with no keys at all)', async () => {
    const ctx = await testContext();
    const f = ([q, k, v]: Tensor[]) => attention(q, k, v, { heads: H, lengths: ctx.tensor([3, 0], [B], 'u32') }).out;
    const r = await gradCheck(ctx, f, inputs(7), { samples: 16 });
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('arbitrary boolean mask, cross-attention (Tq ≠ Tk)', async () => {
    const ctx = await testContext();
    const Tk = 4;
    const mask = randomArray(T * Tk, 9, 0, 1).map((u) => (u < 0.4 ? 0 : 1));
    const f = ([q, k, v]: Tensor[]) => attention(q, k, v, { heads: H, mask: ctx.tensor(mask, [T, Tk]) }).out;
    const r = await gradCheck(
      ctx,
      f,
      [data([B, T, H * D], 10, -2, 2), data([B, Tk, H * D], 11, -2, 2), data([B, Tk, H * D], 12)],
      { samples: 16 },
    );
    expect(r.worst).toBeLessThanOrEqual(1);
  });
});
