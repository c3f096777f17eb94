import { describe, expect, it } from 'vitest';
import type { GpuContext } from '../context.ts';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import {
  ensembleAdamState,
  ensembleHidden,
  ensembleMlpGrads,
  ensembleMlpInit,
  ensembleMlpRisk,
  ensembleMlpStep,
  type EnsembleMlp,
} from './ensemble-mlp.ts';
import { gradsRef, riskRef, type MlpDims } from './ensemble-mlp.ref.ts';

// [models, rows, inputs, hidden, outputs, positions]: awkward sizes, none a tile multiple; the
// last ones are convolutions (several patches per example).
const SHAPES: [number, number, number, number, number, number][] = [
  [1, 1, 2, 1, 1, 1],
  [3, 5, 7, 3, 2, 1],
  [17, 13, 9, 5, 10, 1],
  [65, 3, 130, 17, 3, 1],
  [5, 33, 65, 9, 7, 1],
  [2, 70, 11, 33, 1, 1],
  [3, 7, 10, 4, 3, 5],
  [9, 5, 28, 3, 10, 9],
  [2, 11, 5, 2, 2, 17],
];

const dimsOf = ([models, rows, inputs, hidden, outputs, positions = 1]: readonly number[]): MlpDims => ({
  models,
  rows,
  inputs,
  hidden,
  outputs,
  positions,
});

function problem(d: MlpDims, seed: number) {
  return {
    x: randomArray(d.rows * d.positions * d.inputs, seed, -1, 1),
    y: randomArray(d.rows * d.outputs, seed + 1, -1, 1),
    w1: randomArray(d.models * d.inputs * d.hidden, seed + 2, -1, 1),
    w2: randomArray(d.models * d.positions * d.hidden * d.outputs, seed + 3, -1, 1),
  };
}

/** The problem's data, and its weights as a net, on the GPU. */
function upload(ctx: GpuContext, d: MlpDims, p: ReturnType<typeof problem>) {
  return {
    x: ctx.tensor(p.x, [d.rows * d.positions, d.inputs]),
    y: ctx.tensor(p.y, [d.rows, d.outputs]),
    net: {
      w1: ctx.tensor(p.w1, [d.models, d.inputs, d.hidden]),
      w2: ctx.tensor(p.w2, [d.models, d.positions * d.hidden, d.outputs]),
      positions: d.positions,
    } satisfies EnsembleMlp,
  };
}

