import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter } from './device.ts';
import { Program } from './program.ts';
import { GpuError } from './context.ts';
import { TEST_LIMITS, testContext } from './testing.ts';

describe('adapter detection', () => {
  it.each([
    ['the fallback flag on the info', { isFallbackAdapter: true }, false, true],
    ['the fallback flag on the adapter (older browsers)', {}, true, true],
    ["SwiftShader's own description", { vendor: 'google', architecture: 'swiftshader' }, false, true],
    ["Mesa's llvmpipe", { description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, false, true],
    ["Windows' WARP", { description: 'Microsoft Basic Render Driver' }, false, true],
    ['a GPU', { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3' }, false, false],
    [
      'an info blanked by privacy settings',
      { vendor: '', architecture: '', device: '', description: '' },
      false,
      false,
    ],
    [
      "a GPU whose name has 'cpu' in it",
      { vendor: 'apple', architecture: 'common-3', description: 'M2 (8 CPU + 10 GPU)' },
      false,
      false,
    ],
  ])('reads %s', (_what, info, adapterFlag, software) => {
    expect(isSoftwareAdapter(info, adapterFlag)).toBe(software);
  });

  it('finds the adapter Node tests run on', async () => {
    const ctx = await testContext();
    const info = ctx.device.adapterInfo;
    // SwiftShader here (Dawn flags it as the fallback adapter); on a GPU machine, hardware.
    expect(ctx.report.software).toBe(info.isFallbackAdapter || /swiftshader/.test(info.architecture));
  });
});

// 9 storage buffers, one more than the tests' device allows per stage.
const nine = 'abcdefghi'.split('');
const wide = new Program({
  name: 'test-nine-storage',
  code: `${nine.map((n, i) => `@group(0) @binding(${i}) var<storage, read_write> ${n}: array<f32>;`).join('\n')}
@compute @workgroup_size({{WG}})
fn main() { ${nine.map((n) => `${n}[0] = 1.0;`).join(' ')} }`,
  workgroupSize: 1,
  bindings: Object.fromEntries(nine.map((n) => [n, 'read_write'])) as Record<string, 'read_write'>,
});

describe('storage buffers per shader stage', () => {
  it('are limited to 8 on the tests’ device, as WebGPU’s default', async () => {
    const ctx = await testContext();
    expect(ctx.limits.maxStorageBuffersPerShaderStage).toBe(TEST_LIMITS.maxStorageBuffersPerShaderStage);
    expect(ctx.report.limits.maxStorageBuffersPerShaderStage).toBe(8);
  });

  it('refuse a dispatch over the limit with a message that names the kernel', async () => {
    const ctx = await testContext();
    const ts = nine.map(() => ctx.tensor([0]));
    const bindings = Object.fromEntries(nine.map((n, i) => [n, ts[i]]));
    expect(() => wide.run(ctx, { bindings, workgroups: [1] })).toThrow(GpuError);
    expect(() => wide.run(ctx, { bindings, workgroups: [1] })).toThrow(
      /test-nine-storage binds 9 storage buffers; this device allows 8/,
    );
    ts.forEach((t) => t.dispose());
  });
});
