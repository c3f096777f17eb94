import { GpuContext } from '../src/gpu/context.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { matmul } from '../src/gpu/kernels/matmul.ts';
import { scale } from '../src/gpu/kernels/elementwise.ts';
const gpu = await GpuContext.create(await nodeGpu());
const a = gpu.tensor(new Float32Array(16*16), [16,16]).keep();
const big = gpu.tensor(new Float32Array(276*64), [276,64]).keep();
for (const [name, f] of [['tiny matmul', () => matmul(a, a)], ['tiny scale', () => scale(a, 2)], ['scale 276x64', () => scale(big, 2)]] as const) {
  gpu.scope(() => { f(); }); await a.read();
  const t0 = performance.now();
  for (let i = 0; i < 64; i++) gpu.scope(() => { f(); });
  gpu.flush(); await a.read();
  console.log(name, ((performance.now()-t0)/64).toFixed(2), 'ms');
}
gpu.destroy(); process.exit(0);
