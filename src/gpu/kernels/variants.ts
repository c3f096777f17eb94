/**
 * Which variant of a kernel family a context runs: the one selection point, read by matmul.ts,
 * conv2d.ts and attention.ts. Software adapters (SwiftShader) run the register-tiled CPU kernels,
 * which are the faster ones there; GPUs run the workgroup-memory tiles ('gpu'), or the older GPU
 * kernels ('gpu-plain') where ctx.kernelVariant says so, where the device probe's self-test of the
 * variant disagreed (ctx.disabledVariants, kernels/variant-self-tests.ts), or where the device
 * grants less workgroup memory or fewer invocations than the tiles need.
 * Shape-dependent refinements (the CPU kernels' SIMD quads, kernels/quads.ts) stay with each kernel.
 */
import type { GpuContext } from '../context.ts';
import { tileBytes } from './tile-gemm.ts';

const FAMILIES = {
  matmul: { cpu: 'registers', gpu: 'tiled128', 'gpu-plain': 'tiled' },
  conv: { cpu: 'registers', gpu: 'tiles', 'gpu-plain': 'registers' },
  attention: { cpu: 'rows', gpu: 'tiles', 'gpu-plain': 'workgroup' },
} as const;

export type KernelFamily = keyof typeof FAMILIES;
export type FamilyVariant<F extends KernelFamily> = (typeof FAMILIES)[F][keyof (typeof FAMILIES)[F]];

/**
 * The most a family's 'gpu' variant declares: bytes of workgroup memory and invocations per
 * workgroup (both within WebGPU's default limits, 16 KiB and 256, so any conformant device fits);
 * attention sizes its tiles to this budget.
 */
export const TILE_NEEDS: Record<KernelFamily, { bytes: number; invocations: number }> = {
  matmul: { bytes: tileBytes(128, 128), invocations: 256 },
  conv: { bytes: tileBytes(128, 128), invocations: 256 },
  attention: { bytes: 16384, invocations: 64 },
};

/** The name of a family's 'gpu' variant in the self-test registry (src/gpu/variants.ts). */
export const gpuVariantName = (family: KernelFamily): string => `${family}-gpu`;

export function kernelVariant<F extends KernelFamily>(ctx: GpuContext, family: F): FamilyVariant<F> {
  const variants = FAMILIES[family] as Record<'cpu' | 'gpu' | 'gpu-plain', FamilyVariant<F>>;
  if (ctx.cpuKernels) return variants.cpu;
  const need = TILE_NEEDS[family];
  const fits =
    need.bytes <= ctx.limits.maxComputeWorkgroupStorageSize &&
    need.invocations <= ctx.limits.maxComputeInvocationsPerWorkgroup;
  const plain = ctx.kernelVariant === 'gpu-plain' || !fits || ctx.disabledVariants.has(gpuVariantName(family));
  return plain ? variants['gpu-plain'] : variants.gpu;
}
