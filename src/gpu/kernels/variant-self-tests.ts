/**
 * Self-tests of the GPU variants that kernelVariant (variants.ts) picks: each runs its family's
 * 'gpu' variant and its plain fallback ('gpu-plain', which the kernel tests hold to the TypeScript
 * references on every adapter) on one small case with sizes off the variant's tiles, and resolves
 * to null when they agree, else to what disagreed — for a device probe that turns a disagreeing
 * variant off. Tolerances: inputs lie in [−1, 1], so each f32 sum of n products is within 1e-5·n of
 * the exact one and two of them within 2e-5·n; attention outputs within 4e-5 + 2e-4 relative (twice
 * attention.test.ts's tolerance against the reference).
 */
import type { GpuContext, KernelVariant } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { randomArray } from '../xorshift.ts';
import { attention, attentionBackward } from './attention.ts';
import { conv2d, conv2dInputGrad, conv2dWeightGrad } from './conv2d.ts';
import { matmul } from './matmul.ts';
import { registerVariant } from '../variants.ts';
import { gpuVariantName, type KernelFamily } from './variants.ts';

/** Tolerance of output i: absolute and relative. */
type Tolerance = [number, number];

/** An absolute tolerance between two f32 sums of `terms` products of values in [−1, 1]. */
const sumTolerance = (terms: number): Tolerance => [2e-5 * terms + 1e-6, 0];

/**
 * null when every output of the variant is within its tolerance of the fallback's, else the name and
 * worst error (in tolerances) of the first that is not.
 */
export function disagreement(
  names: string[],
  got: ArrayLike<number>[],
  want: ArrayLike<number>[],
  tol: Tolerance[],
): string | null {
  for (const [i, name] of names.entries()) {
    const [atol, rtol] = tol[i];
    let worst = 0;
    for (let j = 0; j < want[i].length; j++) {
      const e = Math.abs(got[i][j] - want[i][j]) / (atol + rtol * Math.abs(want[i][j]));
      worst = e <= worst ? worst : Number.isNaN(e) ? Infinity : e;
    }
    if (!(worst <= 1)) return `${name}: max error ${worst.toPrecision(3)} × tolerance`;
  }
  return null;
}

/** Encode `f` with ctx.kernelVariant set to `variant`, then read its outputs. */
async function runAs(ctx: GpuContext, variant: KernelVariant, f: () => Tensor[]): Promise<Float32Array[]> {
  const before = ctx.kernelVariant;
  ctx.kernelVariant = variant;
  let outs: Tensor[];
  try {
    outs = ctx.scope(f);
  } finally {
    ctx.kernelVariant = before;
  }
  const read = await Promise.all(outs.map((t) => t.read() as Promise<Float32Array>));
  outs.forEach((t) => t.dispose());
  return read;
}

/** The 'gpu' variant's outputs against the 'gpu-plain' ones. */
async function compare(ctx: GpuContext, names: string[], tol: Tolerance[], f: () => Tensor[]): Promise<string | null> {
  const got = await runAs(ctx, 'gpu', f);
  const want = await runAs(ctx, 'gpu-plain', f);
  return disagreement(names, got, want, tol);
}

const data = (n: number, seed: number): Float32Array => randomArray(n, seed, -1, 1);

async function matmulSelfTest(ctx: GpuContext): Promise<string | null> {
  // Past one 128×128 tile in both directions, K past three k-tiles, B transposed, bias and relu.
  const [M, N, K] = [37, 131, 29];
  const [a, b, bias] = [data(M * K, 1), data(N * K, 2), data(N, 3)];
  return compare(ctx, ['matmul'], [sumTolerance(K + 1)], () => [
    matmul(ctx.tensor(a, [M, K]), ctx.tensor(b, [N, K]), {
      transB: true,
      bias: ctx.tensor(bias, [N]),
      activation: 'relu',
    }),
  ]);
}

async function convSelfTest(ctx: GpuContext): Promise<string | null> {
  // 126 pixel rows, 70 output channels (a 128-wide tile, partly empty), 5 input channels (scalar loads).
  const [B, H, W, C, O] = [2, 7, 9, 5, 70];
  const [x, w, gz] = [data(B * H * W * C, 4), data(O * C * 9, 5), data(B * H * W * O, 6)];
  const names = ['conv2d', 'conv2dInputGrad', 'conv2dWeightGrad'];
  return compare(ctx, names, [9 * C, 9 * O, B * H * W].map(sumTolerance), () => {
    const [xt, wt, g] = [ctx.tensor(x, [B, H, W, C]), ctx.tensor(w, [O, C, 3, 3]), ctx.tensor(gz, [B, H, W, O])];
    return [
      conv2d(xt, wt, { padding: 1 }),
      conv2dInputGrad(g, wt, xt.shape, { padding: 1 }),
      conv2dWeightGrad(xt, g, [3, 3], { padding: 1 }),
    ];
  });
}

async function attentionSelfTest(ctx: GpuContext): Promise<string | null> {
  // 70 queries and keys: past the 64-row workgroup and the key tiles; causal.
  const [B, T, H, D] = [2, 70, 2, 8];
  const [q, k, v, dout] = [7, 8, 9, 10].map((seed) => data(B * T * H * D, seed));
  const names = ['attention out', 'attention dq', 'attention dk', 'attention dv'];
  return compare(
    ctx,
    names,
    names.map((): Tolerance => [4e-5, 2e-4]),
    () => {
      const t = (x: Float32Array): Tensor => ctx.tensor(x, [B, T, H * D]);
      const [qt, kt, vt] = [t(q), t(k), t(v)];
      const opts = { heads: H, causal: true };
      const r = attention(qt, kt, vt, opts);
      const g = attentionBackward(qt, kt, vt, r.out, r.lse, t(dout), opts);
      return [r.out, g.dq, g.dk, g.dv];
    },
  );
}

export const variantSelfTests: Record<KernelFamily, (ctx: GpuContext) => Promise<string | null>> = {
  matmul: matmulSelfTest,
  conv: convSelfTest,
  attention: attentionSelfTest,
};

// Registered where the lab's device probe (src/lab/worker.ts) imports this module: the probe runs
// each self-test once per device and turns off, there only, the 'gpu' variant that disagrees.
for (const family of Object.keys(variantSelfTests) as KernelFamily[])
  registerVariant({ name: gpuVariantName(family), op: family, kinds: ['gpu'], selfTest: variantSelfTests[family] });
