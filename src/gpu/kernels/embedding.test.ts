import { describe, it, expect } from 'vitest';
import type { Tensor } from '../tensor.ts';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { addPositions, embeddingGrad, embeddingLookup, fromPatches, positionsGrad, toPatches } from './embedding.ts';
import { addPositionsRef, lookupGradRef, lookupRef, positionsGradRef, toPatchesRef } from './embedding.ref.ts';

async function readAll(ts: Tensor[]): Promise<Float32Array[]> {
  const out = await Promise.all(ts.map((t) => t.read() as Promise<Float32Array>));
  ts.forEach((t) => t.dispose());
  return out;
}

// [B, T, V, d]
const SEQ = [
  [1, 1, 1, 1],
  [1, 3, 5, 3],
  [2, 17, 10, 8],
  [3, 65, 7, 16],
  [2, 3, 130, 1],
  [1, 17, 257, 4],
  [3, 1, 3, 65],
  [2, 5, 2, 17],
  [1, 64, 33, 3],
  [3, 10, 4, 130],
  [2, 2, 1, 2],
  [1, 128, 20, 8],
  [2, 9, 9, 9],
  [3, 3, 3, 3],
  [1, 7, 1000, 5],
  [2, 33, 6, 1],
  [1, 2, 2, 257],
  [3, 4, 17, 7],
  [2, 65, 65, 2],
  [1, 1, 5, 64],
];

describe('embedding and position kernels', () => {
  it(`lookup, its gradient, positions and their gradient match the reference on ${SEQ.length} shapes`, async () => {
    const ctx = await testContext();
    for (const [s, [B, T, V, d]] of SEQ.entries()) {
      const table = randomArray(V * d, 10 + s);
      // Some ids repeat, one is out of range (zero row, no gradient).
      const ids = Uint32Array.from(randomArray(B * T, 20 + s, 0, V), Math.floor);
      if (B * T > 2) ids[1] = V + 3;
      const g = randomArray(B * T * d, 30 + s);
      const Tmax = T + (s % 3);
      const pos = randomArray(Tmax * d, 40 + s);
      const [emb, gTable, withPos, gPos] = await readAll(
        ctx.scope(() => {
          const idt = ctx.tensor(ids, [B, T], 'u32');
          const e = embeddingLookup(ctx.tensor(table, [V, d]), idt);
          const gt = ctx.tensor(g, [B, T, d]);
          const post = ctx.tensor(pos, [Tmax, d]);
          return [e, embeddingGrad(gt, idt, V), addPositions(e, post), positionsGrad(gt, post)];
        }),
      );
      const what = `[${B}, ${T}] ids, [${V}, ${d}] table`;
      const ref = lookupRef(table, d, ids);
      expect([...emb], `lookup ${what}`).toEqual([...ref]);
      expect(maxRelErr(gTable, lookupGradRef(g, d, ids, V), 1e-6, 1e-5), `lookup grad ${what}`).toBeLessThanOrEqual(1);
      expect([...withPos], `positions ${what}`).toEqual([...addPositionsRef(ref, pos, T, d)]);
      expect(
        maxRelErr(gPos, positionsGradRef(g, Tmax, T, d), 1e-6, 1e-5),
        `positions grad ${what}`,
      ).toBeLessThanOrEqual(1);
    }
  });
});

// [B, H, W, C, P]
const IMAGES = [
  [1, 1, 1, 1, 1],
  [2, 4, 4, 1, 2],
  [1, 28, 28, 1, 7],
  [3, 6, 9, 3, 3],
  [2, 32, 32, 3, 4],
  [1, 5, 5, 2, 5],
  [2, 3, 6, 1, 3],
  [1, 8, 4, 3, 2],
  [3, 2, 2, 17, 1],
  [1, 10, 10, 1, 5],
  [2, 12, 8, 2, 4],
  [1, 16, 16, 3, 8],
  [3, 9, 3, 1, 3],
  [2, 14, 14, 1, 2],
  [1, 4, 8, 4, 4],
  [2, 6, 6, 3, 6],
  [1, 3, 3, 3, 1],
  [2, 2, 4, 1, 2],
  [1, 20, 10, 2, 5],
  [3, 8, 8, 1, 8],
];

describe('patch kernels', () => {
  it(`toPatches matches the reference and fromPatches inverts it on ${IMAGES.length} geometries`, async () => {
    const ctx = await testContext();
    for (const [s, [B, H, W, C, P]] of IMAGES.entries()) {
      const img = randomArray(B * H * W * C, 50 + s);
      const [patches, back] = await readAll(
        ctx.scope(() => {
          const pt = toPatches(ctx.tensor(img, [B, H * W * C]), { H, W, C, P });
          return [pt, fromPatches(pt, { H, W, C, P })];
        }),
      );
      expect([...patches], `[${B}, ${H}, ${W}, ${C}] / ${P}`).toEqual([...toPatchesRef(img, B, H, W, C, P)]);
      expect([...back]).toEqual([...img]);
    }
  });
});
