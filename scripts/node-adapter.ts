/**
 * Prints the WebGPU adapter that Dawn gives Node, or says there is none and exits 1. prereqs.ts runs
 * it in a child process because the Vulkan loader's path must be in the environment at start.
 */
import { nodeGpu } from '../src/gpu/node-gpu.ts';

const adapter = await (await nodeGpu()).requestAdapter();
if (!adapter) {
  console.log('requestAdapter() returned null');
  process.exit(1);
}
console.log(adapter.info.description || adapter.info.vendor || 'unnamed adapter');
process.exit(0);
