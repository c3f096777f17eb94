import { describe, it, expect } from 'vitest';
import { testContext, randomArray, maxRelErr } from '../testing.ts';
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { adamUpdate, sgdUpdate, type AdamHyper, type SgdHyper } from './optim.ts';
import { adamRef, sgdRef } from './optim.ref.ts';
import { Adam, AdamW, SGD } from '../optim.ts';

const SIZES = [1, 3, 17, 65, 130, 257, 2, 5, 31, 64, 100, 129, 256, 300, 511, 513, 1000, 1025, 2049, 4099];
const STEPS = 5;
const TOL = { atol: 1e-6, rtol: 1e-5 };

function maskOf(n: number, seed: number): Float32Array {
  return randomArray(n, seed, 0, 1).map((u) => (u < 0.3 ? 0 : 1));
}

const read = async (t: Tensor): Promise<Float32Array> => (await t.read()) as Float32Array;

/** Gradients change every step, so state from earlier steps matters. */
const gradAt = (n: number, k: number, s: number): Float32Array => randomArray(n, 1000 * k + s + 1);

async function expectClose(pairs: Array<[Tensor, Float32Array]>): Promise<void> {
  for (const [t, want] of pairs) expect(maxRelErr(await read(t), want, TOL.atol, TOL.rtol)).toBeLessThanOrEqual(1);
}

describe('optimizer kernels', () => {
  it(`SGD (momentum, Nesterov, L2/decoupled decay, mask) matches the reference over ${STEPS} steps`, async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      const h: SgdHyper = {
        lr: 0.1 / (1 + (k % 3)),
        momentum: [0, 0.9, 0.5][k % 3],
        weightDecay: k % 2 ? 1e-2 : 0,
        nesterov: k % 4 === 1,
        decoupled: k % 5 === 2,
      };
      const w = randomArray(n, k);
      const v = new Float32Array(n);
      const mask = k % 3 === 1 ? maskOf(n, k) : undefined;
      const [tw, tv, tm] = [ctx.tensor(w), ctx.tensor(v), mask ? ctx.tensor(mask) : null];
      for (let s = 0; s < STEPS; s++) {
        const g = gradAt(n, k, s);
        const tg = ctx.tensor(g);
        sgdUpdate(tw, tg, tv, h, tm);
        sgdRef(w, g, v, h, mask);
        tg.dispose();
      }
      await expectClose([
        [tw, w],
        [tv, v],
      ]);
      if (mask) expect((await read(tw)).every((x, i) => mask[i] === 1 || x === 0)).toBe(true);
      [tw, tv, tm].forEach((t) => t?.dispose());
    }
  });

  it(`Adam and AdamW (bias-corrected, mask) match the reference over ${STEPS} steps`, async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      const base = {
        lr: 1e-2,
        beta1: 0.9,
        beta2: k % 2 ? 0.999 : 0.99,
        eps: 1e-8,
        weightDecay: k % 3 ? 0.05 : 0,
        decoupled: k % 2 === 0,
      };
      const w = randomArray(n, k);
      const m = new Float32Array(n);
      const v = new Float32Array(n);
      const mask = k % 4 === 3 ? maskOf(n, k) : undefined;
      const [tw, tm, tv, tk] = [ctx.tensor(w), ctx.tensor(m), ctx.tensor(v), mask ? ctx.tensor(mask) : null];
      for (let s = 1; s <= STEPS; s++) {
        const h: AdamHyper = { ...base, step: s };
        const g = gradAt(n, k, s);
        const tg = ctx.tensor(g);
        adamUpdate(tw, tg, tm, tv, h, tk);
        adamRef(w, g, m, v, h, mask);
        tg.dispose();
      }
      await expectClose([
        [tw, w],
        [tm, m],
        [tv, v],
      ]);
      if (mask) expect((await read(tw)).every((x, i) => mask[i] === 1 || x === 0)).toBe(true);
      [tw, tm, tv, tk].forEach((t) => t?.dispose());
    }
  });

  it('rejects a gradient of the wrong size', async () => {
    const ctx = await testContext();
    const [w, g, v] = [ctx.empty([4]), ctx.empty([3]), ctx.empty([4])];
    expect(() => sgdUpdate(w, g, v, { lr: 1, momentum: 0, weightDecay: 0, nesterov: false, decoupled: false })).toThrow(
      /3/,
    );
    [w, g, v].forEach((t) => t.dispose());
  });
});

