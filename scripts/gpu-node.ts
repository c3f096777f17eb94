/**
 * Runs a TypeScript entry point in Node with WebGPU (Dawn) ready: `tsx scripts/gpu-node.ts
 * <entry.ts> [args…]`. The Vulkan loader path must be in the environment before the process
 * starts, so the entry runs in a child process with the variables from node-gpu-env.ts, and with
 * the `?raw` loader that gives WGSL files as text.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nodeGpuEnv } from './node-gpu-env.ts';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: tsx scripts/gpu-node.ts <entry.ts> [args…]');
  process.exit(2);
}
const rawLoader = fileURLToPath(new URL('./raw-loader.mjs', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', '--import', rawLoader, entry, ...args], {
  stdio: 'inherit',
  env: { ...process.env, ...nodeGpuEnv(process.env) },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
