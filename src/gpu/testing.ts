/** Shared helpers for kernel tests: one GPU context per test file, seeded data, tolerances. */
import { GpuContext } from './context.ts';
import { nodeGpu } from './node-gpu.ts';

export { maxRelErr } from './test-data.ts';
export { randomArray } from './xorshift.ts';

let ctx: Promise<GpuContext> | undefined;

export function testContext(): Promise<GpuContext> {
  ctx ??= nodeGpu().then((gpu) => GpuContext.create(gpu));
  return ctx;
}
