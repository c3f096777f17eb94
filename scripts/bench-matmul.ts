/**
 * Matmul throughput: `npx tsx scripts/gpu-node.ts scripts/bench-matmul.ts [--sizes=256,512,1024]
 * [--variants=registers,tiled] [--tile=8x8] [--reps=5]`. Prints median GFLOP/s (min–max) per
 * variant and size; each variant is first checked against the reference at 256².
 */
import { GpuContext } from '../src/gpu/context.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { adapterLabel } from '../src/gpu/device.ts';
import { randomArray } from '../src/gpu/testing.ts';
import { matmul, type MatmulOptions, type MatmulVariant } from '../src/gpu/kernels/matmul.ts';
import { matmulRef } from '../src/gpu/kernels/matmul.ref.ts';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const sizes = arg('sizes', '256,512,1024').split(',').map(Number);
const variants = arg('variants', 'registers,tiled').split(',') as MatmulVariant[];
const tile = arg('tile', '');
const reps = Number(arg('reps', '5'));

const ctx = await GpuContext.create(await nodeGpu());
console.log(`adapter: ${adapterLabel(ctx.report)}`);

async function check(opts: MatmulOptions): Promise<void> {
  const n = 256;
  const a = randomArray(n * n, 1);
  const b = randomArray(n * n, 2);
  const ref = matmulRef({ a, aShape: [n, n], b, bShape: [n, n] }).out;
  const out = ctx.scope(() => matmul(ctx.tensor(a, [n, n]), ctx.tensor(b, [n, n]), opts));
  const got = await out.read();
  out.dispose();
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]));
  const tol = 1e-5 * n + 1e-6;
  if (!(worst <= tol)) throw new Error(`${opts.variant}: max error ${worst} at 256² exceeds ${tol}`);
}

async function time(n: number, opts: MatmulOptions): Promise<number[]> {
  const a = ctx.tensor(randomArray(n * n, 3), [n, n]);
  const b = ctx.tensor(randomArray(n * n, 4), [n, n]);
  const run = async (): Promise<number> => {
    const t0 = performance.now();
    ctx.scope(() => void matmul(a, b, opts));
    await ctx.sync();
    return performance.now() - t0;
  };
  await run(); // compile and warm up
  const gflops: number[] = [];
  for (let i = 0; i < reps; i++) gflops.push((2 * n ** 3) / (await run()) / 1e6);
  a.dispose();
  b.dispose();
  return gflops.sort((x, y) => x - y);
}

for (const variant of variants) {
  const opts: MatmulOptions = { variant };
  if (tile) opts.tile = tile.split('x').map(Number) as [number, number];
  await check(opts);
  for (const n of sizes) {
    const g = await time(n, opts);
    const median = g[Math.floor(g.length / 2)];
    console.log(
      `${variant.padEnd(9)} ${`${n}²`.padStart(6)}  ${median.toFixed(2).padStart(6)} GFLOP/s  (${g[0].toFixed(2)}–${g[g.length - 1].toFixed(2)}, ${reps} runs)`,
    );
  }
}
ctx.destroy();
