/**
 * `npm run bench`: the engine's headline figures on this machine's WebGPU — matmul GFLOP/s at
 * 256², 512² and 1024² (each variant, checked against the reference first) and LeNet-300-100
 * training examples/s (batch 128, SGD), with the loss read back only at the end and every step.
 * A benchmark, not a test: it prints a table and writes bench-results.json.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GpuContext } from '../src/gpu/context.ts';
import { adapterLabel } from '../src/gpu/device.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import type { MatmulVariant } from '../src/gpu/kernels/matmul.ts';
import { loadDataset } from '../src/lab/datasets.ts';
import { fsSource } from '../src/lab/datasets-node.ts';
import { defaultTrainSpec, trainRun, type TrainSpec } from '../src/lab/train.ts';
import { arg, benchMatmul, median } from './bench-matmul.ts';

const ctx = await GpuContext.create(await nodeGpu());
const adapter = adapterLabel(ctx.report);
console.log(`adapter: ${adapter}\n`);

const reps = Number(arg('reps', '5'));
const matmuls = await benchMatmul(
  ctx,
  [256, 512, 1024],
  arg('variants', 'registers,tiled').split(',') as MatmulVariant[],
  reps,
);
console.log('matmul (fp32, square)        median GFLOP/s   min–max');
for (const m of matmuls) {
  console.log(
    `  ${m.variant.padEnd(10)} ${`${m.n}²`.padStart(6)}   ${median(m.gflops).toFixed(2).padStart(12)}   ${m.gflops[0].toFixed(2)}–${m.gflops[m.gflops.length - 1].toFixed(2)}`,
  );
}

const mnist = await loadDataset('mnist', fsSource(resolve('public/datasets')));
const trainSize = Number(arg('train-size', '6400'));
async function examplesPerSecond(logEvery: number): Promise<number> {
  const spec: TrainSpec = { ...defaultTrainSpec, trainSize, testSize: 256, batch: 128, epochs: 1, logEvery, seed: 1 };
  for await (const ev of trainRun(ctx, mnist, spec)) {
    if (ev.type === 'done') return ev.summary.examplesPerSecond;
    if (ev.type === 'error') throw new Error(ev.message);
  }
  throw new Error('training ended without a summary');
}
const runs = Number(arg('train-runs', '3'));
const training: Record<string, number[]> = { 'loss read at the end': [], 'loss read every step': [] };
await examplesPerSecond(1_000_000); // warm-up: compiles every pipeline
for (let i = 0; i < runs; i++) {
  training['loss read at the end'].push(await examplesPerSecond(1_000_000));
  training['loss read every step'].push(await examplesPerSecond(1));
}
console.log(
  `\nLeNet-300-100 training, batch 128, SGD (${trainSize} examples a run, ${runs} runs)   median examples/s   min–max`,
);
for (const [k, v] of Object.entries(training)) {
  const s = [...v].sort((a, b) => a - b);
  console.log(
    `  ${k.padEnd(24)} ${median(v).toFixed(0).padStart(12)}   ${s[0].toFixed(0)}–${s[s.length - 1].toFixed(0)}`,
  );
}

const out = resolve(arg('out', 'bench-results.json'));
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), adapter, matmuls, training }, null, 2));
console.log(`\nwrote ${out}`);
ctx.destroy();
