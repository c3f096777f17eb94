/**
 * WebGPU for Node through Dawn (npm `webgpu`). Imported only by the CLI and tests, never by
 * the browser bundle. The process must start with the environment from scripts/node-gpu-env.ts
 * (Vulkan loader and SwiftShader ICD) on machines without a GPU.
 */
let cached: GPU | undefined;

export async function nodeGpu(): Promise<GPU> {
  if (cached) return cached;
  const dawn = (await import('webgpu')) as { create: (flags: string[]) => GPU; globals: object };
  // Dawn's enums (GPUBufferUsage, …) are expected as globals, as in a browser.
  Object.assign(globalThis, dawn.globals);
  cached = dawn.create([]);
  return cached;
}
