import { describe, expect, it } from 'vitest';
import { fill, mul, unary, unaryGrad } from './kernels/elementwise.ts';
import { matmul } from './kernels/matmul.ts';
import { twoLayerNtk } from './laziness.ts';
import { empiricalNtk, ntkFromGradients, perExampleGradients } from './ntk.ts';
import { relu, scale } from './ops/elementwise.ts';
import { matmulOp } from './ops/linear.ts';
import type { GpuContext } from './context.ts';
import type { Tensor } from './tensor.ts';
import { maxRelErr, randomArray, testContext } from './testing.ts';

/** f(x_p) = c·Σᵢ aᵢ relu(wᵢ·x_p) on the GPU tape, for example p of x [P, D]. */
function twoLayer(ctx: GpuContext, x: Float32Array, D: number, w: Tensor, a: Tensor, c: number) {
  return (p: number) => scale(matmulOp(relu(matmulOp(ctx.tensor(x.subarray(p * D, (p + 1) * D), [1, D]), w)), a), c);
}

/** The same net on the CPU in float64, parameters flattened as (W [D, N], a [N]). */
function twoLayerRef(theta: Float64Array, x: Float32Array, p: number, D: number, N: number, c: number): number {
  let f = 0;
  for (let i = 0; i < N; i++) {
    let z = 0;
    for (let d = 0; d < D; d++) z += theta[d * N + i] * x[p * D + d];
    f += theta[D * N + i] * Math.max(z, 0);
  }
  return c * f;
}

/** K = G·Gᵀ with G from central differences of twoLayerRef. */
function finiteDifferenceNtk(
  theta: Float64Array,
  x: Float32Array,
  P: number,
  D: number,
  N: number,
  c: number,
): Float64Array {
  const h = 1e-5;
  const g = new Float64Array(P * theta.length);
  for (let p = 0; p < P; p++)
    for (let j = 0; j < theta.length; j++) {
      const t = Float64Array.from(theta);
      t[j] += h;
      const up = twoLayerRef(t, x, p, D, N, c);
      t[j] -= 2 * h;
      g[p * theta.length + j] = (up - twoLayerRef(t, x, p, D, N, c)) / (2 * h);
    }
  const k = new Float64Array(P * P);
  for (let p = 0; p < P; p++)
    for (let q = 0; q < P; q++) {
      let s = 0;
      for (let j = 0; j < theta.length; j++) s += g[p * theta.length + j] * g[q * theta.length + j];
      k[p * P + q] = s;
    }
  return k;
}

describe('empirical NTK from per-example gradients', () => {
  it('matches the analytic first-layer NTK of a two-layer ReLU net', async () => {
    const ctx = await testContext();
    let seed = 1;
    for (const [P, D, N] of [
      [1, 3, 5],
      [5, 4, 6],
      [17, 3, 9],
    ]) {
      const c = 1 / Math.sqrt(N);
      const x = randomArray(P * D, seed++);
      const w = ctx.tensor(randomArray(D * N, seed++), [D, N]);
      const aHost = randomArray(N, seed++);
      const a = ctx.tensor(aHost, [N, 1]);
      w.requiresGrad = true;
      const k = await empiricalNtk([w], P, twoLayer(ctx, x, D, w, a, c)).read();
      const xt = ctx.tensor(x, [P, D]);
      const z = matmul(xt, w);
      // aᵢ·φ'(wᵢ·x) folded into D, as twoLayerNtk expects.
      const slopes = mul(unaryGrad('relu', z, unary('relu', z), fill(ctx, z.shape, 1)), ctx.tensor(aHost));
      const ref = await twoLayerNtk(xt, slopes, xt, slopes, c).read();
      expect(maxRelErr(k, ref, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
    }
  });

  it('matches finite differences over both layers, and cross kernels are consistent', async () => {
    const ctx = await testContext();
    const [P, D, N] = [6, 3, 4];
    const c = 0.5;
    const x = randomArray(P * D, 41);
    const theta = Float64Array.from([...randomArray(D * N, 42), ...randomArray(N, 43)]);
    const w = ctx.tensor(Float32Array.from(theta.subarray(0, D * N)), [D, N]);
    const a = ctx.tensor(Float32Array.from(theta.subarray(D * N)), [N, 1]);
    w.requiresGrad = true;
    a.requiresGrad = true;
    const g = perExampleGradients([w, a], P, twoLayer(ctx, x, D, w, a, c));
    expect(g.shape).toEqual([P, D * N + N]);
    const k = await ntkFromGradients(g, g).read();
    expect(maxRelErr(k, finiteDifferenceNtk(theta, x, P, D, N, c), 1e-4, 1e-3)).toBeLessThanOrEqual(1);
    // The kernel is symmetric positive semi-definite: a Gram matrix.
    for (let p = 0; p < P; p++) {
      expect(k[p * P + p]).toBeGreaterThan(0);
      for (let q = 0; q < P; q++) expect(k[p * P + q]).toBeCloseTo(k[q * P + p], 5);
    }
    expect(w.grad).toBeNull();
    expect(a.grad).toBeNull();
  });
});
