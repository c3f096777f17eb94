import { describe, it, expect } from 'vitest';
import { gradCheck } from '../gradcheck.ts';
import { elrLoss } from '../ops/elr.ts';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import type { Tensor } from '../tensor.ts';
import { elrForward, elrGrad } from './elr.ts';
import { elrRef } from './elr.ref.ts';

// Rows × classes × pool size: none a multiple of the 64-thread workgroup; the widest logits push
// some probabilities under the clamp.
const SHAPES = [
  [1, 2, 3, 4],
  [7, 10, 20, 6],
  [65, 10, 100, 6],
  [130, 3, 131, 3],
  [33, 100, 40, 12],
];

const labelsFor = (rows: number, cols: number, seed: number) =>
  Uint32Array.from(randomArray(rows, seed, 0, cols), Math.floor);

/** A seeded permutation of 0…n−1 (the batch reads a slice of it, as of an epoch's order). */
const orderFor = (n: number, seed: number) => {
  const keys = randomArray(n, seed);
  return Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b]);
};

/** Targets [n, cols] with rows summing to a random mass ≤ 1, as after a few ensemble updates. */
const targetsFor = (n: number, cols: number, seed: number) => {
  const t = randomArray(n * cols, seed, 0, 1);
  const mass = randomArray(n, seed + 1, 0.2, 1);
  for (let i = 0; i < n; i++) {
    const row = t.subarray(i * cols, (i + 1) * cols);
    const s = row.reduce((a, b) => a + b, 0);
    row.forEach((v, k) => (row[k] = (v / s) * mass[i]));
  }
  return t;
};

/** Reads started inside a scope (before its tensors die), awaited after it. */
const reads = (ts: Tensor[]): Array<Promise<Float32Array>> => ts.map((t) => t.read().then((v) => Float32Array.from(v)));

describe('ELR loss (early-learning regularization)', () => {
  it('matches the reference on random shapes: losses, the targets it updates, the gradient', async () => {
    const ctx = await testContext();
    for (const [s, [rows, cols, n, range]] of SHAPES.entries()) {
      const z = randomArray(rows * cols, 10 + s, -range, range);
      const y = labelsFor(rows, cols, 20 + s);
      const order = orderFor(n, 30 + s);
      const offset = Math.floor((n - rows) / 2);
      const t0 = targetsFor(n, cols, 40 + s);
      const o = { lambda: 3, beta: 0.7, offset };
      const g = 0.75;
      const targets = ctx.tensor(t0, [n, cols]).keep();
      const [loss, grad, pool] = await Promise.all(
        ctx.scope(() => {
          const f = elrForward(
            ctx.tensor(z, [rows, cols]),
            ctx.tensor(y, [rows], 'u32'),
            ctx.tensor(order, [n], 'u32'),
            targets,
            o,
          );
          const dz = elrGrad(f, ctx.tensor(y, [rows], 'u32'), o.lambda, 1 / rows, ctx.tensor([g]));
          return reads([f.perExample, dz, targets]);
        }),
      );
      targets.dispose();
      const want = elrRef(z, y, order, t0, { cols, ...o, scale: g / rows });
      const shape = `[${rows}, ${cols}] n=${n}`;
      expect(maxRelErr(loss, want.loss, 1e-5, 1e-4), `loss ${shape}`).toBeLessThanOrEqual(1);
      expect(maxRelErr(grad, want.grad, 1e-6, 1e-4), `grad ${shape}`).toBeLessThanOrEqual(1);
      expect(maxRelErr(pool, want.targets, 1e-7, 1e-5), `targets ${shape}`).toBeLessThanOrEqual(1);
      // Only the batch's examples moved.
      const batch = new Set(order.subarray(offset, offset + rows));
      for (let i = 0; i < n; i++)
        if (!batch.has(i))
          expect(pool.subarray(i * cols, (i + 1) * cols)).toEqual(t0.subarray(i * cols, (i + 1) * cols));
    }
  });

  it('carries the targets across steps in the pool buffer (a temporal ensemble, no readback)', async () => {
    const ctx = await testContext();
    const [rows, cols, n] = [9, 10, 23];
    const order = orderFor(n, 5);
    const zs = [randomArray(rows * cols, 6, -3, 3), randomArray(rows * cols, 7, -3, 3)];
    const y = labelsFor(rows, cols, 8);
    const o = { lambda: 3, beta: 0.7, offset: 4 };
    const targets = ctx.tensor(new Float32Array(n * cols), [n, cols]).keep();
    const losses = await Promise.all(
      ctx.scope(() => {
        const [l1, l2] = zs.map(
          (z) =>
            elrForward(
              ctx.tensor(z, [rows, cols]),
              ctx.tensor(y, [rows], 'u32'),
              ctx.tensor(order, [n], 'u32'),
              targets,
              o,
            ).perExample,
        );
        return reads([l1, l2, targets]);
      }),
    );
    targets.dispose();
    const first = elrRef(zs[0], y, order, new Float32Array(n * cols), { cols, ...o, scale: 1 });
    const second = elrRef(zs[1], y, order, Float32Array.from(first.targets), { cols, ...o, scale: 1 });
    expect(maxRelErr(losses[0], first.loss, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
    expect(maxRelErr(losses[1], second.loss, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
    expect(maxRelErr(losses[2], second.targets, 1e-7, 1e-5)).toBeLessThanOrEqual(1);
    // From zero targets, one update leaves mass 1 − β on a row, two 1 − β².
    const mass = (i: number) => losses[2].subarray(i * cols, (i + 1) * cols).reduce((a, b) => a + b, 0);
    expect(mass(order[4])).toBeCloseTo(1 - 0.7 ** 2, 5);
  });

  it('gives NaN, not a silent number, for a label outside [0, C)', async () => {
    const ctx = await testContext();
    const targets = ctx.tensor(new Float32Array(6), [2, 3]).keep();
    const [loss, grad] = await Promise.all(
      ctx.scope(() => {
        const labels = ctx.tensor([1, 3], [2], 'u32');
        const f = elrForward(ctx.tensor([0, 1, 2, 0, 1, 2], [2, 3]), labels, ctx.tensor([1, 0], [2], 'u32'), targets, {
          lambda: 3,
          beta: 0.7,
          offset: 0,
        });
        return reads([f.perExample, elrGrad(f, labels, 3, 0.5, ctx.tensor([1]))]);
      }),
    );
    targets.dispose();
    expect(Number.isFinite(loss[0]) && Number.isNaN(loss[1])).toBe(true);
    expect(grad.subarray(0, 3).every(Number.isFinite) && grad.subarray(3).every(Number.isNaN)).toBe(true);
  });

  for (const [rows, cols, n] of [
    [1, 3, 2],
    [5, 10, 7],
    [3, 65, 4],
  ]) {
    it(`gradient matches finite differences [${rows}, ${cols}] (targets frozen, β = 1)`, async () => {
      const ctx = await testContext();
      const labels = ctx.tensor(labelsFor(rows, cols, 50 + cols), [rows], 'u32').keep();
      const order = ctx.tensor(orderFor(n, 51 + cols), [n], 'u32').keep();
      const targets = ctx.tensor(targetsFor(n, cols, 52 + cols), [n, cols]).keep();
      const r = await gradCheck(
        ctx,
        ([z]) => elrLoss(z, labels, order, targets, { lambda: 3, beta: 1, offset: n - rows }).loss,
        [{ data: randomArray(rows * cols, 53 + cols, -2, 2), shape: [rows, cols] }],
      );
      expect(r.worst).toBeLessThanOrEqual(1);
      for (const t of [labels, order, targets]) t.dispose();
    });
  }
});
