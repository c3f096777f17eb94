/**
 * `npm run verify -- <family> [check-id …]`: runs the paper checks of a family headless (Node,
 * Dawn WebGPU) and prints one line per check: PASS/FAIL, the claim, and what was measured.
 * Exits 1 if any check fails. Families register their checks in src/lab/checks/<family>.ts.
 */
import { resolve } from 'node:path';
import { GpuContext } from '../src/gpu/context.ts';
import { adapterLabel } from '../src/gpu/device.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { loadDataset, type Dataset } from '../src/lab/datasets.ts';
import { fsSource } from '../src/lab/datasets-node.ts';
import type { Check } from '../src/lab/checks/check.ts';

const families: Record<string, () => Promise<{ checks: Check[] }>> = {
  engine: () => import('../src/lab/checks/engine.ts'),
  'lazy-rich': () => import('../src/lab/checks/lazy-rich.ts'),
  attention: () => import('../src/lab/checks/attention.ts'),
  pruning: () => import('../src/lab/checks/pruning.ts'),
  landscape: () => import('../src/lab/checks/landscape.ts'),
};

const [family, ...only] = process.argv.slice(2);
if (!family || !(family in families)) {
  console.error(`usage: npm run verify -- <family> [check-id …]\nfamilies: ${Object.keys(families).join(', ')}`);
  process.exit(2);
}
const { checks } = await families[family]();
const selected = only.length ? checks.filter((c) => only.includes(c.id)) : checks.filter((c) => !c.gpuOnly);
if (!only.length)
  for (const c of checks.filter((c) => c.gpuOnly))
    console.log(`SKIP  ${c.id}: needs a GPU (${c.gpuOnly}); run it by name: npm run verify -- ${family} ${c.id}`);
if (selected.length === 0) {
  console.error(`no check named ${only.join(', ')} in ${family}; checks: ${checks.map((c) => c.id).join(', ')}`);
  process.exit(2);
}

const gpu = await GpuContext.create(await nodeGpu());
console.error(`WebGPU: ${adapterLabel(gpu.report)}`);
const cache = new Map<string, Promise<Dataset>>();
const env = {
  gpu,
  dataset: (name: string) => {
    if (!cache.has(name)) cache.set(name, loadDataset(name, fsSource(resolve('public/datasets'))));
    return cache.get(name)!;
  },
  // Seconds since start: on a lent GPU the first lines tell whether a check will fit its lease.
  log: (m: string) => console.error(`  … [${(performance.now() / 1000).toFixed(0)} s] ${m}`),
};
let failed = 0;
for (const check of selected) {
  const t0 = performance.now();
  let line: string;
  try {
    const r = await check.run(env);
    if (!r.pass) failed++;
    line = `${r.pass ? 'PASS' : 'FAIL'}  ${check.id}: ${r.measured}`;
  } catch (e) {
    failed++;
    line = `FAIL  ${check.id}: error: ${e instanceof Error ? e.message : String(e)}`;
  }
  console.log(`${line}  [${((performance.now() - t0) / 1000).toFixed(0)} s]\n      claim: ${check.claim}`);
}
console.log(`${selected.length - failed} passed, ${failed} failed`);
gpu.destroy();
process.exit(failed ? 1 : 0);
