import { GpuContext } from '../src/gpu/context.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { grokDelay, grokPolyRuns } from '../src/lab/experiments/lazy-rich/grok-poly.ts';
import { xorRun } from '../src/lab/experiments/lazy-rich/xor.ts';
const gpu = await GpuContext.create(await nodeGpu());
async function drain<T>(g: AsyncGenerator<unknown, T>): Promise<T> { for (;;) { const r = await g.next(); if (r.done) return r.value; } }
for (const seed of [1, 2, 3]) {
  const t0 = performance.now();
  const rs = await drain(grokPolyRuns(gpu, { dim: 30, trainSize: 150, testSize: 300, width: 100, eps: 0.3, lrScale: 1, steps: 3000, linearized: true, seed }, [0.5, 2, 8], async () => {}, (a) => ` ${a}`));
  console.log('grok seed', seed, rs.map((r) => `α${r.alpha}: tr ${r.trainHit} te ${r.testHit} delay ${grokDelay(r, 3000).toFixed(1)} k0 ${r.k0Test.toFixed(3)} atTr ${r.testAtTrainHit?.toFixed(3)} rel ${((r.testAtTrainHit ?? NaN) / r.k0Test - 1).toFixed(2)}`).join(' | '), ((performance.now() - t0) / 1000).toFixed(0) + 's');
  const t1 = performance.now();
  const pts = await drain(xorRun(gpu, { dim: 1000, trainSize: 200, testSize: 400, width: 100, noise: 0.1, signal: 4, init: 1e-4, lr: 1, steps: 600, seed }, async () => {}));
  const first = pts.find((p) => p.train === 1); const last = pts[pts.length - 1];
  console.log('xor seed', seed, `first fit ${first?.step} test ${first?.test.toFixed(3)}; last train ${last.train.toFixed(3)} flipped ${last.flippedFit.toFixed(3)} test ${last.test.toFixed(3)}`, ((performance.now() - t1) / 1000).toFixed(0) + 's');
}
gpu.destroy(); process.exit(0);
