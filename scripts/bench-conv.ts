/**
 * Convolution throughput: `npx tsx scripts/gpu-node.ts scripts/bench-conv.ts [--batches=8,32]
 * [--size=32] [--channels=64] [--reps=5] [--kernels=auto]`. A Conv-4 layer (3×3, padding 1, C→C
 * channels, NHWC): median GFLOP/s (min–max) of the forward, input-gradient and weight-gradient
 * kernels, each 2·B·H·W·C²·9 FLOPs, for each ctx.kernelVariant in --kernels (e.g. cpu,gpu to compare
 * the register kernels with the workgroup tiles). Each kernel is first checked against the
 * reference on a small shape, and every timed sample's three outputs are kept until done, then
 * checked together by linearity: ⟨conv(x, w), g⟩ = ⟨x, dX(g, w)⟩ = ⟨w, dW(x, g)⟩ (bench/common.ts).
 */
import { GpuContext, type KernelVariant } from '../src/gpu/context.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { adapterLabel } from '../src/gpu/device.ts';
import { randomArray } from '../src/gpu/xorshift.ts';
import type { Tensor } from '../src/gpu/tensor.ts';
import { conv2d, conv2dInputGrad, conv2dWeightGrad } from '../src/gpu/kernels/conv2d.ts';
import { conv2dInputGradRef, conv2dRef, conv2dWeightGradRef } from '../src/gpu/kernels/conv2d.ref.ts';
import { mul } from '../src/gpu/kernels/elementwise.ts';
import { sum } from '../src/gpu/kernels/reduce.ts';
import { expectLinear, positive } from '../bench/common.ts';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const batches = arg('batches', '8,32').split(',').map(Number);
const S = Number(arg('size', '32'));
const C = Number(arg('channels', '64'));
const reps = Number(arg('reps', '5'));
const variants = arg('kernels', 'auto').split(',') as KernelVariant[];

const ctx = await GpuContext.create(await nodeGpu());
console.log(`adapter: ${adapterLabel(ctx.report)}`);

type Kernel = (x: Tensor, w: Tensor, g: Tensor) => Tensor;
const geo = { padding: 1 };
const kernels: Record<string, Kernel> = {
  forward: (x, w) => conv2d(x, w, geo),
  'input-grad': (x, w, g) => conv2dInputGrad(g, w, x.shape, geo),
  'weight-grad': (x, _w, g) => conv2dWeightGrad(x, g, [3, 3], geo),
};

async function check(): Promise<void> {
  const [B, H, c] = [2, 6, 8];
  const r = {
    x: randomArray(B * H * H * c, 1),
    xShape: [B, H, H, c],
    w: randomArray(c * c * 9, 2),
    wShape: [c, c, 3, 3],
    padding: 1,
  };
  const g = randomArray(B * H * H * c, 3);
  const want: Record<string, Float32Array> = {
    forward: conv2dRef(r).out,
    'input-grad': conv2dInputGradRef(r, g),
    'weight-grad': conv2dWeightGradRef(r, g),
  };
  for (const [name, k] of Object.entries(kernels)) {
    const out = ctx.scope(() => k(ctx.tensor(r.x, r.xShape), ctx.tensor(r.w, r.wShape), ctx.tensor(g, r.xShape)));
    const got = (await out.read()) as Float32Array;
    out.dispose();
    const worst = got.reduce((m, v, i) => Math.max(m, Math.abs(v - want[name][i])), 0);
    if (!(worst <= 1e-4)) throw new Error(`${name}: max error ${worst} exceeds 1e-4`);
  }
}

/** Per sample: each kernel timed alone to completion, its output kept; then the three checked together. */
async function time(B: number): Promise<Record<string, number[]>> {
  const x = ctx.tensor(positive(B * S * S * C, 4), [B, S, S, C]).keep();
  const w = ctx.tensor(randomArray(C * C * 9, 5, -0.1, 0.1), [C, C, 3, 3]).keep();
  const g = ctx.tensor(positive(B * S * S * C, 6), [B, S, S, C]).keep();
  const sample = async (): Promise<Record<string, number>> => {
    const ms: Record<string, number> = {};
    const outs: Record<string, Tensor> = {};
    for (const [name, k] of Object.entries(kernels)) {
      const t0 = performance.now();
      outs[name] = ctx.scope(() => k(x, w, g));
      await ctx.sync();
      ms[name] = performance.now() - t0;
    }
    const dots = ctx.scope(() =>
      [
        [outs.forward, g],
        [x, outs['input-grad']],
        [w, outs['weight-grad']],
      ].map(([a, b]) => sum(mul(a, b))),
    );
    const [loss, xdx, wdw] = await Promise.all(dots.map(async (d) => (await d.read())[0]));
    expectLinear(`conv B=${B}`, loss, { '⟨x, dX⟩': xdx, '⟨w, dW⟩': wdw });
    for (const t of [...dots, ...Object.values(outs)]) t.dispose();
    return ms;
  };
  await sample(); // compile and warm up
  const flops = 2 * B * S * S * C * C * 9;
  const gflops: Record<string, number[]> = Object.fromEntries(Object.keys(kernels).map((k) => [k, []]));
  for (let i = 0; i < reps; i++)
    for (const [name, ms] of Object.entries(await sample())) gflops[name].push(flops / ms / 1e6);
  for (const t of [x, w, g]) t.dispose();
  return gflops;
}

for (const variant of variants) {
  ctx.kernelVariant = variant;
  await check();
  for (const B of batches) {
    for (const [name, g] of Object.entries(await time(B))) {
      g.sort((p, q) => p - q);
      const median = g[Math.floor(g.length / 2)];
      console.log(
        `${variant.padEnd(9)} B=${String(B).padStart(3)} ${S}×${S}×${C}→${C} 3×3  ${name.padEnd(11)} ${median.toFixed(2).padStart(7)} GFLOP/s  (${g[0].toFixed(2)}–${g[g.length - 1].toFixed(2)}, ${reps} runs, each checked)`,
      );
    }
  }
}
ctx.destroy();
