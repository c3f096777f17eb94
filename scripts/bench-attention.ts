/**
 * Attention throughput: `npx tsx scripts/gpu-node.ts scripts/bench-attention.ts [--batch=4]
 * [--seq=64] [--heads=4] [--dim=16] [--reps=3] [--kernels=cpu,gpu,gpu-plain]`. Fused multi-head
 * attention, forward and backward (no mask), for each ctx.kernelVariant in --kernels: median
 * GFLOP/s (min–max), counting 4·B·H·T²·Dh FLOPs forward (Q·Kᵀ and P·V) and twice that backward.
 * Each variant is first checked against the reference on a small shape.
 */
import { GpuContext, type KernelVariant } from '../src/gpu/context.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { adapterLabel } from '../src/gpu/device.ts';
import { maxRelErr } from '../src/gpu/test-data.ts';
import { randomArray } from '../src/gpu/xorshift.ts';
import type { Tensor } from '../src/gpu/tensor.ts';
import { attention, attentionBackward } from '../src/gpu/kernels/attention.ts';
import { attentionBackwardRef, attentionRef } from '../src/gpu/kernels/attention.ref.ts';
import { arg, median } from './bench-matmul.ts';

const [B, T, H, D] = ['batch', 'seq', 'heads', 'dim'].map((n, i) => Number(arg(n, ['4', '64', '4', '16'][i])));
const reps = Number(arg('reps', '3'));
const variants = arg('kernels', 'cpu,gpu,gpu-plain').split(',') as KernelVariant[];

const ctx = await GpuContext.create(await nodeGpu());
console.log(`adapter: ${adapterLabel(ctx.report)}`);

/** Forward and backward; returns the output and the three gradients. */
function step(q: Tensor, k: Tensor, v: Tensor, dout: Tensor, heads: number): Tensor[] {
  const r = attention(q, k, v, { heads });
  const g = attentionBackward(q, k, v, r.out, r.lse, dout, { heads });
  return [r.out, g.dq, g.dk, g.dv];
}

async function check(): Promise<void> {
  const s = { B: 2, Tq: 9, Tk: 9, H: 2, D: 8, scale: 1 / Math.sqrt(8) };
  const n = s.B * s.Tq * s.H * s.D;
  const [q, k, v, dout] = [1, 2, 3, 4].map((seed) => randomArray(n, seed));
  const got = ctx.scope(() => {
    const t = (x: Float32Array) => ctx.tensor(x, [s.B, s.Tq, s.H * s.D]);
    return step(t(q), t(k), t(v), t(dout), s.H);
  });
  const out = await Promise.all(got.map((t) => t.read() as Promise<Float32Array>));
  got.forEach((t) => t.dispose());
  const g = attentionBackwardRef(s, q, k, v, dout);
  const want = [attentionRef(s, q, k, v).out, g.dq, g.dk, g.dv];
  want.forEach((w, i) => {
    if (!(maxRelErr(out[i], w, 2e-5, 1e-4) <= 1)) throw new Error(`${ctx.kernelVariant}: output ${i} is off`);
  });
}

async function time(): Promise<number[]> {
  const n = B * T * H * D;
  const [q, k, v, dout] = [5, 6, 7, 8].map((seed) => ctx.tensor(randomArray(n, seed), [B, T, H * D]));
  const run = async (): Promise<number> => {
    const t0 = performance.now();
    const outs = ctx.scope(() => step(q, k, v, dout, H));
    // Forced: the last gradient read back, checked finite (the reads wait for all submitted work).
    const dv = await outs[3].read();
    if (!dv.every(Number.isFinite)) throw new Error('non-finite gradient');
    outs.forEach((t) => t.dispose());
    return performance.now() - t0;
  };
  await run(); // compile and warm up
  const flops = 3 * 4 * B * H * T * T * D;
  const gflops: number[] = [];
  for (let i = 0; i < reps; i++) gflops.push(flops / (await run()) / 1e6);
  for (const t of [q, k, v, dout]) t.dispose();
  return gflops.sort((a, b) => a - b);
}

for (const variant of variants) {
  ctx.kernelVariant = variant;
  await check();
  const g = await time();
  console.log(
    `${variant.padEnd(9)} B=${B} T=${T} H=${H} Dh=${D}  forward+backward ${median(g).toFixed(3).padStart(7)} GFLOP/s  (${g[0].toFixed(3)}–${g[g.length - 1].toFixed(3)}, ${reps} runs)`,
  );
}
ctx.destroy();
