import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../../gpu/context.ts';
import { testContext } from '../../../gpu/testing.ts';
import { GpuSplit } from '../../loader.ts';
import { drawUnits, nodeMasks, randomSearch, type SearchResult, type SearchSpec } from './random-search.ts';
import { quadrants } from './quadrants.ts';

const data = quadrants();

describe('random search over node masks', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await testContext();
  });

  it('node masks remove a unit’s column in the layer feeding it and its row in the next, for awkward widths', async () => {
    for (const [hidden, density] of [
      [[3, 17], 0.34],
      [[65], 0.5],
      [[1, 130, 7], 0.3],
    ] as const) {
      const units = drawUnits(ctx, hidden, density, 5, 2);
      const flags = await Promise.all(units.map(async (u) => [...(await u.read())]));
      flags.forEach((f, l) => expect(f.reduce((a, v) => a + v, 0)).toBe(Math.round(density * hidden[l])));
      const sizes = [16, ...hidden, 4];
      const shapes = sizes.slice(0, -1).map((n, i) => [n, sizes[i + 1]] as const);
      const masks = nodeMasks(units, shapes);
      for (const [i, [rows, cols]] of shapes.entries()) {
        const m = await masks[i].read();
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            const want = (i > 0 ? flags[i - 1][r] : 1) * (i < hidden.length ? flags[i][c] : 1);
            expect(m[r * cols + c]).toBe(want);
          }
        }
      }
      [...units, ...masks].forEach((t) => t.dispose());
    }
  });

  describe('a tiny search', () => {
    let train: GpuSplit;
    let val: GpuSplit;
    let test: GpuSplit;
    let result: SearchResult;
    const spec: SearchSpec = {
      full: {
        model: 'mlp',
        hidden: [32, 32],
        optimizer: 'adam',
        lr: 0.01,
        momentum: 0,
        schedule: 'constant',
        batch: 32,
        steps: 12,
        evals: 1,
      },
      proxySteps: 2,
      candidates: 4,
      density: 0.25,
    };
    beforeAll(async () => {
      train = new GpuSplit(
        ctx,
        data,
        data.train,
        Uint32Array.from({ length: 192 }, (_, i) => i),
      );
      val = new GpuSplit(
        ctx,
        data,
        data.train,
        Uint32Array.from({ length: 64 }, (_, i) => 192 + i),
      );
      test = new GpuSplit(ctx, data, data.test);
      const it = randomSearch(ctx, train, val, test, spec, 3, { inputs: 16, classes: 4 });
      const proxies: number[] = [];
      let r = await it.next();
      for (; !r.done; r = await it.next()) proxies.push(r.value.proxy);
      result = r.value;
      expect(proxies).toEqual(result.proxy);
    });
    afterAll(() => [train, val, test].forEach((s) => s.dispose()));

    it('scores K candidates and reports best-of-k for every k, the winner being the proxy’s argmax', () => {
      expect(result.proxy).toHaveLength(4);
      expect(result.bestOfK).toHaveLength(4);
      const argmax = result.proxy.indexOf(Math.max(...result.proxy));
      expect(result.best).toBe(argmax);
      result.bestOfK.forEach((a) => expect(a).toBeGreaterThan(0.4));
      expect(unitsKept(result)).toEqual([8, 8]);
    });

    /** The search's result for `variant` of the spec, from init seed 3. */
    async function search(variant: Partial<SearchSpec>): Promise<SearchResult> {
      const it = randomSearch(ctx, train, val, test, { ...spec, ...variant }, 3, { inputs: 16, classes: 4 });
      let r = await it.next();
      while (!r.done) r = await it.next();
      return r.value;
    }
    const unitsKept = (r: SearchResult) => r.bestUnits.map((u) => u.reduce((a, v) => a + v, 0));

    it('is deterministic: the same seed gives the same proxy scores', async () => {
      expect((await search({ candidates: 2 })).proxy).toEqual(result.proxy.slice(0, 2));
    });

    it('a planted candidate keeps its own share of units and leaves the other candidates as they were', async () => {
      const planted = await search({ candidates: 2, planted: { candidate: 1, density: 1 } });
      expect(planted.proxy[0]).toBe(result.proxy[0]);
      const kept = planted.best === 1 ? 32 : 8;
      expect(unitsKept(planted)).toEqual([kept, kept]);
      expect(unitsKept(await search({ candidates: 1, planted: { candidate: 0, density: 0.5 } }))).toEqual([16, 16]);
    });
  });
});
