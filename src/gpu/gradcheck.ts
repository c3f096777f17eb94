/**
 * Finite-difference gradient check for differentiable ops, used by tests. The op is evaluated in
 * f32 on the GPU, so central differences with a moderate step and a loose tolerance are the most
 * that f32 allows; the loss is a fixed random projection so every output element matters.
 */
import type { GpuContext } from './context.ts';
import type { Tensor } from './tensor.ts';
import { backward, noGrad } from './autograd.ts';
import { randomArray } from './testing.ts';

export interface GradCheckResult {
  /** Worst |analytic − numeric| / (atol + rtol·|numeric|) over the checked coordinates. */
  worst: number;
  checked: number;
}

/**
 * `f` maps input tensors to one output tensor. Inputs are given as CPU arrays with shapes; each
 * input listed in `wrt` is checked on up to `samples` coordinates.
 */
export async function gradCheck(
  ctx: GpuContext,
  f: (inputs: Tensor[]) => Tensor,
  inputs: Array<{ data: Float32Array; shape: number[] }>,
  opts: { wrt?: number[]; samples?: number; eps?: number; atol?: number; rtol?: number; seed?: number } = {},
): Promise<GradCheckResult> {
  const { wrt = inputs.map((_, i) => i), samples = 12, eps = 1e-2, atol = 2e-3, rtol = 2e-2, seed = 7 } = opts;
  const evalLoss = async (arrays: Float32Array[], proj: Float32Array): Promise<number> => {
    const t = ctx.scope(() => noGrad(ctx, () => f(arrays.map((a, i) => ctx.tensor(a, inputs[i].shape)))));
    const out = await t.read();
    t.dispose();
    let s = 0;
    for (let i = 0; i < out.length; i++) s += out[i] * proj[i];
    return s;
  };
  // Analytic gradients.
  const tensors = inputs.map((x) => {
    const t = ctx.tensor(x.data, x.shape);
    t.requiresGrad = true;
    return t;
  });
  const out = f(tensors);
  const proj = randomArray(out.size, seed, -1, 1);
  backward(out, ctx.tensor(proj, out.shape));
  const analytic = await Promise.all(
    wrt.map(async (i) => {
      const g = tensors[i].grad;
      if (!g) throw new Error(`no gradient reached input ${i}`);
      return (await g.read()) as Float32Array;
    }),
  );
  for (const t of tensors) t.dispose();
  out.dispose();

  let worst = 0;
  let checked = 0;
  for (const [k, i] of wrt.entries()) {
    const n = inputs[i].data.length;
    const picks = n <= samples ? [...Array(n).keys()] : [...randomArray(samples, seed + i, 0, n)].map(Math.floor);
    for (const j of picks) {
      const arrays = inputs.map((x) => x.data.slice());
      arrays[i][j] += eps;
      const up = await evalLoss(arrays, proj);
      arrays[i][j] -= 2 * eps;
      const down = await evalLoss(arrays, proj);
      const numeric = (up - down) / (2 * eps);
      const e = Math.abs(analytic[k][j] - numeric) / (atol + rtol * Math.abs(numeric));
      worst = Math.max(worst, Number.isNaN(e) ? Infinity : e);
      checked++;
    }
  }
  return { worst, checked };
}
