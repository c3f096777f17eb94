/**
 * `npm run bench:browser`: Tabula against TF.js (WebGPU, WASM) and jax-js (WebGPU, WASM) in ONE
 * headless Chromium run, on the same work: fp32 matmul, MLP 784-300-100-10 training (batch 128,
 * SGD), a 3×3 64→64 conv and a multi-head attention block, forward and backward. Serves bench/
 * with Vite, drives it with Playwright, prints medians (min–max) and Tabula/peer ratios, and
 * writes bench-results-browser.json. A benchmark, not a test: nothing passes or fails.
 *
 *   --sizes=256,512,1024   matmul sizes (2048 is opt-in: minutes on SwiftShader)
 *   --peers=tabula,tfjs-webgpu,jax-webgpu,tfjs-wasm,jax-wasm
 *   --items=matmul,mlp,conv,attention
 *   --reps=6 --budget=24   samples per case, and seconds a case aims for (a slow one stops at 2 a round)
 *   --rounds=3             peers take turns this many times, in alternating order, and their
 *                          samples are pooled, so load drifting during the run hits all of them
 *   --kernels=auto|gpu|gpu-plain|cpu|cpu-plain  Tabula's kernel variants (GpuContext.kernelVariant)
 *   --mlp-steps=10 --conv-batch=32 --out=bench-results-browser.json
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { baseChromiumArgs, chromiumPath, webGpuArgs } from '../playwright.config.ts';
import type { BenchConfig, Result } from '../bench/common.ts';

const arg = (name: string, def: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const list = (s: string): string[] => s.split(',').filter(Boolean);

const cfg: BenchConfig = {
  sizes: list(arg('sizes', '256,512,1024')).map(Number),
  reps: Number(arg('reps', '6')),
  budgetS: Number(arg('budget', '24')),
  rounds: Number(arg('rounds', '3')),
  peers: list(arg('peers', 'tabula,tfjs-webgpu,jax-webgpu,tfjs-wasm,jax-wasm')),
  items: list(arg('items', 'matmul,mlp,conv,attention')),
  kernels: arg('kernels', 'auto') as BenchConfig['kernels'],
  mlpSteps: Number(arg('mlp-steps', '10')),
  convBatch: Number(arg('conv-batch', '32')),
};

// Cross-origin isolation gives the WASM peers SharedArrayBuffer, hence their threads.
const server = await createServer({
  configFile: false,
  root: process.cwd(),
  logLevel: 'warn',
  // No watcher, no HMR: others' edits under src/ must not reload the page mid-run.
  server: {
    port: 5180,
    hmr: false,
    watch: null,
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
  // Pre-bundle every peer up front: a dependency discovered mid-run would reload the page.
  optimizeDeps: {
    entries: ['bench/index.html'],
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm', '@jax-js/jax'],
  },
});
await server.listen();
const url = `${server.resolvedUrls!.local[0]}bench/index.html`;
const browser = await chromium.launch({ executablePath: chromiumPath, args: [...webGpuArgs, ...baseChromiumArgs] });
let run: { results: Result[]; adapter: string; userAgent: string };
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.error(m.text()));
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.locator('#status[data-state="ready"]').waitFor({ timeout: 120_000 });
  run = await page.evaluate(
    (c) => (window as unknown as { runBench(c: BenchConfig): Promise<typeof run> }).runBench(c),
    cfg,
  );
} finally {
  await browser.close();
  await server.close();
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const items = [...new Set(run.results.filter((r) => r.item !== 'start').map((r) => r.item))];
console.log(`\n${run.userAgent}\nadapter: ${run.adapter}; Tabula kernels: ${cfg.kernels}\n`);
console.log(
  `${'work'.padEnd(24)}${'peer'.padEnd(13)}${'median'.padStart(10)}  ${'min–max'.padEnd(17)}${'unit'.padEnd(12)}Tabula/peer`,
);
for (const item of items) {
  const rows = run.results.filter((r) => r.item === item);
  const ours = median(rows.find((r) => r.peer === 'tabula')?.values ?? []);
  for (const r of rows) {
    const m = median(r.values);
    const range = r.values.length ? `${fmt(Math.min(...r.values))}–${fmt(Math.max(...r.values))}` : '';
    const ratio = r.peer !== 'tabula' && m > 0 && ours > 0 ? `${(ours / m).toFixed(2)}×` : '';
    const status = r.error ? `error: ${r.error.slice(0, 60)}` : r.values.length ? fmt(m) : (r.note ?? 'not measured');
    console.log(
      `${item.padEnd(24)}${r.peer.padEnd(13)}${status.padStart(10)}  ${range.padEnd(17)}${r.unit.padEnd(12)}${ratio}`,
    );
  }
}
for (const r of run.results) if (r.item === 'start' && r.error) console.log(`${r.peer} did not start: ${r.error}`);
for (const r of run.results.filter((x) => x.counters)) {
  const c = r.counters!;
  console.log(
    `\nTabula counters (${r.item}): ${fmt(c.dispatchesPerStep)} dispatches and ${fmt(c.submitsPerStep)} submits per step, ` +
      `${fmt(c.bytesAllocatedPerStep)} bytes allocated per step after warm-up, ${c.pipelines} pipelines compiled in a first step of ${fmt(c.firstStepMs)} ms`,
  );
}
const out = resolve(arg('out', 'bench-results-browser.json'));
writeFileSync(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      config: cfg,
      ...run,
      medians: run.results.map((r) => ({ item: r.item, peer: r.peer, unit: r.unit, median: median(r.values) })),
    },
    null,
    2,
  ),
);
console.log(`\nwrote ${out}`);