describe('optimizer classes', () => {
  function setup(ctx: GpuContext): { a: Tensor; b: Tensor; wa: Float32Array; wb: Float32Array } {
    const wa = randomArray(17, 1);
    const wb = randomArray(65, 2);
    const a = ctx.tensor(wa, [17]).keep();
    const b = ctx.tensor(wb, [5, 13]).keep();
    a.name = 'a';
    b.name = 'b';
    return { a, b, wa, wb };
  }
  const setGrads = (ctx: GpuContext, ts: Tensor[], s: number): Float32Array[] =>
    ts.map((t, i) => {
      const g = gradAt(t.size, i, s);
      t.grad?.dispose();
      t.grad = ctx.tensor(g, t.shape);
      return g;
    });

  it('SGD steps every parameter with a schedule-given lr and skips ones without a gradient', async () => {
    const ctx = await testContext();
    const { a, b, wa, wb } = setup(ctx);
    const opt = new SGD([a, { name: 'b', tensor: b }], { lr: 0.1, momentum: 0.9 });
    const va = new Float32Array(17);
    const vb = new Float32Array(65);
    for (let s = 0; s < 3; s++) {
      const [ga, gb] = setGrads(ctx, [a, b], s);
      const lr = 0.1 * (s + 1);
      opt.step(lr);
      const h = { lr, momentum: 0.9, weightDecay: 0, nesterov: false, decoupled: false };
      sgdRef(wa, ga, va, h);
      sgdRef(wb, gb, vb, h);
    }
    b.grad!.dispose();
    b.grad = null;
    opt.step();
    sgdRef(wa, gradAt(17, 0, 2), va, { lr: 0.1, momentum: 0.9, weightDecay: 0, nesterov: false, decoupled: false });
    await expectClose([
      [a, wa],
      [b, wb],
    ]);
    expect(opt.steps).toBe(4);
    opt.dispose();
    [a, b].forEach((t) => t.dispose());
  });

  it('only plain SGD offers a gradient sink: w ← w − lr·g into each unmasked parameter', async () => {
    const ctx = await testContext();
    const { a, b } = setup(ctx);
    const mask = ctx.tensor(maskOf(65, 3), [5, 13]).keep();
    const plain = new SGD([a, { name: 'b', tensor: b, mask }], { lr: 0.1 });
    const sink = plain.gradientSink(0.05)!;
    expect(sink.targetFor(a)).toEqual({ into: a, scale: -0.05 });
    expect(plain.gradientSink()!.targetFor(a)).toEqual({ into: a, scale: -0.1 });
    // The mask is multiplied in after the update, which an accumulation would skip.
    expect(sink.targetFor(b)).toBeUndefined();
    expect(sink.targetFor(mask)).toBeUndefined();
    const stateful = [
      new SGD([a], { lr: 0.1, momentum: 0.9 }),
      new SGD([a], { lr: 0.1, weightDecay: 1e-4 }),
      new Adam([a], { lr: 0.1 }),
      new AdamW([a], { lr: 0.1 }),
    ];
    for (const opt of stateful) expect(opt.gradientSink()).toBeUndefined();
    [plain, ...stateful].forEach((opt) => opt.dispose());
    [a, b, mask].forEach((t) => t.dispose());
  });

  it('Adam snapshot/restore replays the same trajectory bit for bit; reset starts over', async () => {
    const ctx = await testContext();
    const { a, b } = setup(ctx);
    const opt = new AdamW([a, b], { lr: 0.01 });
    expect(opt.decoupled).toBe(true);
    setGrads(ctx, [a, b], 0);
    opt.step();
    const snap = await opt.state();
    expect([...snap.keys()].sort()).toEqual(['a/m', 'a/v', 'b/m', 'b/v', 'step']);
    const w1 = [await read(a), await read(b)];
    const run = async (): Promise<Float32Array[]> => {
      for (let s = 1; s < 4; s++) {
        setGrads(ctx, [a, b], s);
        opt.step();
      }
      return [await read(a), await read(b)];
    };
    const first = await run();
    ctx.write(a, w1[0]);
    ctx.write(b, w1[1]);
    opt.restore(snap);
    expect(opt.steps).toBe(1);
    const second = await run();
    expect(second.map((x) => [...x])).toEqual(first.map((x) => [...x]));

    opt.reset();
    expect(opt.steps).toBe(0);
    expect(
      [...(await opt.state()).values()].every((x) => x.every((v, i) => (x.length === 1 && i === 0) || v === 0)),
    ).toBe(true);
    opt.dispose();
    [a, b].forEach((t) => t.dispose());
  });

  it('Adam keeps masked weights at exactly 0', async () => {
    const ctx = await testContext();
    const { a } = setup(ctx);
    const mask = ctx.tensor(maskOf(17, 5)).keep();
    const opt = new Adam([{ name: 'a', tensor: a, mask }], { lr: 0.1, weightDecay: 0.1 });
    for (let s = 0; s < 3; s++) {
      setGrads(ctx, [a], s);
      opt.step();
    }
    const m = await read(mask);
    expect((await read(a)).every((x, i) => m[i] === 1 || x === 0)).toBe(true);
    opt.setMask('a', null);
    expect(() => opt.setMask('nope', null)).toThrow(/no parameter/);
    expect(() => new Adam([a, a])).toThrow(/distinct/);
    opt.dispose();
    [a, mask].forEach((t) => t.dispose());
  });
});
