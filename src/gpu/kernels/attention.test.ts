import { describe, it, expect } from 'vitest';
import type { Tensor } from '../tensor.ts';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { attention, attentionBackward, type AttentionMasks } from './attention.ts';
import { attentionBackwardRef, attentionRef, type AttentionRefShape } from './attention.ref.ts';

/** f32 sums over ≤ 130 keys and 16 features: 2e-5 absolute + 1e-4 relative. */
const ATOL = 2e-5;
const RTOL = 1e-4;

type MaskKind = 'none' | 'causal' | 'padded' | 'mask-u32' | 'mask-f32' | 'mask-batched' | 'all';

// [B, Tq, Tk, H, Dh, mask]
const CASES: Array<[number, number, number, number, number, MaskKind]> = [
  [1, 1, 1, 1, 1, 'none'],
  [2, 3, 3, 2, 3, 'none'],
  [3, 17, 17, 1, 8, 'none'],
  [1, 65, 65, 2, 16, 'none'],
  [1, 1, 1, 3, 8, 'causal'],
  [2, 3, 3, 4, 1, 'causal'],
  [1, 17, 17, 2, 16, 'causal'],
  [2, 65, 65, 1, 3, 'causal'],
  [2, 3, 3, 1, 8, 'padded'],
  [3, 17, 17, 2, 3, 'padded'],
  [2, 65, 65, 3, 8, 'padded'],
  [1, 1, 1, 1, 16, 'padded'],
  [1, 3, 3, 2, 16, 'mask-u32'],
  [2, 17, 17, 4, 8, 'mask-u32'],
  [1, 65, 65, 1, 1, 'mask-u32'],
  [2, 3, 3, 3, 3, 'mask-f32'],
  [1, 17, 17, 2, 8, 'mask-f32'],
  [3, 3, 17, 2, 8, 'mask-batched'],
  [2, 17, 3, 1, 16, 'mask-batched'],
  [3, 17, 17, 2, 8, 'all'],
  [2, 65, 65, 4, 16, 'all'],
  [1, 3, 17, 2, 8, 'causal'],
  [2, 17, 65, 1, 8, 'padded'],
  [1, 130, 130, 1, 8, 'all'],
  [1, 5, 7, 2, 64, 'causal'],
  // Past the GPU variant's workgroup of 64 rows and its tiles (28 rows at Dh 64, 60 at 32, 64 below).
  [2, 65, 61, 1, 64, 'padded'],
  [1, 129, 127, 2, 32, 'causal'],
  [1, 63, 129, 1, 16, 'all'],
];

interface Case {
  shape: AttentionRefShape;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  masks: (ctx: { tensor: (d: ArrayLike<number>, s: number[], t?: 'u32' | 'f32') => Tensor }) => AttentionMasks;
}

function makeCase([B, Tq, Tk, H, D, kind]: (typeof CASES)[number], seed: number): Case {
  const shape: AttentionRefShape = { B, Tq, Tk, H, D, scale: 1 / Math.sqrt(D) };
  const causal = kind === 'causal' || kind === 'all';
  // Item 0 keeps some keys; the last item of a padded batch of ≥ 3 has none (its rows give zeros).
  const lengths =
    kind === 'padded' || kind === 'all'
      ? Uint32Array.from({ length: B }, (_, b) => (b === 2 ? 0 : 1 + ((seed + 7 * b) % Tk)))
      : undefined;
  let mask: Float32Array | undefined;
  if (kind.startsWith('mask') || kind === 'all') {
    const n = (kind === 'mask-batched' ? B : 1) * Tq * Tk;
    mask = randomArray(n, seed + 99, 0, 1).map((u) => (u < 0.3 ? 0 : 1));
    if (Tq > 1) mask.fill(0, Tk, 2 * Tk); // a fully masked query row
  }
  Object.assign(shape, { causal, lengths, mask });
  return {
    shape,
    q: randomArray(B * Tq * H * D, seed, -2, 2),
    k: randomArray(B * Tk * H * D, seed + 1, -2, 2),
    v: randomArray(B * Tk * H * D, seed + 2),
    masks: (ctx) => ({
      causal,
      lengths: lengths ? ctx.tensor(lengths, [B], 'u32') : null,
      mask: mask
        ? kind === 'mask-f32'
          ? ctx.tensor(mask, [Tq, Tk], 'f32')
          : ctx.tensor(Uint32Array.from(mask), kind === 'mask-batched' ? [B, Tq, Tk] : [Tq, Tk], 'u32')
        : null,
    }),
  };
}

async function readAll(ts: Tensor[]): Promise<Float32Array[]> {
  const out = await Promise.all(ts.map((t) => t.read() as Promise<Float32Array>));
  ts.forEach((t) => t.dispose());
  return out;
}

