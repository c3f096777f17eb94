import { describe, expect, it } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import {
  ensembleMlpGrads,
  ensembleMlpInit,
  ensembleMlpRisk,
  ensembleMlpStep,
  type EnsembleMlp,
} from './ensemble-mlp.ts';
import { gradsRef, riskRef, type MlpDims } from './ensemble-mlp.ref.ts';

// [models, rows, inputs, hidden, outputs]: awkward sizes, none a tile multiple.
const SHAPES: [number, number, number, number, number][] = [
  [1, 1, 2, 1, 1],
  [3, 5, 7, 3, 2],
  [17, 13, 9, 5, 10],
  [65, 3, 130, 17, 3],
  [5, 33, 65, 9, 7],
  [2, 70, 11, 33, 1],
];

const dimsOf = ([models, rows, inputs, hidden, outputs]: (typeof SHAPES)[number]): MlpDims => ({
  models,
  rows,
  inputs,
  hidden,
  outputs,
});

function problem(d: MlpDims, seed: number) {
  return {
    x: randomArray(d.rows * d.inputs, seed, -1, 1),
    y: randomArray(d.rows * d.outputs, seed + 1, -1, 1),
    w1: randomArray(d.models * d.inputs * d.hidden, seed + 2, -1, 1),
    w2: randomArray(d.models * d.hidden * d.outputs, seed + 3, -1, 1),
  };
}

describe('ensemble MLP', () => {
  it('risk and gradients match the float64 reference on random shapes', async () => {
    const ctx = await testContext();
    for (const [i, shape] of SHAPES.entries()) {
      const d = dimsOf(shape);
      const p = problem(d, 10 * i + 1);
      const x = ctx.tensor(p.x, [d.rows, d.inputs]);
      const y = ctx.tensor(p.y, [d.rows, d.outputs]);
      const net: EnsembleMlp = {
        w1: ctx.tensor(p.w1, [d.models, d.inputs, d.hidden]),
        w2: ctx.tensor(p.w2, [d.models, d.hidden, d.outputs]),
      };
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

  it('gradients agree with central differences of the float64 risk', async () => {
    const ctx = await testContext();
    const d = dimsOf([4, 9, 6, 5, 3]);
    const p = problem(d, 77);
    const x = ctx.tensor(p.x, [d.rows, d.inputs]);
    const y = ctx.tensor(p.y, [d.rows, d.outputs]);
    const net: EnsembleMlp = {
      w1: ctx.tensor(p.w1, [d.models, d.inputs, d.hidden]),
      w2: ctx.tensor(p.w2, [d.models, d.hidden, d.outputs]),
    };
    const { dw1, dw2 } = ctx.scope(() => ensembleMlpGrads(x, y, net));
    const analytic = { w1: await dw1!.read(), w2: await dw2.read() };
    const eps = 1e-5;
    let checked = 0;
    for (const which of ['w1', 'w2'] as const) {
      const base = Float64Array.from(p[which]);
      const per = base.length / d.models;
      for (let c = 0; c < base.length; c += 7) {
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
  });

  it('a step is W − lr·∂W, a frozen hidden layer stays put, and small steps lower every risk', async () => {
    const ctx = await testContext();
    const d = dimsOf([6, 20, 8, 7, 3]);
    const p = problem(d, 5);
    const x = ctx.tensor(p.x, [d.rows, d.inputs]);
    const y = ctx.tensor(p.y, [d.rows, d.outputs]);
    const net = ensembleMlpInit(ctx, { ...d, seed: 3, stream: 11 });
    const w1 = await net.w1.read();
    const w2 = await net.w2.read();
    const want = gradsRef(p.x, p.y, w1, w2, d);
    const lr = 0.05;
    const next = ensembleMlpStep(x, y, net, { lr, trainHidden: true });
    expect(
      maxRelErr(
        await next.w1.read(),
        w1.map((v, i) => v - lr * want.dw1[i]),
        1e-5,
        1e-4,
      ),
    ).toBeLessThanOrEqual(1);
    const frozen = ensembleMlpStep(x, y, net, { lr, trainHidden: false });
    expect(frozen.w1).toBe(net.w1);
    expect(
      maxRelErr(
        await frozen.w2.read(),
        w2.map((v, i) => v - lr * want.dw2[i]),
        1e-5,
        1e-4,
      ),
    ).toBeLessThanOrEqual(1);
    const before = riskRef(p.x, p.y, w1, w2, d);
    const after = riskRef(p.x, p.y, await next.w1.read(), await next.w2.read(), d);
    for (let e = 0; e < d.models; e++) expect(after[e]).toBeLessThan(before[e]);
  });

  it('is bit-identical across runs and models differ by their slice of the stream', async () => {
    const ctx = await testContext();
    const d = dimsOf([5, 12, 10, 6, 4]);
    const p = problem(d, 9);
    const x = ctx.tensor(p.x, [d.rows, d.inputs]);
    const y = ctx.tensor(p.y, [d.rows, d.outputs]);
    const train = async () => {
      let net = ensembleMlpInit(ctx, { ...d, seed: 21, stream: 4 });
      for (let s = 0; s < 3; s++) net = ensembleMlpStep(x, y, net, { lr: 0.1, trainHidden: true });
      return ensembleMlpRisk(x, y, net).read();
    };
    const a = await train();
    expect(await train()).toEqual(a);
    expect(new Set(a).size).toBe(d.models);
  });
});
