import { describe, expect, it } from 'vitest';
import type { GpuContext } from '../context.ts';
import { randomGram } from '../test-data.ts';
import { randomArray, testContext } from '../testing.ts';
import { cholesky, choleskySolve, ridgeSolve, ridgeSolveStacked } from './cholesky.ts';
import { choleskyRef, choleskySolveRef } from './cholesky.ref.ts';

/**
 * A random SPD matrix G·Gᵀ/d + shift·I with G n×d: for d ≥ n its condition number is modest, so
 * float32 against float64 can be held to a tight tolerance.
 */
const spd = (n: number, seed: number, shift = 0.5, d = n + 8): Float32Array => randomGram(n, d, seed, shift);

/** Largest |a − b| relative to the largest |b|. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

async function factor(ctx: GpuContext, a: Float32Array, n: number) {
  const { l, info } = ctx.scope(() => cholesky(ctx.tensor(a, [n, n])));
  const out = { l: await l.read(), info: (await info.read())[0] };
  l.dispose();
  info.dispose();
  return out;
}

// Sizes around the 32-wide blocks, 64-wide update tiles and 256-wide panels (333 and 388 span
// two panels; 388 is a multiple of 4, so it takes the vec4 update).
const SIZES = [1, 2, 7, 31, 32, 33, 47, 70, 100, 161, 333, 388];

describe('cholesky (blocked, on the GPU)', () => {
  it('matches the float64 factor within 2e-5 (relative to max |L|) on random SPD matrices', async () => {
    const ctx = await testContext();
    for (const n of SIZES) {
      const a = spd(n, n);
      const { l, info } = await factor(ctx, a, n);
      const ref = choleskyRef(a, n)!;
      expect(info, `n=${n}`).toBe(0);
      expect(relErr(l, ref), `n=${n}`).toBeLessThan(2e-5);
      // Zeros above the diagonal, so L is usable as it is.
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
    }
  });

  it('reports the first non-positive pivot of an indefinite matrix, as the reference finds it', async () => {
    const ctx = await testContext();
    // 161 and 300: the panels below the bad pivot's block span several workgroups.
    for (const [n, bad] of [
      [5, 3],
      [40, 35],
      [70, 33],
      [161, 100],
      [300, 20],
    ]) {
      const a = spd(n, 7 * n);
      // Zeroing row and column `bad` and putting −1 on its diagonal makes pivot `bad` exactly −1.
      for (let j = 0; j < n; j++) a[bad * n + j] = a[j * n + bad] = 0;
      a[bad * n + bad] = -1;
      expect(choleskyRef(a, n), `n=${n}`).toBeNull();
      expect((await factor(ctx, a, n)).info, `n=${n}`).toBe(bad + 1);
    }
  });

  it('solves L·Lᵀ·X = B for several right-hand sides within 1e-4 of float64', async () => {
    const ctx = await testContext();
    for (const [n, m] of [
      [1, 1],
      [33, 3],
      [70, 17],
      [100, 1],
      [129, 40],
    ]) {
      const a = spd(n, 3 * n + m);
      const b = randomArray(n * m, n + m, -1, 1);
      const x = ctx.scope(() => {
        const { l } = cholesky(ctx.tensor(a, [n, n]));
        return choleskySolve(l, ctx.tensor(b, [n, m]));
      });
      const got = await x.read();
      x.dispose();
      const ref = choleskySolveRef(choleskyRef(a, n)!, n, b, m);
      expect(relErr(got, ref), `n=${n} m=${m}`).toBeLessThan(1e-4);
    }
  });

  it('factors a stack of matrices, each as it would be alone, within 2e-5 of float64', async () => {
    const ctx = await testContext();
    for (const n of [33, 130]) {
      const mats = [0, 1, 2].map((z) => spd(n, 100 * n + z));
      const stack = new Float32Array(3 * n * n);
      mats.forEach((m, z) => stack.set(m, z * n * n));
      const { l, info } = ctx.scope(() => cholesky(ctx.tensor(stack, [3, n, n])));
      const got = await l.read();
      expect([...(await info.read())], `n=${n}`).toEqual([0, 0, 0]);
      for (const [z, m] of mats.entries())
        expect(relErr(got.subarray(z * n * n, (z + 1) * n * n), choleskyRef(m, n)!), `n=${n} z=${z}`).toBeLessThan(
          2e-5,
        );
      l.dispose();
      info.dispose();
    }
  });

  it('gives the same bits on every run (fixed summation order)', async () => {
    const ctx = await testContext();
    const a = spd(70, 5);
    const first = (await factor(ctx, a, 70)).l;
    const second = (await factor(ctx, a, 70)).l;
    expect(Buffer.from(second.buffer).equals(Buffer.from(first.buffer))).toBe(true);
  });
});

describe('ridgeSolve', () => {
  it('solves (K + λI)·α = Y for each λ within 1e-4 of float64, flagging λ that leave K indefinite', async () => {
    const ctx = await testContext();
    const n = 45;
    const m = 2;
    // K − 0.3·I: indefinite when λ < 0.3 − λmin(K + … ); λ = 0 must be flagged, large λ solved.
    const k = spd(n, 11, 0).map((v, i) => (i % (n + 1) === 0 ? v - 0.3 : v));
    const y = randomArray(n * m, 12, -1, 1);
    const lambdas = [0, 0.4, 1, 10, 1000];
    const { alphas, info } = ctx.scope(() => ridgeSolve(ctx.tensor(k, [n, n]), ctx.tensor(y, [n, m]), lambdas));
    const flags = await info.read();
    for (const [i, lambda] of lambdas.entries()) {
      const shifted = k.map((v, e) => (e % (n + 1) === 0 ? v + lambda : v));
      const l = choleskyRef(shifted, n);
      expect(flags[i] === 0, `λ=${lambda}`).toBe(l !== null);
      if (l) expect(relErr(await alphas[i].read(), choleskySolveRef(l, n, y, m)), `λ=${lambda}`).toBeLessThan(1e-4);
      alphas[i].dispose();
    }
    info.dispose();
    expect(flags[0]).not.toBe(0);
  });

  it('stacks the α of many λ, the same in chunks as in one batch (n = 190, 7 λ, chunks of 2)', async () => {
    const ctx = await testContext();
    const n = 190;
    const m = 3;
    const k = spd(n, 21, 0, 40); // rank 40: K alone is singular, K + λI is not
    const y = randomArray(n * m, 22, -1, 1);
    const lambdas = [1e-3, 1e-2, 0.03, 0.1, 0.3, 1, 10];
    const solve = async (batchBytes?: number) => {
      const { alpha, info } = ctx.scope(() =>
        ridgeSolveStacked(ctx.tensor(k, [n, n]), ctx.tensor(y, [n, m]), lambdas, { batchBytes }),
      );
      const out = { alpha: await alpha.read(), info: [...(await info.read())] };
      alpha.dispose();
      info.dispose();
      return out;
    };
    const whole = await solve();
    const chunked = await solve(2 * n * n * 4);
    expect(whole.info).toEqual(lambdas.map(() => 0));
    expect(Buffer.from(chunked.alpha.buffer).equals(Buffer.from(whole.alpha.buffer))).toBe(true);
    for (const [i, lambda] of lambdas.entries()) {
      const l = choleskyRef(
        k.map((v, e) => (e % (n + 1) === 0 ? v + lambda : v)),
        n,
      )!;
      // Tolerance scales with the condition number: κ ≈ (λmax + λ)/λ reaches ~1e4 at λ = 1e-3.
      const tol = 2e-6 * (1 + 10 / lambda);
      expect(
        relErr(whole.alpha.subarray(i * n * m, (i + 1) * n * m), choleskySolveRef(l, n, y, m)),
        `λ=${lambda}`,
      ).toBeLessThan(tol);
    }
  });
});
