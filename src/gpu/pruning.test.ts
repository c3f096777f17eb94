import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from './testing.ts';
import type { Tensor } from './tensor.ts';
import { Linear } from './nn.ts';
import { SGD } from './optim.ts';
import { backward } from './autograd.ts';
import { mseLoss } from './ops/loss.ts';
import { erkDensities, magnitudePrune, maskDensity, randomMask } from './pruning.ts';
import { applyMask } from './kernels/masks.ts';
import { kthLargestAbsRef, thresholdMaskRef } from './kernels/select.ref.ts';

const maskOf = (n: number, seed: number, density: number): Float32Array =>
  randomArray(n, seed, 0, 1).map((u) => (u < density ? 1 : 0));
const count = (m: ArrayLike<number>): number => Array.from(m).reduce((a, b) => a + b, 0);

async function readFree(ts: Tensor[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const t of ts) {
    out.push((await t.read()) as Float32Array);
    t.dispose();
  }
  return out;
}

/** CPU magnitude pruning of one group sharing a threshold. */
function pruneRef(ws: Float32Array[], masks: Array<Float32Array | null>, rate: number): Float32Array[] {
  const left = ws.reduce((s, w, i) => s + (masks[i] ? count(masks[i]!) : w.length), 0);
  const keep = left - Math.round(rate * left);
  if (keep === 0) return ws.map((w) => new Float32Array(w.length));
  const t = kthLargestAbsRef(ws, keep, masks);
  return ws.map((w, i) => thresholdMaskRef(w, t, masks[i]));
}

describe('magnitude pruning', () => {
  const shapes = [
    [17, 65],
    [65, 30],
    [30, 3],
  ];
  const setup = async () => {
    const ctx = await testContext();
    const ws = shapes.map(([r, c], i) => randomArray(r * c, 10 + i, -1, 1));
    const ms = shapes.map(([r, c], i) => (i === 1 ? null : maskOf(r * c, 20 + i, 0.6)));
    const params = ws.map((w, i) => {
      const tensor = ctx.tensor(w, shapes[i]);
      tensor.name = `fc${i + 1}.weight`;
      return { tensor, mask: ms[i] ? ctx.tensor(ms[i]!, shapes[i]) : null };
    });
    return { ctx, ws, ms, params };
  };

  it('per layer, with the output layer at half rate, matches the reference and keeps exact counts', async () => {
    const { ws, ms, params } = await setup();
    const got = await readFree(await magnitudePrune(params, 0.2, { scope: 'layer', rates: { 'fc3.weight': 0.1 } }));
    ws.forEach((w, i) => {
      const want = pruneRef([w], [ms[i]], i === 2 ? 0.1 : 0.2)[0];
      expect([...got[i]], `layer ${i}`).toEqual([...want]);
      const left = ms[i] ? count(ms[i]!) : w.length;
      expect(count(got[i])).toBe(left - Math.round((i === 2 ? 0.1 : 0.2) * left));
    });
  });

  it('globally shares one threshold, except layers with their own rate', async () => {
    const { ws, ms, params } = await setup();
    const got = await readFree(await magnitudePrune(params, 0.5, { scope: 'global', rates: { 'fc3.weight': 0.25 } }));
    const want = [...pruneRef(ws.slice(0, 2), ms.slice(0, 2), 0.5), ...pruneRef([ws[2]], [ms[2]], 0.25)];
    got.forEach((g, i) => expect([...g], `layer ${i}`).toEqual([...want[i]]));
    const all = await readFree(await magnitudePrune(params, 0.3, { scope: 'global' }));
    const wantAll = pruneRef(ws, ms, 0.3);
    all.forEach((g, i) => expect([...g]).toEqual([...wantAll[i]]));
  });

  it('rate 0 keeps the mask, rate 1 prunes everything, and repeated rounds compound', async () => {
    const { ms, params } = await setup();
    const none = await readFree(await magnitudePrune(params, 0, { scope: 'layer' }));
    none.forEach((g, i) => expect([...g]).toEqual(ms[i] ? [...ms[i]!] : new Array(g.length).fill(1)));
    const all = await readFree(await magnitudePrune(params, 1, { scope: 'global' }));
    all.forEach((g) => expect(count(g)).toBe(0));
    let cur = params;
    for (let round = 0; round < 3; round++) {
      const next = await magnitudePrune(cur, 0.2, { scope: 'layer' });
      cur = cur.map((p, i) => ({ ...p, mask: next[i] }));
    }
    const n = shapes[1][0] * shapes[1][1];
    expect(await maskDensity(cur[1].mask!)).toBeCloseTo(
      Math.round(0.8 * Math.round(0.8 * Math.round(0.8 * n))) / n,
      12,
    );
  });
});

