import { GpuContext } from '../src/gpu/context.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { connectivityRuns, rankCorrelation, rankGrid } from '../src/lab/experiments/lazy-rich/connectivity.ts';
const [D, N, P, K, lr, steps, seed] = process.argv.slice(2).map(Number);
const gpu = await GpuContext.create(await nodeGpu());
const t0 = performance.now();
const gen = connectivityRuns(gpu, { dim: D, width: N, trainSize: P, directions: K, lr, steps, seed }, rankGrid(D, N), async () => {});
for (;;) { const r = await gen.next(); if (r.done) { const pts = r.value;
  for (const p of pts) console.log(p.aligned ? 'A' : 'R', p.rank, p.weightChange.toFixed(4), p.kernelChange.toFixed(4), p.trainLoss.toFixed(4));
  console.log('rho w', rankCorrelation(pts, false, 'weightChange').toFixed(2), 'rho k', rankCorrelation(pts, false, 'kernelChange').toFixed(2), ((performance.now()-t0)/1000).toFixed(1)+'s'); break; } }
gpu.destroy(); process.exit(0);