describe('ensemble MLP', () => {
  it('risk and gradients match the float64 reference on random shapes', async () => {
    const ctx = await testContext();
    for (const [i, shape] of SHAPES.entries()) {
      const d = dimsOf(shape);
      const p = problem(d, 10 * i + 1);
      const { x, y, net } = upload(ctx, d, p);
      const want = gradsRef(p.x, p.y, p.w1, p.w2, d);
      const { dw1, dw2 } = ctx.scope(() => ensembleMlpGrads(x, y, net));
      // f32 sums of up to 130 products of O(1) terms against float64: ~1e-5 relative.
      expect(maxRelErr(await dw1!.read(), want.dw1, 1e-4, 1e-3)).toBeLessThanOrEqual(1);
      expect(maxRelErr(await dw2.read(), want.dw2, 1e-4, 1e-3)).toBeLessThanOrEqual(1);
      const risk = ensembleMlpRisk(x, y, net);
      expect(maxRelErr(await risk.read(), riskRef(p.x, p.y, p.w1, p.w2, d), 1e-4, 1e-4)).toBeLessThanOrEqual(1);
      for (const t of [x, y, net.w1, net.w2, dw1!, dw2, risk]) t.dispose();
    }
  });

  it('gradients agree with central differences of the float64 risk, for an MLP and a convolution', async () => {
    const ctx = await testContext();
    for (const shape of [
      [4, 9, 6, 5, 3, 1],
      [3, 6, 7, 3, 2, 4],
    ]) {
      const d = dimsOf(shape);
      const p = problem(d, 77);
      const { x, y, net } = upload(ctx, d, p);
      const { dw1, dw2 } = ctx.scope(() => ensembleMlpGrads(x, y, net));
      const analytic = { w1: await dw1!.read(), w2: await dw2.read() };
      const eps = 1e-5;
      let checked = 0;
      for (const which of ['w1', 'w2'] as const) {
        const base = Float64Array.from(p[which]);
        const per = base.length / d.models;
        for (let c = 0; c < base.length; c += 5) {
          const e = Math.floor(c / per);
          const at = (delta: number) => {
            const w = Float64Array.from(base);
            w[c] += delta;
            return which === 'w1' ? riskRef(p.x, p.y, w, p.w2, d)[e] : riskRef(p.x, p.y, p.w1, w, d)[e];
          };
          const numeric = (at(eps) - at(-eps)) / (2 * eps);
          // f32 gradients of O(1) size: a few 1e-6 absolute; the difference quotient is float64.
          expect(Math.abs(analytic[which][c] - numeric)).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(numeric));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(20);
    }
  });

  it('a first Adam step moves each weight by lr against its gradient sign; a frozen layer stays put', async () => {
    const ctx = await testContext();
    const d = dimsOf([6, 20, 8, 7, 3]);
    const p = problem(d, 5);
    const { x, y } = upload(ctx, d, p);
    const init = () => ensembleMlpInit(ctx, { ...d, seed: 3, stream: 11 });
    const net = init();
    const w1 = (await net.w1.read()) as Float32Array;
    const w2 = (await net.w2.read()) as Float32Array;
    const want = gradsRef(p.x, p.y, w1, w2, d);
    const lr = 0.01;
    // Adam's first step, bias-corrected: Δw = −lr·g/(|g| + ε).
    const first = (w: ArrayLike<number>, g: Float64Array) =>
      Float64Array.from(w, (v, i) => v - (lr * g[i]) / (Math.abs(g[i]) + 1e-8));
    ensembleMlpStep(x, y, net, ensembleAdamState(net), { lr, step: 1 });
    // Gradients within 1e-6 of 0 may flip sign in f32: those weights move by up to 2·lr.
    expect(maxRelErr(await net.w1.read(), first(w1, want.dw1), 2 * lr + 1e-6, 0)).toBeLessThanOrEqual(1);
    const close = (a: ArrayLike<number>, b: Float64Array, g: Float64Array) =>
      Array.from(a).every((v, i) => Math.abs(g[i]) < 1e-5 || Math.abs(v - b[i]) <= 1e-6 + 1e-5 * Math.abs(b[i]));
    expect(close(await net.w1.read(), first(w1, want.dw1), want.dw1)).toBe(true);
    expect(close(await net.w2.read(), first(w2, want.dw2), want.dw2)).toBe(true);

    const frozen = init();
    const hidden = ensembleHidden(x, frozen);
    ensembleMlpStep(x, y, frozen, ensembleAdamState(frozen), { lr, step: 1, frozenHidden: hidden });
    expect(await frozen.w1.read()).toEqual(w1);
    expect(close(await frozen.w2.read(), first(w2, want.dw2), want.dw2)).toBe(true);
  });

  it("training lowers every model's training risk", async () => {
    const ctx = await testContext();
    const d = dimsOf([7, 40, 12, 9, 4]);
    const p = problem(d, 8);
    const { x, y } = upload(ctx, d, p);
    const net = ensembleMlpInit(ctx, { ...d, seed: 2, stream: 6 });
    const state = ensembleAdamState(net);
    const before = await ensembleMlpRisk(x, y, net).read();
    for (let s = 1; s <= 20; s++) ensembleMlpStep(x, y, net, state, { lr: 0.02, step: s });
    const after = await ensembleMlpRisk(x, y, net).read();
    for (let e = 0; e < d.models; e++) expect(after[e]).toBeLessThan(0.8 * before[e]);
  });

  it('is bit-identical across runs and models differ by their slice of the stream', async () => {
    const ctx = await testContext();
    const d = dimsOf([5, 12, 10, 6, 4]);
    const p = problem(d, 9);
    const { x, y } = upload(ctx, d, p);
    const train = async () => {
      const net = ensembleMlpInit(ctx, { ...d, seed: 21, stream: 4 });
      const state = ensembleAdamState(net);
      for (let s = 1; s <= 3; s++) ensembleMlpStep(x, y, net, state, { lr: 0.01, step: s });
      return ensembleMlpRisk(x, y, net).read();
    };
    const a = await train();
    expect(await train()).toEqual(a);
    expect(new Set(a).size).toBe(d.models);
  });
});
