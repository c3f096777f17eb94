/**
 * Attention throughput: `npx tsx scripts/gpu-node.ts scripts/bench-attention.ts [--batch=4]
 * [--seq=64] [--heads=4] [--dim=16] [--reps=3] [--kernels=cpu,gpu,gpu-plain]`. Fused multi-head
 * attention, forward and backward (no mask), for each ctx.kernelVariant in --kernels: median
 * GFLOP/s (min–max), counting 4·B·H·T²·Dh FLOPs forward (Q·Kᵀ and P·V) and twice that backward.
 * The warm-up run's four outputs are checked against the reference at the timed shape, and every
 * timed run's must equal them bit for bit (the kernels are deterministic), so each timed output is
 * checked; timing stops when the outputs have been read back.
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
function step(q: Tensor, k: Tensor, v: Tensor, dout: Tensor): Tensor[] {
  const r = attention(q, k, v, { heads: H });
  const g = attentionBackward(q, k, v, r.out, r.lse, dout, { heads: H });
  return [r.out, g.dq, g.dk, g.dv];
}

const shape = { B, Tq: T, Tk: T, H, D, scale: 1 / Math.sqrt(D) };
const inputs = [5, 6, 7, 8].map((seed) => randomArray(B * T * H * D, seed));
const refGrads = attentionBackwardRef(shape, inputs[0], inputs[1], inputs[2], inputs[3]);
const reference = [attentionRef(shape, inputs[0], inputs[1], inputs[2]).out, refGrads.dq, refGrads.dk, refGrads.dv];

async function time(): Promise<number[]> {
  const [q, k, v, dout] = inputs.map((x) => ctx.tensor(x, [B, T, H * D]).keep());
  /** One run to completion: its outputs read back, and the milliseconds it took. */
  const run = async (): Promise<{ ms: number; outs: Float32Array[] }> => {
    const t0 = performance.now();
    const ts = ctx.scope(() => step(q, k, v, dout));
    const outs = await Promise.all(ts.map((t) => t.read() as Promise<Float32Array>));
    const ms = performance.now() - t0;
    ts.forEach((t) => t.dispose());
    return { ms, outs };
  };
  const first = await run(); // compiles; checked against the reference
  first.outs.forEach((o, i) => {
    if (!(maxRelErr(o, reference[i], 2e-5, 1e-4) <= 1)) throw new Error(`${ctx.kernelVariant}: output ${i} is off`);
  });
  const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);
  const same = (a: Float32Array, b: Float32Array): boolean => {
    const [x, y] = [bits(a), bits(b)];
    return x.every((u, i) => u === y[i]);
  };
  const flops = 3 * 4 * B * H * T * T * D;
  const gflops: number[] = [];
  for (let i = 0; i < reps; i++) {
    const { ms, outs } = await run();
    if (!outs.every((o, j) => same(o, first.outs[j]))) throw new Error(`${ctx.kernelVariant}: run ${i} differs`);
    gflops.push(flops / ms / 1e6);
  }
  for (const t of [q, k, v, dout]) t.dispose();
  return gflops.sort((a, b) => a - b);
}

for (const variant of variants) {
  ctx.kernelVariant = variant;
  const g = await time();
  console.log(
    `${variant.padEnd(9)} B=${B} T=${T} H=${H} Dh=${D}  forward+backward ${median(g).toFixed(3).padStart(7)} GFLOP/s  (${g[0].toFixed(3)}–${g[g.length - 1].toFixed(3)}, ${reps} runs)`,
  );
}
ctx.destroy();
