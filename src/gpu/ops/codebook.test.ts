import { describe, it, expect } from 'vitest';
import { randomArray, testContext } from '../testing.ts';
import { gradCheck } from '../gradcheck.ts';
import { backward } from '../autograd.ts';
import { codebookSnap } from './codebook.ts';
import { topKRef, normalizeRowsRef } from '../kernels/codebook.ref.ts';

describe('codebookSnap', () => {
  it('outputs the mean of the k most cosine-similar codes (CPU reference on [37, 6] rows, 11 codes, k = 3)', async () => {
    const ctx = await testContext();
    const [rows, d, codes, k] = [37, 6, 11, 3];
    const h = randomArray(rows * d, 1);
    const c = randomArray(codes * d, 2, -2, 2);
    const { out, ids } = ctx.scope(() => codebookSnap(ctx.tensor(h, [rows, d]), ctx.tensor(c, [codes, d]), k));
    const got = await out.read();
    const chat = normalizeRowsRef(c, codes, d);
    const scores = new Float32Array(rows * codes);
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < codes; j++)
        for (let i = 0; i < d; i++) scores[r * codes + j] += h[r * d + i] * chat[j * d + i];
    const want = topKRef(scores, rows, codes, k);
    expect([...(await ids.read())]).toEqual([...want.ids]);
    for (let r = 0; r < rows; r++)
      for (let i = 0; i < d; i++) {
        let m = 0;
        for (let j = 0; j < k; j++) m += c[want.ids[r * k + j] * d + i] / k;
        expect(Math.abs(got[r * d + i] - m)).toBeLessThan(1e-5);
      }
  });

  it('the codebook gradient matches finite differences; the input gets the output gradient straight through', async () => {
    const ctx = await testContext();
    const [rows, d, codes, k] = [9, 5, 7, 2];
    const h = { data: randomArray(rows * d, 3), shape: [rows, d] };
    const c = { data: randomArray(codes * d, 4), shape: [codes, d] };
    // Differences in C at ε = 1e-2 can flip a near-tied choice; this seed's margins are wider than that.
    const r = await gradCheck(ctx, ([x, cb]) => codebookSnap(x, cb, k).out, [h, c], { wrt: [1] });
    expect(r.worst).toBeLessThanOrEqual(1);
    const x = ctx.tensor(h.data, h.shape);
    const cb = ctx.tensor(c.data, c.shape);
    x.requiresGrad = true;
    cb.requiresGrad = true;
    const g = randomArray(rows * d, 9);
    backward(codebookSnap(x, cb, k).out, ctx.tensor(g, [rows, d]));
    expect([...(await x.grad!.read())]).toEqual([...g]);
    x.dispose();
    cb.dispose();
  });
});
