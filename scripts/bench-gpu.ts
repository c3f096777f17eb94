/**
 * `npm run bench:gpu` (and `.device/run.sh bench-gpu` on a GPU machine without Node): the browser
 * benchmark's work in Node through Dawn, no browser. Tabula, TF.js WebGPU and jax-js WebGPU share
 * Dawn's GPU object as `navigator.gpu` (jax-js WASM with --peers=…,jax-wasm, on the CPU). Prints
 * TFLOP/s, the share of the stated peak and ratios to each peer; writes bench-results-gpu.json.
 *
 *   --peak-tflops=X   the GPU's float32 peak (required on a hardware adapter; H100 SXM: 67)
 *   --small           sizes for a software adapter (minutes on SwiftShader): matmul 256,512,
 *                     MLP batch 128, conv batch 4, attention 2×64×64×4, ResNet-20 batch 4
 *   otherwise the sizes: matmul 1024,2048,4096; MLP batch 128,1024; conv batch 32,256;
 *   attention 32×256×256×8; ResNet-20 batch 128. Every option of bench-browser.ts applies too
 *   (--peers, --items, --sizes, --reps, --budget, --rounds, --kernels, …).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adapterLabel, describeAdapter } from '../src/gpu/device.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { median, report } from '../bench/report.ts';
import { runBench, type PeerMaker } from '../bench/run.ts';
import { tabula } from '../bench/tabula.ts';
import { arg, benchArgs } from './bench-args.ts';
import './iterator-helpers.ts';

const small = process.argv.includes('--small');
const { cfg } = benchArgs(
  small
    ? {
        sizes: '256,512',
        peers: 'tabula,tfjs-webgpu,jax-webgpu',
        mlpBatches: '128',
        convBatches: '4',
        attention: '2x64x64x4',
        resnetBatch: '4',
        rounds: '1',
      }
    : {
        sizes: '1024,2048,4096',
        peers: 'tabula,tfjs-webgpu,jax-webgpu',
        mlpBatches: '128,1024',
        convBatches: '32,256',
        attention: '32x256x256x8',
        resnetBatch: '128',
        rounds: '3',
        // 33 cases of ~2 s a round: about 5 minutes on an H100, inside a 15-minute lease after the tests.
        budget: '6',
      },
);

const gpu = await nodeGpu();
// TF.js and jax-js look for WebGPU where a browser has it (Node ≥ 21 has a navigator without `gpu`, 20 none;
// jax-js also reads navigator.userAgent).
if (typeof globalThis.navigator === 'object') Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu });
else Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: `Node.js/${process.version}` } });
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) throw new Error('Dawn found no WebGPU adapter');
const report0 = describeAdapter(adapter);
if (!report0.software && !arg('peak-tflops', ''))
  throw new Error(
    `${adapterLabel(report0)} is a hardware adapter: state its float32 peak with --peak-tflops (H100 SXM: 67, PCIe: 51)`,
  );

const makers: Record<string, PeerMaker> = {
  tabula: (c) => tabula(c.kernels, gpu),
  'tfjs-webgpu': async () => (await import('../bench/tfjs.ts')).tfjs('webgpu'),
  'jax-webgpu': async () => (await import('../bench/jax.ts')).jaxjs('webgpu'),
  'jax-wasm': async () => (await import('../bench/jax.ts')).jaxjs('wasm'),
};

console.log(
  `adapter: ${adapterLabel(report0)}; Tabula kernels: ${cfg.kernels}; ${small ? 'small sizes' : 'full sizes'}`,
);
const run = await runBench(cfg, makers, (msg) => console.error(msg));
console.log('');
for (const line of report(run.results, cfg)) console.log(line);
const out = resolve(arg('out', 'bench-results-gpu.json'));
writeFileSync(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      adapter: report0,
      config: cfg,
      results: run.results,
      medians: run.results.map((r) => ({ item: r.item, peer: r.peer, flopsPerSecond: median(r.values) })),
    },
    null,
    2,
  ),
);
console.log(`\nwrote ${out}`);
process.exit(0);