/**
 * Every kernel variant (variants.ts): workgroup-memory tiles of keys (GPUs), one workgroup per row
 * (GPUs' fallback, 'gpu-plain') and register tiles of rows per thread (CPU adapters).
 */
const VARIANTS = ['gpu', 'gpu-plain', 'cpu'] as const;

describe.each(VARIANTS)('fused attention kernels, %s variant', (variant) => {
  // One test per shape: compiling a variant's kernels for a shape takes up to ~20 s on a loaded 2-core machine.
  it.each(CASES.map((spec, n) => [spec.join(' '), spec, n] as const))(
    'forward (output, logsumexp, probabilities) and backward match the reference: B Tq Tk H Dh mask = %s',
    async (_, spec, n) => {
      const ctx = await testContext();
      ctx.kernelVariant = variant;
      const c = makeCase(spec, 100 + 10 * n);
      const { B, Tq, Tk, H, D } = c.shape;
      const dout = randomArray(B * Tq * H * D, 5 + n);
      const [out, lse, probs, dq, dk, dv] = await readAll(
        ctx.scope(() => {
          const q = ctx.tensor(c.q, [B, Tq, H * D]);
          const k = ctx.tensor(c.k, [B, Tk, H * D]);
          const v = ctx.tensor(c.v, [B, Tk, H * D]);
          const opts = { heads: H, ...c.masks(ctx) };
          const r = attention(q, k, v, { ...opts, probs: true });
          const g = attentionBackward(q, k, v, r.out, r.lse, ctx.tensor(dout, q.shape), opts);
          return [r.out, r.lse, r.probs!, g.dq, g.dk, g.dv];
        }),
      );
      const ref = attentionRef(c.shape, c.q, c.k, c.v);
      const gref = attentionBackwardRef(c.shape, c.q, c.k, c.v, dout);
      const what = `${variant} ${spec}`;
      expect(out.every(Number.isFinite), `finite ${what}`).toBe(true);
      expect(maxRelErr(out, ref.out, ATOL, RTOL), `out ${what}`).toBeLessThanOrEqual(1);
      expect(maxRelErr(lse, ref.lse, ATOL, RTOL), `lse ${what}`).toBeLessThanOrEqual(1);
      expect(maxRelErr(probs, ref.probs, ATOL, RTOL), `probs ${what}`).toBeLessThanOrEqual(1);
      expect(maxRelErr(dq, gref.dq, ATOL, RTOL), `dq ${what}`).toBeLessThanOrEqual(1);
      expect(maxRelErr(dk, gref.dk, ATOL, RTOL), `dk ${what}`).toBeLessThanOrEqual(1);
      expect(maxRelErr(dv, gref.dv, ATOL, RTOL), `dv ${what}`).toBeLessThanOrEqual(1);
    },
    60_000,
  );

  it('is deterministic (forward and backward) and the probabilities mode does not change the output', async () => {
    const ctx = await testContext();
    ctx.kernelVariant = variant;
    const c = makeCase([2, 17, 17, 2, 8, 'all'], 3);
    const { B, Tq, Tk, H, D } = c.shape;
    const dout = randomArray(B * Tq * H * D, 4);
    const runs = await readAll(
      ctx.scope(() => {
        const q = ctx.tensor(c.q, [B, Tq, H * D]);
        const k = ctx.tensor(c.k, [B, Tk, H * D]);
        const v = ctx.tensor(c.v, [B, Tk, H * D]);
        const opts = { heads: H, ...c.masks(ctx) };
        const twice = [0, 1].flatMap(() => {
          const r = attention(q, k, v, opts);
          const g = attentionBackward(q, k, v, r.out, r.lse, ctx.tensor(dout, q.shape), opts);
          return [r.out, g.dq, g.dk, g.dv];
        });
        return [...twice, attention(q, k, v, { ...opts, probs: true }).out];
      }),
    );
    for (let n = 0; n < 4; n++) expect([...runs[n]]).toEqual([...runs[n + 4]]);
    expect([...runs[0]]).toEqual([...runs[8]]);
  });

  it('rejects head dimensions above 64 and bad masks', async () => {
    const ctx = await testContext();
    ctx.scope(() => {
      const x = ctx.tensor(new Float32Array(2 * 130), [1, 2, 130]);
      expect(() => attention(x, x, x, { heads: 2 })).toThrow(/head dimension 65/);
      const y = ctx.tensor(new Float32Array(8), [1, 2, 4]);
      expect(() => attention(y, y, y, { heads: 1, mask: ctx.tensor([1, 1, 1], [3]) })).toThrow(/mask/);
    });
  });
});
