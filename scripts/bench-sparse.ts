/**
 * Pruned-layer forward, dense masked matmul vs CSR: `npx tsx scripts/gpu-node.ts
 * scripts/bench-sparse.ts [--layers=128x784x300,128x1024x1024] [--densities=1,0.5,…] [--reps=5]
 * [--inner=4]`. Each layer is batch×in×out; prints the median ms per forward (over `reps` timed
 * submits of `inner` forwards each) and the density below which CSR wins. Both kernels are first
 * checked against each other.
 */
import { GpuContext } from '../src/gpu/context.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { adapterLabel } from '../src/gpu/device.ts';
import type { Tensor } from '../src/gpu/tensor.ts';
import { maxRelErr } from '../src/gpu/test-data.ts';
import { randomArray } from '../src/gpu/xorshift.ts';
import { matmul } from '../src/gpu/kernels/matmul.ts';
import { csrArrays, csrMatmul, uploadCsr, type Csr } from '../src/gpu/kernels/sparse.ts';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const layers = arg('layers', '128x784x300,128x1024x1024')
  .split(',')
  .map((l) => l.split('x').map(Number));
const densities = arg('densities', '1,0.5,0.3,0.2,0.1,0.05,0.02,0.01').split(',').map(Number);
const reps = Number(arg('reps', '5'));
const inner = Number(arg('inner', '4'));

const ctx = await GpuContext.create(await nodeGpu());
console.log(`adapter: ${adapterLabel(ctx.report)}`);

async function median(forward: () => Tensor): Promise<number> {
  const run = async (): Promise<number> => {
    const t0 = performance.now();
    ctx.scope(() => {
      for (let i = 0; i < inner; i++) forward();
    });
    await ctx.sync();
    return (performance.now() - t0) / inner;
  };
  await run(); // compile and warm up
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) ms.push(await run());
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
}

for (const [B, K, N] of layers) {
  console.log(`\nlayer: batch ${B}, ${K} → ${N}`);
  console.log('density   dense ms    csr ms   csr/dense');
  const x = ctx.tensor(randomArray(B * K, 1), [B, K]).keep();
  const wData = randomArray(K * N, 2);
  const w = ctx.tensor(wData, [K, N]).keep();
  const uniforms = randomArray(K * N, 3, 0, 1);
  let crossover: number | null = null;
  for (const density of densities) {
    const maskData = uniforms.map((u) => (u < density ? 1 : 0));
    const mask = ctx.tensor(maskData, [K, N]).keep();
    const csr: Csr = uploadCsr(ctx, csrArrays(wData, [K, N], maskData));
    const a = ctx.scope(() => matmul(x, w, { mask }));
    const b = ctx.scope(() => csrMatmul(x, csr));
    const err = maxRelErr(await b.read(), await a.read(), 1e-4, 1e-4);
    if (!(err <= 1)) throw new Error(`CSR and dense disagree at density ${density} (error ${err})`);
    a.dispose();
    b.dispose();
    const dense = await median(() => matmul(x, w, { mask }));
    const sparse = await median(() => csrMatmul(x, csr));
    if (sparse < dense && crossover === null) crossover = density;
    if (sparse >= dense) crossover = null;
    console.log(
      `${density.toFixed(2).padStart(7)}  ${dense.toFixed(3).padStart(9)} ${sparse.toFixed(3).padStart(9)}  ${(sparse / dense).toFixed(2).padStart(9)}`,
    );
    mask.dispose();
    csr.dispose();
  }
  console.log(
    crossover === null
      ? 'CSR never beat dense at these densities'
      : `crossover: CSR is faster at density ≤ ${crossover}`,
  );
  x.dispose();
  w.dispose();
}
ctx.destroy();
