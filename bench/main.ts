/**
 * The browser benchmark page: `window.runBench(config)` times every peer on the same work items in
 * this one browser and returns the samples. Driven by scripts/bench-browser.ts; not part of the app.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { KERNEL_VARIANTS, type KernelVariant } from '../src/gpu/context.ts';
import type { BenchConfig } from './common.ts';
import { runBench, type BenchRun, type PeerMaker } from './run.ts';
import { tabula } from './tabula.ts';
import { tfjs } from './tfjs.ts';
import { jaxjs } from './jax.ts';

const makers: Record<string, PeerMaker> = {
  tabula: (cfg) => tabula(cfg.kernels),
  'tfjs-webgpu': () => tfjs('webgpu'),
  'jax-webgpu': () => jaxjs('webgpu'),
  'tfjs-wasm': () => {
    setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    return tfjs('wasm');
  },
  'jax-wasm': () => jaxjs('wasm'),
};

const log = (msg: string): void => {
  console.log(msg);
  document.getElementById('log')!.textContent += `${msg}\n`;
};

async function run(cfg: BenchConfig): Promise<BenchRun & { userAgent: string }> {
  // ?kernels=auto|gpu|gpu-plain|cpu|cpu-plain in the page's URL overrides the driver's choice, for debugging by hand.
  const forced = new URLSearchParams(location.search).get('kernels');
  if ((KERNEL_VARIANTS as readonly (string | null)[]).includes(forced))
    cfg = { ...cfg, kernels: forced as KernelVariant };
  return { ...(await runBench(cfg, makers, log)), userAgent: navigator.userAgent };
}

(window as unknown as { runBench: typeof run }).runBench = run;
document.getElementById('status')!.dataset.state = 'ready';
