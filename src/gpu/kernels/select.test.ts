import { describe, it, expect } from 'vitest';
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { randomArray, testContext } from '../testing.ts';
import { kthLargestAbs, thresholdMask } from './select.ts';
import { kthLargestAbsRef, thresholdMaskRef } from './select.ref.ts';

/** 0/1 array with P(1) ≈ density, deterministic. */
function bits(n: number, seed: number, density: number): Float32Array {
  return randomArray(n, seed, 0, 1).map((u) => (u < density ? 1 : 0));
}

/** Values with many exact ties (and exact zeros and negative zeros) when `levels` is small. */
function tied(n: number, seed: number, levels: number): Float32Array {
  return randomArray(n, seed, -1, 1).map((v) => (v < -0.9 ? -0 : Math.round(v * levels) / levels));
}

async function kth(ctx: GpuContext, xs: Float32Array[], k: number, ms?: Array<Float32Array | null>): Promise<number> {
  const out = ctx.scope(() => {
    const ts = xs.map((x) => ctx.tensor(x));
    const masks = ms?.map((m) => (m ? ctx.tensor(m) : null));
    return kthLargestAbs(ts, k, masks ? { masks } : {});
  });
  const v = (await out.read())[0];
  out.dispose();
  return v;
}

const SIZES = [1, 3, 17, 65, 130, 257, 1000, 4096, 4097, 9000, 70_001];

describe('kthLargestAbs (radix select)', () => {
  it('matches a sorted reference on random sizes, k = 1, k = n and in between', async () => {
    const ctx = await testContext();
    let cases = 0;
    for (const [s, n] of SIZES.entries()) {
      const x = randomArray(n, 100 + s, -3, 3);
      for (const k of new Set([1, n, Math.ceil(n / 2), Math.max(1, Math.floor(n * 0.9)), Math.min(n, 2)])) {
        expect(await kth(ctx, [x], k), `n=${n} k=${k}`).toBe(kthLargestAbsRef([x], k));
        cases++;
      }
    }
    expect(cases).toBeGreaterThanOrEqual(20);
  });

  it('is exact with ties, zeros and negative zeros', async () => {
    const ctx = await testContext();
    for (const [n, levels] of [
      [17, 2],
      [257, 4],
      [5000, 8],
      [5000, 1000],
    ] as const) {
      const x = tied(n, n + levels, levels);
      for (const k of [1, 2, Math.floor(n / 3), Math.floor(n / 2), n - 1, n]) {
        expect(await kth(ctx, [x], k), `n=${n} levels=${levels} k=${k}`).toBe(kthLargestAbsRef([x], k));
      }
    }
  });

  it('selects over several tensors together, counting only unmasked entries', async () => {
    const ctx = await testContext();
    const sizes = [
      [130, 3000, 1],
      [65, 17, 4097, 257],
    ];
    for (const [c, ns] of sizes.entries()) {
      const xs = ns.map((n, i) => randomArray(n, 7 * c + i, -2, 2));
      const ms = ns.map((n, i) => (i === 1 ? null : bits(n, 50 + i, 0.4)));
      const counted = ns.reduce((s, n, i) => s + (ms[i] ? ms[i]!.reduce((a, b) => a + b, 0) : n), 0);
      for (const k of [1, 5, Math.floor(counted / 2), counted]) {
        expect(await kth(ctx, xs, k, ms), `case ${c} k=${k}`).toBe(kthLargestAbsRef(xs, k, ms));
        expect(await kth(ctx, xs, k), `case ${c} k=${k} unmasked`).toBe(kthLargestAbsRef(xs, k));
      }
      // More than the unmasked count: 0.
      expect(await kth(ctx, xs, counted + 1, ms)).toBe(0);
    }
  });

  it('is deterministic and rejects a bad k', async () => {
    const ctx = await testContext();
    const x = randomArray(20_000, 3);
    const a = await kth(ctx, [x, x], 7777);
    expect(await kth(ctx, [x, x], 7777)).toBe(a);
    const t = ctx.tensor(x);
    expect(() => kthLargestAbs([t], 0)).toThrow(/k = 0/);
    expect(() => kthLargestAbs([t], 20_001)).toThrow(/k = 20001/);
    t.dispose();
  });
});

describe('thresholdMask', () => {
  it('keeps |w| ≥ t (ties kept) and entries the old mask kept', async () => {
    const ctx = await testContext();
    for (const [s, n] of [1, 3, 17, 65, 130, 257, 1000, 4099].entries()) {
      const w = tied(n, s, 5);
      const old = bits(n, 90 + s, 0.7);
      for (const k of [1, Math.ceil(n / 2), n]) {
        const t = kthLargestAbsRef([w], k);
        const [a, b] = ctx.scope(() => {
          const wt = ctx.tensor(w);
          const tt = ctx.tensor([t]);
          return [thresholdMask(wt, tt), thresholdMask(wt, tt, ctx.tensor(old))];
        }) as Tensor[];
        expect([...(await a.read())]).toEqual([...thresholdMaskRef(w, t)]);
        expect([...(await b.read())]).toEqual([...thresholdMaskRef(w, t, old)]);
        a.dispose();
        b.dispose();
      }
    }
  });

  it('with the k-th largest keeps exactly k distinct values', async () => {
    const ctx = await testContext();
    const n = 3000;
    const w = randomArray(n, 11, -1, 1);
    const m = ctx.scope(() => {
      const wt = ctx.tensor(w);
      return thresholdMask(wt, kthLargestAbs([wt], 1234));
    });
    expect(Array.from(await m.read()).reduce((a, b) => a + b, 0)).toBe(1234);
    m.dispose();
  });
});
