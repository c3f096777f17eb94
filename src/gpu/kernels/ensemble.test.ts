import { describe, expect, it } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { ensembleLayer, ensembleMoments, type EnsembleActivation, type EnsembleLayerOptions } from './ensemble.ts';
import { ensembleLayerRef, ensembleMomentsRef } from './ensemble.ref.ts';

// [networks, draws, inputs, tangents, nIn, nOut]: awkward sizes, shared and per-network input.
const SHAPES: [number, number, number, number, number, number][] = [
  [1, 1, 1, 0, 1, 1],
  [3, 3, 1, 1, 3, 17],
  [5, 2, 2, 2, 17, 3],
  [2, 1, 1, 1, 65, 5],
  [3, 2, 2, 0, 130, 3],
  [2, 2, 1, 0, 257, 2],
  [17, 4, 1, 1, 5, 7],
  [65, 65, 1, 0, 3, 1],
  [4, 3, 3, 3, 8, 8],
  [130, 7, 1, 0, 2, 3],
  [1, 1, 2, 1, 33, 65],
  [6, 5, 1, 1, 16, 16],
];

describe('ensemble layer', () => {
  it('matches the reference over shapes, activations and shared/per-network inputs', async () => {
    const ctx = await testContext();
    let seed = 1;
    let cases = 0;
    for (const [E, draws, primal, tangents, nIn, nOut] of SHAPES)
      for (const [shared, activation] of [
        [true, 'identity'],
        [false, 'relu'],
        [false, 'tanh'],
      ] as [boolean, EnsembleActivation][]) {
        const R = primal + tangents;
        const x = randomArray((shared ? 1 : E) * R * nIn, seed++, -2, 2);
        const scales = randomArray(2 * E, seed++, 0.1, 1.5);
        const o: EnsembleLayerOptions = {
          activation,
          primal,
          nOut,
          draws,
          seed: 7 + seed,
          weightStream: 2 ** 32 + seed,
          biasStream: 5 * 2 ** 32 + seed,
        };
        const xt = ctx.tensor(x, shared ? [R, nIn] : [E, R, nIn]);
        const z = ensembleLayer(xt, ctx.tensor(scales, [E, 2]), o);
        const want = ensembleLayerRef(x, shared, scales, R, nIn, o);
        // f32 sums of up to 257 terms of size ~2 against the same sums in f64: ~1e-5 absolute.
        expect(maxRelErr(await z.read(), want, 1e-4, 1e-4)).toBeLessThanOrEqual(1);
        const m = ensembleMoments(z, primal);
        expect(maxRelErr(await m.read(), ensembleMomentsRef(want, E, R, nOut, primal), 1e-4, 1e-3)).toBeLessThanOrEqual(
          1,
        );
        cases++;
      }
    expect(cases).toBeGreaterThanOrEqual(20);
  });

  it('is bit-identical across runs, and networks sharing a draw differ only by their scales', async () => {
    const ctx = await testContext();
    const [E, draws, nIn, nOut] = [6, 3, 19, 11];
    const x = ctx.tensor(randomArray(2 * nIn, 3), [2, nIn]);
    const scales = Float32Array.from({ length: 2 * E }, (_, i) => (i < 2 * draws ? 1 : 2));
    const o: EnsembleLayerOptions = {
      activation: 'identity',
      primal: 2,
      nOut,
      draws,
      seed: 9,
      weightStream: 1,
      biasStream: 2,
    };
    const a = await ensembleLayer(x, ctx.tensor(scales, [E, 2]), o).read();
    const b = await ensembleLayer(x, ctx.tensor(scales, [E, 2]), o).read();
    expect(Array.from(a)).toEqual(Array.from(b));
    const per = 2 * nOut;
    for (let i = 0; i < draws * per; i++) expect(a[draws * per + i]).toBeCloseTo(2 * a[i], 5);
    // distinct draws differ
    expect(Math.abs(a[0] - a[per])).toBeGreaterThan(1e-6);
  });

  it('rejects rows that are not inputs plus tangents', async () => {
    const ctx = await testContext();
    const o: EnsembleLayerOptions = {
      activation: 'relu',
      primal: 1,
      nOut: 2,
      draws: 1,
      seed: 1,
      weightStream: 1,
      biasStream: 2,
    };
    expect(() => ensembleLayer(ctx.tensor(new Float32Array(3 * 4), [3, 4]), ctx.tensor([1, 0], [1, 2]), o)).toThrow(
      /rows/,
    );
  });
});
