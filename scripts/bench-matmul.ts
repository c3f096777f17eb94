/**
 * Matmul throughput: `npx tsx scripts/gpu-node.ts scripts/bench-matmul.ts [--sizes=256,512,1024]
 * [--variants=registers,tiled,tiled128] [--tile=8x8] [--reps=5]`. Prints median GFLOP/s (min–max) per
 * variant and size; each variant is first checked against the reference at 256², and every timed
 * product is kept until the device finished it, then checked by its sum (bench/common.ts).
 */
import { GpuContext } from '../src/gpu/context.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { adapterLabel } from '../src/gpu/device.ts';
import { randomArray } from '../src/gpu/xorshift.ts';
import { matmul, type MatmulOptions, type MatmulVariant } from '../src/gpu/kernels/matmul.ts';
import { matmulRef } from '../src/gpu/kernels/matmul.ref.ts';
import { sum } from '../src/gpu/kernels/reduce.ts';
import { SUM_TOLERANCE, expectNear, positive, productSum } from '../bench/common.ts';

export const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

export interface MatmulBench {
  variant: MatmulVariant;
  n: number;
  /** GFLOP/s of each run, ascending. */
  gflops: number[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function check(ctx: GpuContext, opts: MatmulOptions): Promise<void> {
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

async function time(ctx: GpuContext, n: number, opts: MatmulOptions, reps: number): Promise<number[]> {
  const [a, b] = [positive(n * n, 3), positive(n * n, 4)];
  const want = productSum(a, b, n);
  const A = ctx.tensor(a, [n, n]).keep();
  const B = ctx.tensor(b, [n, n]).keep();
  const run = async (): Promise<number> => {
    const t0 = performance.now();
    const c = ctx.scope(() => matmul(A, B, opts));
    await ctx.sync();
    const ms = performance.now() - t0;
    const s = ctx.scope(() => sum(c));
    expectNear(`sum of ${opts.variant} ${n}²`, (await s.read())[0], want, SUM_TOLERANCE);
    c.dispose();
    s.dispose();
    return ms;
  };
  await run(); // compile and warm up
  const gflops: number[] = [];
  for (let i = 0; i < reps; i++) gflops.push((2 * n ** 3) / (await run()) / 1e6);
  A.dispose();
  B.dispose();
  return gflops.sort((x, y) => x - y);
}

/** Checks each variant at 256², then times square products of each size. */
export async function benchMatmul(
  ctx: GpuContext,
  sizes: number[],
  variants: MatmulVariant[],
  reps: number,
  tile?: [number, number],
): Promise<MatmulBench[]> {
  const out: MatmulBench[] = [];
  for (const variant of variants) {
    const opts: MatmulOptions = tile ? { variant, tile } : { variant };
    await check(ctx, opts);
    for (const n of sizes) out.push({ variant, n, gflops: await time(ctx, n, opts, reps) });
  }
  return out;
}

async function main(): Promise<void> {
  const ctx = await GpuContext.create(await nodeGpu());
  console.log(`adapter: ${adapterLabel(ctx.report)}`);
  const tile = arg('tile', '');
  const results = await benchMatmul(
    ctx,
    arg('sizes', '256,512,1024').split(',').map(Number),
    arg('variants', 'registers,tiled,tiled128').split(',') as MatmulVariant[],
    Number(arg('reps', '5')),
    tile ? (tile.split('x').map(Number) as [number, number]) : undefined,
  );
  for (const { variant, n, gflops: g } of results) {
    console.log(
      `${variant.padEnd(9)} ${`${n}²`.padStart(6)}  ${median(g).toFixed(2).padStart(6)} GFLOP/s  (${g[0].toFixed(2)}–${g[g.length - 1].toFixed(2)}, ${g.length} runs)`,
    );
  }
  ctx.destroy();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