describe('random masks and ERK densities', () => {
  it('randomMask keeps exactly round(density·n), reproducibly per seed and stream', async () => {
    const ctx = await testContext();
    for (const [shape, density] of [
      [[1], 1],
      [[3], 0.5],
      [[17, 65], 0.1],
      [[130, 257], 0.37],
      [[5, 3, 3, 3], 0],
      [[64, 64], 1],
    ] as const) {
      const n = (shape as readonly number[]).reduce((p, d) => p * d, 1);
      const [a, b, c] = await readFree([
        randomMask(ctx, shape, density, { seed: 7, stream: 1 }),
        randomMask(ctx, shape, density, { seed: 7, stream: 1 }),
        randomMask(ctx, shape, density, { seed: 7, stream: 2 }),
      ]);
      expect(count(a)).toBe(Math.round(density * n));
      expect(a.every((v) => v === 0 || v === 1)).toBe(true);
      expect([...b]).toEqual([...a]);
      if (n > 100 && density > 0 && density < 1) expect([...c]).not.toEqual([...a]);
    }
  });

  it('ERK meets the global density, is proportional to (Σ dims)/(Π dims), and clamps at 1', () => {
    const shapes = [
      [784, 300],
      [300, 100],
      [100, 10],
      [64, 3, 3, 3],
    ];
    const sizes = shapes.map((s) => s.reduce((p, d) => p * d, 1));
    for (const g of [0.01, 0.1, 0.5, 0.9, 1]) {
      const d = erkDensities(shapes, g);
      const kept = d.reduce((s, x, i) => s + x * sizes[i], 0);
      expect(kept / sizes.reduce((a, b) => a + b, 0)).toBeCloseTo(g, 10);
      expect(d.every((x) => x > 0 && x <= 1)).toBe(true);
      const ratio = shapes.map((s, i) => s.reduce((a, x) => a + x, 0) / sizes[i]);
      const free = d.map((_, i) => i).filter((i) => d[i] < 1);
      for (const i of free) expect(d[i] / ratio[i]).toBeCloseTo(d[free[0]] / ratio[free[0]], 10);
    }
    // At 50% the 100×10 layer (ratio 0.11) would exceed 1 and is dense.
    expect(erkDensities(shapes, 0.5)[2]).toBe(1);
  });

  it('maskDensity', async () => {
    const ctx = await testContext();
    const m = maskOf(1000, 3, 0.3);
    const t = ctx.tensor(m);
    expect(await maskDensity(t)).toBe(count(m) / 1000);
    t.dispose();
  });
});

describe('masked training', () => {
  it('SGD on a masked Linear keeps pruned weights exactly 0 with exactly 0 gradient', async () => {
    const ctx = await testContext();
    const [B, I, O] = [8, 17, 5];
    const layer = new Linear(ctx, 'fc', I, O, { seed: 1, streamBase: 0 });
    const mask = randomMask(ctx, [I, O], 0.4, { seed: 3 });
    layer.mask = mask;
    applyMask(layer.weight, mask);
    const m = (await mask.read()) as Float32Array;
    const opt = new SGD(layer.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 1e-3 });
    const x = ctx.tensor(randomArray(B * I, 5), [B, I]);
    const target = ctx.tensor(randomArray(B * O, 6), [B, O]);
    const w0 = (await layer.weight.read()) as Float32Array;
    let first = Infinity;
    let last = Infinity;
    for (let step = 0; step < 5; step++) {
      const [loss, grad] = ctx.scope(() => {
        const l = mseLoss(layer.forward(x), target).loss;
        backward(l);
        opt.step();
        return [l, layer.weight.grad!];
      });
      const g = await grad.read();
      const w = await layer.weight.read();
      for (let i = 0; i < m.length; i++) {
        if (m[i] === 0) {
          // ±0: the mask multiplies, so a negative value becomes −0.
          expect(g[i] === 0, `grad ${i} step ${step}`).toBe(true);
          expect(w[i] === 0, `weight ${i} step ${step}`).toBe(true);
        }
      }
      // Kept weights did train.
      if (step === 4) expect(w.some((v, i) => m[i] === 1 && v !== w0[i])).toBe(true);
      last = (await loss.read())[0];
      if (step === 0) first = last;
      loss.dispose();
      grad.dispose();
    }
    expect(last).toBeLessThan(first);
    opt.dispose();
    [x, target, mask, layer.weight, layer.bias!].forEach((t) => t.dispose());
  });
});
