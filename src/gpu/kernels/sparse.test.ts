import { describe, it, expect } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { matmul, type Activation } from './matmul.ts';
import { matmulRef } from './matmul.ref.ts';
import { csrArrays, csrFromWeight, csrMatmul, uploadCsr } from './sparse.ts';

const maskOf = (n: number, seed: number, density: number): Float32Array =>
  randomArray(n, seed, 0, 1).map((u) => (u < density ? 1 : 0));

describe('CSR sparse × dense', () => {
  it('builds CSR of Wᵀ with inputs in increasing order', () => {
    // W [3, 2] = [[1, 0], [0, 2], [3, 4]] with W[2][0] masked.
    const a = csrArrays(Float32Array.of(1, 0, 0, 2, 3, 4), [3, 2], Float32Array.of(1, 1, 1, 1, 0, 1));
    expect([...a.rowPtr]).toEqual([0, 1, 3]);
    expect([...a.colIdx]).toEqual([0, 1, 2]);
    expect([...a.values]).toEqual([1, 2, 4]);
  });

  it('matches the dense masked reference at densities 0.01–1 on awkward shapes', async () => {
    const ctx = await testContext();
    const shapes: Array<[number, number, number]> = [
      [1, 1, 1],
      [3, 17, 5],
      [17, 3, 65],
      [5, 130, 17],
      [130, 65, 3],
      [2, 257, 130],
      [7, 100, 300],
      [33, 64, 64],
      [4, 784, 30],
    ];
    const densities = [0.01, 0.05, 0.2, 0.5, 1];
    const acts: Activation[] = ['identity', 'relu', 'tanh'];
    let cases = 0;
    for (const [s, [B, K, N]] of shapes.entries()) {
      for (const [d, density] of densities.entries()) {
        const seed = 10 * s + d;
        const x = randomArray(B * K, seed, -1, 1);
        const w = randomArray(K * N, seed + 1000, -1, 1);
        const mask = maskOf(K * N, seed + 2000, density);
        const bias = d % 2 === 0 ? randomArray(N, seed + 3000) : null;
        const activation = acts[(s + d) % acts.length];
        const csr = uploadCsr(ctx, csrArrays(w, [K, N], mask));
        const got = ctx.scope(() =>
          csrMatmul(ctx.tensor(x, [B, K]), csr, { bias: bias ? ctx.tensor(bias) : null, activation }),
        );
        const ref = matmulRef({ a: x, aShape: [B, K], b: w, bShape: [K, N], mask, bias, activation }).out;
        const g = await got.read();
        const what = `B=${B} K=${K} N=${N} density=${density}`;
        expect(got.shape, what).toEqual([B, N]);
        expect(maxRelErr(g, ref, 1e-5, 1e-5), what).toBeLessThanOrEqual(1);
        got.dispose();
        csr.dispose();
        cases++;
      }
    }
    expect(cases).toBeGreaterThanOrEqual(20);
  });

  it('builds from GPU tensors, handles an all-pruned layer, and is deterministic', async () => {
    const ctx = await testContext();
    const [B, K, N] = [9, 65, 17];
    const x = ctx.tensor(randomArray(B * K, 1), [B, K]);
    const w = ctx.tensor(randomArray(K * N, 2), [K, N]);
    const mask = ctx.tensor(maskOf(K * N, 3, 0.3), [K, N]);
    const csr = await csrFromWeight(w, mask);
    const a = await csrMatmul(x, csr).read();
    expect([...(await csrMatmul(x, csr).read())]).toEqual([...a]);
    // The dense masked kernel agrees up to summation order.
    expect(maxRelErr(a, await matmul(x, w, { mask }).read(), 1e-5, 1e-5)).toBeLessThanOrEqual(1);
    const empty = await csrFromWeight(w, ctx.tensor(new Float32Array(K * N), [K, N]));
    expect(empty.nnz).toBe(0);
    const bias = randomArray(N, 4);
    const y = await csrMatmul(x, empty, { bias: ctx.tensor(bias) }).read();
    expect([...y]).toEqual(Array.from({ length: B * N }, (_, i) => bias[i % N]));
    csr.dispose();
    empty.dispose();
  });
});
