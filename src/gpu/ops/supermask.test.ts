import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { gradCheck } from '../gradcheck.ts';
import { backward } from '../autograd.ts';
import { supermaskWeight, topScoreMask } from './supermask.ts';

/** Sorting reference: 1 for the `keep` largest |s| (scores are continuous, so no ties). */
function topRef(s: Float32Array, keep: number): Float32Array {
  const order = [...s.keys()].sort((a, b) => Math.abs(s[b]) - Math.abs(s[a]));
  const m = new Float32Array(s.length);
  for (const i of order.slice(0, keep)) m[i] = 1;
  return m;
}

const SHAPES: [number, number][] = [
  [1, 1],
  [1, 3],
  [3, 17],
  [17, 3],
  [65, 2],
  [2, 130],
  [257, 1],
  [13, 29],
  [784, 16],
  [40, 40],
  [7, 7],
  [5, 65],
  [130, 3],
  [1, 257],
  [33, 31],
  [9, 100],
  [100, 9],
  [64, 64],
  [3, 3],
  [17, 17],
];

describe('supermask (edge-popup, straight-through)', () => {
  it('keeps exactly the top-|score| entries and routes g⊙w⊙sign(s) to every score, on 20 random shapes', async () => {
    const ctx = await testContext();
    for (const [t, [r, c]] of SHAPES.entries()) {
      const n = r * c;
      const keep = Math.max(1, Math.round(n * [0.5, 0.1, 0.9, 1][t % 4]));
      const w = randomArray(n, 10 + t);
      const s = randomArray(n, 100 + t);
      const g = randomArray(n, 1000 + t);
      const [out, grad, scores] = ctx.scope(() => {
        const st = ctx.tensor(s, [r, c]);
        st.requiresGrad = true;
        const o = supermaskWeight(ctx.tensor(w, [r, c]), st, keep);
        backward(o, ctx.tensor(g, [r, c]));
        // st comes back too: a tensor's gradient is freed with it.
        return [o, st.grad!, st];
      });
      const weff = await out.read();
      const gs = await grad.read();
      out.dispose();
      scores.dispose();
      const m = topRef(s, keep);
      expect([...weff], `W_eff ${r}×${c} keep ${keep}`).toEqual([...w.map((v, i) => v * m[i])]);
      // The straight-through gradient: every score gets g·w·sign(s), also the ones outside the mask (exact f32 products).
      expect([...gs], `dL/ds ${r}×${c}`).toEqual([...g.map((v, i) => Math.fround(v * w[i]) * Math.sign(s[i]))]);
    }
  });

  it('topScoreMask with keep ≥ size keeps everything', async () => {
    const ctx = await testContext();
    const m = ctx.scope(() => topScoreMask(ctx.tensor(randomArray(17, 3), [17]), 17));
    expect([...(await m.read())]).toEqual(new Array(17).fill(1));
    m.dispose();
  });

  it('its gradient with respect to the frozen weight is the true one (finite differences)', async () => {
    const ctx = await testContext();
    const s = randomArray(6 * 5, 4);
    const r = await gradCheck(ctx, ([w]) => supermaskWeight(w, ctx.tensor(s, [6, 5]), 12), [
      { data: randomArray(30, 5), shape: [6, 5] },
    ]);
    expect(r.worst).toBeLessThanOrEqual(1);
  });
});
