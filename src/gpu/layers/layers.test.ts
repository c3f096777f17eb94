import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { backward } from '../autograd.ts';
import { sum } from '../ops/reduce.ts';
import { BatchNorm, Dropout, LayerNorm } from './norm.ts';
import { MultiHeadAttention } from './attention.ts';
import { LearnedPositions, PatchEmbedding, sinusoidalPositions, TokenEmbedding } from './embedding.ts';

describe('layers', () => {
  it('name their parameters and build [B, T, d] pipelines', async () => {
    const ctx = await testContext();
    const [B, T, d, H] = [2, 5, 8, 2];
    const tok = new TokenEmbedding(ctx, 'tok', 11, d, { seed: 1, streamBase: 0 });
    const pos = new LearnedPositions(ctx, 'pos', 16, d, { seed: 1, streamBase: 1 });
    const ln = new LayerNorm(ctx, 'ln1', d);
    const mha = new MultiHeadAttention(ctx, 'attn', d, H, { seed: 1, streamBase: 2, causal: true });
    const names = [tok, pos, ln, mha].flatMap((m) => m.parameters().map((p) => p.name));
    expect(names).toEqual([
      'tok.weight',
      'pos.weight',
      'ln1.weight',
      'ln1.bias',
      'attn.q.weight',
      'attn.q.bias',
      'attn.k.weight',
      'attn.k.bias',
      'attn.v.weight',
      'attn.v.bias',
      'attn.o.weight',
      'attn.o.bias',
    ]);
    mha.captureProbs = true;
    const ids = ctx.tensor(Uint32Array.from(randomArray(B * T, 3, 0, 11), Math.floor), [B, T], 'u32');
    const y = ctx.scope(() => {
      const out = mha.forward(ln.forward(pos.forward(tok.forward(ids))));
      backward(sum(out));
      return out;
    });
    expect(y.shape).toEqual([B, T, d]);
    expect(tok.weight.grad?.shape).toEqual([11, d]);
    expect(mha.q.weight.grad?.shape).toEqual([d, d]);
    const probs = (await mha.probs!.read()) as Float32Array;
    expect(mha.probs!.shape).toEqual([B, H, T, T]);
    for (let row = 0; row < B * H * T; row++) {
      const r = probs.subarray(row * T, (row + 1) * T);
      expect(Math.abs(r.reduce((a, b) => a + b) - 1)).toBeLessThan(1e-5);
      expect(r.subarray((row % T) + 1).every((v) => v === 0)).toBe(true); // causal
    }
  });

  it('BatchNorm updates running statistics in training and uses them in eval', async () => {
    const ctx = await testContext();
    const bn = new BatchNorm(ctx, 'bn', 3, { momentum: 0.5 });
    expect(bn.buffers().map((b) => b.name)).toEqual(['bn.running_mean', 'bn.running_var']);
    const x = ctx.tensor(
      Float32Array.from({ length: 12 }, (_, i) => i),
      [4, 3],
    );
    await ctx.scope(() => bn.forward(x)).read();
    const mean = await bn.runningMean.read();
    expect([...mean]).toEqual([2.25, 2.75, 3.25]); // 0.5·0 + 0.5·(batch means 4.5, 5.5, 6.5)
    bn.training = false;
    const y = await ctx.scope(() => bn.forward(x)).read();
    const rv = await bn.runningVar.read();
    expect(Math.abs(y[0] - (0 - 2.25) / Math.sqrt(rv[0] + 1e-5))).toBeLessThan(1e-5);
  });

  it('Dropout is reproducible per step and the identity in eval mode', async () => {
    const ctx = await testContext();
    const drop = new Dropout(0.5, 42, 0);
    const x = ctx.tensor(new Float32Array(64).fill(1));
    const a = await ctx.scope(() => drop.forward(x)).read();
    const b = await ctx.scope(() => drop.forward(x)).read();
    drop.step = 1;
    const c = await ctx.scope(() => drop.forward(x)).read();
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
    drop.training = false;
    expect(drop.forward(x)).toBe(x);
  });

  it('sinusoidal positions and patch embedding shapes', async () => {
    const ctx = await testContext();
    const pe = await sinusoidalPositions(ctx, 4, 6).read();
    expect(pe[0 * 6 + 1]).toBe(1); // cos 0
    expect(Math.abs(pe[3 * 6 + 0] - Math.sin(3))).toBeLessThan(1e-6);
    expect(Math.abs(pe[2 * 6 + 2] - Math.sin(2 / 10000 ** (2 / 6)))).toBeLessThan(1e-6);
    const patch = new PatchEmbedding(ctx, 'patch', { H: 4, W: 4, C: 3, P: 2 }, 5, { seed: 1, streamBase: 0 });
    expect(patch.parameters().map((p) => p.name)).toEqual(['patch.weight', 'patch.bias']);
    const y = ctx.scope(() => patch.forward(ctx.tensor(randomArray(2 * 48, 1), [2, 48])));
    expect(y.shape).toEqual([2, 4, 5]);
  });
});
