/** Shared helpers for kernel tests: one GPU context per test file, seeded data, tolerances. */
import { GpuContext } from './context.ts';
import { nodeGpu } from './node-gpu.ts';

export { maxRelErr, randomArray } from './test-data.ts';

let ctx: Promise<GpuContext> | undefined;

export function testContext(): Promise<GpuContext> {
  ctx ??= nodeGpu().then((gpu) => GpuContext.create(gpu));
  return ctx;
}
