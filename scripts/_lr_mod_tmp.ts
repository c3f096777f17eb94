import { GpuContext } from '/work/main/src/gpu/context.ts';
import { nodeGpu } from '/work/main/src/gpu/node-gpu.ts';
import { modularRun } from '/work/main/src/lab/experiments/lazy-rich/modular.ts';
const [p, frac, width, act, lr, wd, init, steps, seed] = process.argv.slice(2);
const gpu = await GpuContext.create(await nodeGpu());
const t0 = performance.now();
const gen = modularRun(gpu, { modulus: +p, trainFraction: +frac, width: +width, activation: act as 'quadratic', lr: +lr, weightDecay: +wd, initScale: +init, steps: +steps, seed: +seed }, async () => {});
const acc: Record<number, number[]> = {};
for (;;) { const r = await gen.next(); if (r.done) { console.log(JSON.stringify(r.value), ((performance.now()-t0)/1000).toFixed(1)+'s'); break; }
  const e = r.value; if (e.type === 'metric' && e.name.includes('accuracy')) { (acc[e.step] ??= []).push(e.value); } }
console.log(Object.entries(acc).filter((_, i) => i % 6 === 0).map(([s, v]) => `${s}:${v.map(x=>x.toFixed(2)).join('/')}`).join(' '));
gpu.destroy(); process.exit(0);
