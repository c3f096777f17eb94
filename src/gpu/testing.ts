/** Shared helpers for kernel tests: one GPU context per test file, seeded data, tolerances. */
import { GpuContext } from './context.ts';
import { nodeGpu } from './node-gpu.ts';

export { maxRelErr } from './test-data.ts';
export { randomArray } from './xorshift.ts';

let ctx: Promise<GpuContext> | undefined;

/**
 * Every kernel test runs on a device limited to 8 storage buffers per shader stage, WebGPU's
 * default, which many integrated and mobile GPUs keep: SwiftShader and big GPUs allow more, so
 * without the cap a kernel that needs more would pass here and fail there.
 */
export const TEST_LIMITS = { maxStorageBuffersPerShaderStage: 8 };

export function testContext(): Promise<GpuContext> {
  ctx ??= nodeGpu().then((gpu) => GpuContext.create(gpu, TEST_LIMITS));
  return ctx;
}
