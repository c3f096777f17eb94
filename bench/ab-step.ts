/**
 * A/B of one MLP training step (default 784-300-100-10, batch 128, plain SGD): the weight updates
 * taken by the optimizer's gradient sink in backward vs the separate optimizer pass, alternating in
 * one process so load drifts cancel.
 * `npx tsx scripts/gpu-node.ts bench/ab-step.ts [--sizes=784,1024,1024,10] [--batch=64] [--rounds=8]`
 */
import { GpuContext } from '../src/gpu/context.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { MetricAccumulator } from '../src/gpu/kernels/metrics.ts';
import { mlp } from '../src/gpu/nn.ts';
import { buildOptimizer, trainStep } from '../src/lab/train.ts';
import { arg } from '../scripts/bench-matmul.ts';
import { MLP, labels, randomArray } from './common.ts';

const sizes = arg('sizes', MLP.sizes.join()).split(',').map(Number);
const batch = Number(arg('batch', String(MLP.batch)));
const ctx = await GpuContext.create(await nodeGpu());
const model = mlp(ctx, sizes, { seed: 1, activation: 'relu' });
const opt = buildOptimizer(model, { optimizer: 'sgd', lr: MLP.lr, momentum: 0, weightDecay: 0 });
const metrics = new MetricAccumulator(ctx);
const x = ctx.tensor(randomArray(batch * sizes[0], 11, 0, 1), [batch, sizes[0]]).keep();
const y = ctx.tensor(Uint32Array.from(labels(batch, sizes[sizes.length - 1], 12)), [batch], 'u32').keep();
// An `after` hook keeps the gradients, hence the separate update.
const steps = async (n: number, separate: boolean): Promise<number> => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) trainStep(model, opt, x, y, MLP.lr, metrics, i, separate ? () => undefined : undefined);
  await metrics.read();
  return (performance.now() - t0) / n;
};
await steps(3, true);
await steps(3, false);
const times: Record<string, number[]> = { separate: [], sink: [] };
for (let r = 0; r < Number(arg('rounds', '8')); r++) {
  for (const separate of r % 2 ? [true, false] : [false, true])
    times[separate ? 'separate' : 'sink'].push(await steps(10, separate));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [k, v] of Object.entries(times))
  console.log(`${k.padEnd(11)} median ${median(v).toFixed(1)} ms/step (${v.map((t) => t.toFixed(0)).join(' ')})`);
console.log(`separate / sink: ${(median(times.separate) / median(times.sink)).toFixed(3)}`);
