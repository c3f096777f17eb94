/**
 * `npm run bench:browser`: Tabula against TF.js (WebGPU, WASM) and jax-js (WebGPU, WASM) in ONE
 * headless Chromium run, on the same work (bench/run.ts): fp32 matmul, MLP 784-300-100-10 training
 * (SGD), the Conv-4 layer's 3×3 64→64 conv, a multi-head attention block and a ResNet-20 step,
 * forward and backward. Serves bench/ with Vite, drives it with Playwright, prints medians
 * (min–max), share of the physical peak and ratios, and writes bench-results-browser.json. Every
 * output of every timed sample is checked (bench/common.ts). A benchmark, not a test.
 *
 *   --sizes=256,512,1024   matmul sizes (2048 is opt-in: minutes on SwiftShader)
 *   --peers=tabula,tfjs-webgpu,jax-webgpu,tfjs-wasm,jax-wasm
 *   --items=matmul,mlp,conv,attention,resnet20
 *   --reps=6 --budget=24   samples per case, and seconds a case aims for (a slow one stops at 2 a round)
 *   --rounds=3             peers take turns this many times, in alternating order, and their
 *                          samples are pooled, so load drifting during the run hits all of them
 *   --kernels=auto|gpu|gpu-plain|cpu|cpu-plain  Tabula's kernel variants (GpuContext.kernelVariant)
 *   --mlp-steps=10 --mlp-batches=128 --conv-batches=32 --attention=32x64x64x4 (batch×seq×width×heads)
 *   --resnet-batch=8 --peak-tflops=X (default: this machine's CPU, bench-peak.ts) --out=bench-results-browser.json
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { baseChromiumArgs, chromiumPath, webGpuArgs } from '../playwright.config.ts';
import type { BenchConfig } from '../bench/common.ts';
import type { BenchRun } from '../bench/run.ts';
import { median, report } from '../bench/report.ts';
import { benchArgs } from './bench-args.ts';

const { cfg, arg } = benchArgs({
  sizes: '256,512,1024',
  peers: 'tabula,tfjs-webgpu,jax-webgpu,tfjs-wasm,jax-wasm',
  mlpBatches: '128',
  convBatches: '32',
  attention: '32x64x64x4',
  resnetBatch: '8',
});

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
let run: BenchRun & { userAgent: string };
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

console.log(`\n${run.userAgent}\nadapter: ${run.adapter}; Tabula kernels: ${cfg.kernels}\n`);
for (const line of report(run.results, cfg)) console.log(line);
const out = resolve(arg('out', 'bench-results-browser.json'));
writeFileSync(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      config: cfg,
      ...run,
      medians: run.results.map((r) => ({ item: r.item, peer: r.peer, flopsPerSecond: median(r.values) })),
    },
    null,
    2,
  ),
);
console.log(`\nwrote ${out}`);
