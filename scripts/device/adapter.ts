/**
 * Entry of .device/adapter.mjs (`.device/run.sh adapter`): says which WebGPU adapter Dawn picked on
 * the device machine before minutes go into tests — a "(software)" label there means the Vulkan
 * driver was not found and SwiftShader or nothing answered. Creating the GpuContext also compiles
 * and runs the quad-lane probe, so a broken shader path fails here already.
 */
import { GpuContext } from '../../src/gpu/context.ts';
import { adapterLabel } from '../../src/gpu/device.ts';
import { nodeGpu } from '../../src/gpu/node-gpu.ts';

const gpu = await GpuContext.create(await nodeGpu());
console.log(`WebGPU: ${adapterLabel(gpu.report)}`);
console.log(
  JSON.stringify({ ...gpu.report, quadLanes: gpu.quadLanes, kernels: gpu.cpuKernels ? 'cpu' : 'gpu' }, null, 2),
);
gpu.destroy();
process.exit(0);
