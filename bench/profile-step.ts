/**
 * Per-dispatch profile of one Tabula MLP training step (784-300-100-10, batch 128): records the
 * step's dispatches, then replays each alone to time it. `npx tsx scripts/gpu-node.ts bench/profile-step.ts`
 */
import { GpuContext, type Dispatch } from '../src/gpu/context.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { MetricAccumulator } from '../src/gpu/kernels/metrics.ts';
import { mlp } from '../src/gpu/nn.ts';
import { matmul } from '../src/gpu/kernels/matmul.ts';
import { buildOptimizer, trainStep } from '../src/lab/train.ts';
import { MLP, labels, randomArray } from './common.ts';

const ctx = await GpuContext.create(await nodeGpu());
ctx.kernelVariant = (process.argv.find((a) => a.startsWith('--kernels='))?.slice(10) ??
  'auto') as GpuContext['kernelVariant'];
const model = mlp(ctx, MLP.sizes, { seed: 1, activation: 'relu' });
const opt = buildOptimizer(model, { optimizer: 'sgd', lr: MLP.lr, momentum: 0, weightDecay: 0 });
const metrics = new MetricAccumulator(ctx);
const x = ctx.tensor(randomArray(MLP.batch * MLP.sizes[0], 11, 0, 1), [MLP.batch, MLP.sizes[0]]).keep();
const y = ctx.tensor(Uint32Array.from(labels(MLP.batch, 10, 12)), [MLP.batch], 'u32').keep();
const step = async (): Promise<number> => {
  const t0 = performance.now();
  trainStep(model, opt, x, y, MLP.lr, metrics, 0);
  await metrics.read();
  return performance.now() - t0;
};
for (let i = 0; i < 3; i++) await step();
const whole: number[] = [];
for (let i = 0; i < 10; i++) whole.push(await step());
whole.sort((a, b) => a - b);
console.log(`whole step: median ${whole[5].toFixed(1)} ms`);
{
  // A square matmul of known speed, to compare this machine's state with the bench.
  const a = ctx.tensor(randomArray(256 * 256, 1), [256, 256]);
  for (let i = 0; i < 3; i++) matmul(a, a);
  await ctx.sync();
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) ctx.scope(() => void matmul(a, a));
  await ctx.sync();
  console.log(`matmul 256²: ${((2 * 256 ** 3 * 10) / (performance.now() - t0) / 1e6).toFixed(2)} GFLOP/s`);
}

const recorded: Dispatch[] = [];
const dispatch = ctx.dispatch.bind(ctx);
ctx.dispatch = (d: Dispatch): void => {
  recorded.push(d);
  dispatch(d);
};
trainStep(model, opt, x, y, MLP.lr, metrics, 0);
await ctx.sync();
ctx.dispatch = dispatch;
let total = 0;
for (const d of recorded) {
  const reps = 20;
  for (let i = 0; i < 2; i++) dispatch(d);
  await ctx.sync();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) dispatch(d);
  await ctx.sync();
  const ms = (performance.now() - t0) / reps;
  total += ms;
  const shape = d.buffers.map((b) => ('shape' in b ? `[${b.shape}]` : 'buf')).join(' ');
  const def = d.defines
    ? ['TRANS_A', 'TRANS_B', 'RESULT']
        .filter((k) => k in d.defines!)
        .map((k) => `${k}=${d.defines![k]}`)
        .join(' ')
    : '';
  console.log(
    `${ms.toFixed(2).padStart(7)} ms  ${d.kernel.name.padEnd(22)} ${(d.kernel.entry ?? '').padEnd(14)} wg ${d.workgroups.join('x').padEnd(10)} ${shape} ${def}`,
  );
}
console.log(`sum of dispatches alone: ${total.toFixed(1)} ms`);
