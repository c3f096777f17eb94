import { describe, expect, it } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { outputPass, type OutputPassOptions } from './two-layer.ts';
import { outputPassRef } from './two-layer.ref.ts';

describe('two-layer output pass', () => {
  it('matches the reference on awkward shapes, both activations and losses, with and without twin', async () => {
    const ctx = await testContext();
    let seed = 1;
    let cases = 0;
    for (const P of [1, 3, 17, 65, 130])
      for (const N of [1, 3, 17, 257])
        for (const twin of [false, true]) {
          const o: OutputPassOptions =
            (seed & 1) === 0
              ? { activation: 'poly', loss: 'mse', c: 0.37, eps: 0.3 }
              : { activation: 'relu', loss: 'logistic', c: 1.9 };
          const W = twin ? 2 * N : N;
          const z = randomArray(P * W, seed++);
          const a = randomArray(N, seed++);
          const h0 = randomArray(P, seed++);
          const d0 = randomArray(P * N, seed++);
          const y =
            o.loss === 'mse'
              ? randomArray(P, seed++)
              : Float32Array.from(randomArray(P, seed++), (v) => (v > 0 ? 1 : -1));
          const got = outputPass(
            ctx.tensor(z, [P, W]),
            ctx.tensor(a),
            ctx.tensor(h0),
            ctx.tensor(d0, [P, N]),
            ctx.tensor(y),
            o,
          );
          const want = outputPassRef(z, a, h0, d0, y, P, W, o);
          expect(maxRelErr(await got.g.read(), want.g, 1e-5, 1e-3)).toBeLessThanOrEqual(1);
          expect(maxRelErr(await got.stats.read(), want.stats, 1e-5, 1e-3)).toBeLessThanOrEqual(1);
          cases++;
        }
    expect(cases).toBeGreaterThanOrEqual(20);
  });
});
