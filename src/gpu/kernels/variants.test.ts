import { describe, expect, it } from 'vitest';
import type { GpuContext, KernelVariant } from '../context.ts';
import { gpuVariantName, kernelVariant, TILE_NEEDS, type KernelFamily } from './variants.ts';
import { registeredVariants } from '../variants.ts';
import './variant-self-tests.ts';

const DEFAULT_LIMITS = { maxComputeWorkgroupStorageSize: 16384, maxComputeInvocationsPerWorkgroup: 256 };

/** The context fields kernelVariant reads; cpuKernels as context.ts derives it. */
function fakeContext(
  software: boolean,
  variant: KernelVariant,
  limits = DEFAULT_LIMITS,
  disabledVariants = new Map<string, string>(),
): GpuContext {
  const cpuKernels = variant === 'auto' ? software : variant.startsWith('cpu');
  return { cpuKernels, kernelVariant: variant, limits, disabledVariants } as unknown as GpuContext;
}

const FAMILIES: KernelFamily[] = ['matmul', 'conv', 'attention'];

describe('kernelVariant', () => {
  it('gives software adapters the CPU kernels and GPUs the workgroup tiles', () => {
    expect(FAMILIES.map((f) => kernelVariant(fakeContext(true, 'auto'), f))).toEqual([
      'registers',
      'registers',
      'rows',
    ]);
    expect(FAMILIES.map((f) => kernelVariant(fakeContext(false, 'auto'), f))).toEqual(['tiled128', 'tiles', 'tiles']);
  });

  it('follows a forced ctx.kernelVariant, and gpu-plain falls back to the older GPU kernels', () => {
    expect(kernelVariant(fakeContext(false, 'cpu-plain'), 'matmul')).toBe('registers');
    expect(kernelVariant(fakeContext(true, 'gpu'), 'conv')).toBe('tiles');
    expect(FAMILIES.map((f) => kernelVariant(fakeContext(false, 'gpu-plain'), f))).toEqual([
      'tiled',
      'registers',
      'workgroup',
    ]);
  });

  it('falls back where the device grants less workgroup memory or fewer invocations than the tiles need', () => {
    for (const f of FAMILIES) {
      const need = TILE_NEEDS[f];
      const plain = kernelVariant(fakeContext(false, 'gpu-plain'), f);
      const small = { ...DEFAULT_LIMITS, maxComputeWorkgroupStorageSize: need.bytes - 4 };
      const narrow = { ...DEFAULT_LIMITS, maxComputeInvocationsPerWorkgroup: need.invocations - 1 };
      expect(kernelVariant(fakeContext(false, 'auto', small), f)).toBe(plain);
      expect(kernelVariant(fakeContext(false, 'gpu', narrow), f)).toBe(plain);
      expect(kernelVariant(fakeContext(false, 'auto', { ...DEFAULT_LIMITS }), f)).not.toBe(plain);
    }
  });

  it("falls back to the older GPU kernels where the device probe's self-test turned the variant off", () => {
    for (const f of FAMILIES) {
      const plain = kernelVariant(fakeContext(false, 'gpu-plain'), f);
      const off = new Map([[gpuVariantName(f), 'max error 3 × tolerance']]);
      expect(kernelVariant(fakeContext(false, 'auto', DEFAULT_LIMITS, off), f)).toBe(plain);
      // Another family's failure leaves this one on its tiles.
      const other = new Map([[gpuVariantName(f === 'conv' ? 'matmul' : 'conv'), 'x']]);
      expect(kernelVariant(fakeContext(false, 'auto', DEFAULT_LIMITS, other), f)).not.toBe(plain);
    }
    // The probe self-tests exactly these, and only on GPUs.
    const registered = registeredVariants().filter((v) => FAMILIES.includes(v.op as KernelFamily));
    expect(registered.map((v) => v.name).sort()).toEqual(FAMILIES.map(gpuVariantName).sort());
    expect(registered.every((v) => v.kinds.join() === 'gpu')).toBe(true);
  });
});
