import { describe, it, expect } from 'vitest';
import { testContext } from './testing.ts';
import { GpuError } from './context.ts';
import { grid } from './grid.ts';
import { BufferPool } from './pool.ts';
import { Program } from './program.ts';

// y = x·scale + OFFSET
const affine = (workgroupSize: number) =>
  new Program({
    name: `test-affine-${workgroupSize}`,
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
struct Params { n: u32, scale: f32 }
@group(0) @binding(2) var<uniform> p: Params;
@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i < p.n) { y[i] = x[i] * p.scale + {{OFFSET}}; }
}`,
    workgroupSize,
    bindings: { x: 'read', y: 'read_write' },
    uniforms: { n: 'u32', scale: 'f32' },
    defines: ['OFFSET'],
  });
const double = affine(64);

describe('GPU context on Node WebGPU (Dawn)', () => {
  it('runs a real compute shader and reads its output', async () => {
    const ctx = await testContext();
    const x = ctx.tensor([1, 2, 3, 4, 5]);
    const y = ctx.empty([5]);
    double.run(ctx, { bindings: { x, y }, uniforms: { n: 5, scale: 2 }, defines: { OFFSET: '1.0' }, workgroups: [1] });
    expect([...(await y.read())]).toEqual([3, 5, 7, 9, 11]);
    x.dispose();
    y.dispose();
  });

  it("finds SwiftShader's subgroups to be SIMD quads, which the CPU matmul shares loads across", async () => {
    const ctx = await testContext();
    // Without this the 'quads' matmul silently falls back to 'registers' (about 1.3× slower).
    if (ctx.report.software && ctx.device.features.has('subgroups')) expect(ctx.quadLanes).toBe(true);
    // A GPU may pair its lanes the same way (an H100 does), but its default kernels never share through quads.
    else expect(ctx.quadKernels).toBe(false);
  });

  it('splits an encoder into submits under its time budget (OS watchdogs), with the same results', async () => {
    const ctx = await testContext();
    const chain = async (): Promise<number[]> => {
      let x = ctx.tensor([1, 2, 3]);
      for (let i = 0; i < 4; i++) {
        const y = ctx.empty([3]);
        double.run(ctx, {
          bindings: { x, y },
          uniforms: { n: 3, scale: 2 },
          defines: { OFFSET: '1.0' },
          workgroups: [1],
        });
        x.dispose();
        x = y;
      }
      const out = [...(await x.read())];
      x.dispose();
      return out;
    };
    expect(ctx.submitBudgetMs).toBe(ctx.report.software ? Infinity : 500);
    const whole = ctx.submitCount;
    const want = await chain();
    expect(ctx.submitCount - whole).toBe(1);
    const budget = ctx.submitBudgetMs;
    try {
      ctx.submitBudgetMs = 1e-9; // every dispatch is over it once one submit has been timed
      await chain();
      await ctx.sync();
      const split = ctx.submitCount;
      expect(await chain()).toEqual(want);
      expect(ctx.submitCount - split).toBe(4);
    } finally {
      ctx.submitBudgetMs = budget;
    }
  });

  it('caches pipelines by kernel and specialization', async () => {
    const ctx = await testContext();
    const before = ctx.pipelineCount;
    const x = ctx.tensor([1]);
    const y = ctx.empty([1]);
    const uniforms = { n: 1, scale: 1 };
    for (let i = 0; i < 3; i++)
      double.run(ctx, { bindings: { x, y }, uniforms, defines: { OFFSET: '(1.0)' }, workgroups: [1] });
    double.run(ctx, { bindings: { x, y }, uniforms, defines: { OFFSET: '(0.5 + 0.5)' }, workgroups: [1] });
    expect(ctx.pipelineCount - before).toBe(2);
    expect([...(await y.read())]).toEqual([2]);
    x.dispose();
    y.dispose();
  });

  it('handles more workgroups than one grid dimension allows', async () => {
    const ctx = await testContext();
    const n = 70_000 * 4 + 3;
    const [gx, gy] = grid(n, 4);
    expect(gy).toBeGreaterThan(1);
    const data = new Float32Array(n).map((_, i) => i % 1000);
    const x = ctx.tensor(data);
    const y = ctx.empty([n]);
    affine(4).run(ctx, {
      bindings: { x, y },
      uniforms: { n, scale: 1 },
      defines: { OFFSET: '1.0' },
      workgroups: [gx, gy],
    });
    const out = await y.read();
    expect(out[n - 1]).toBe(data[n - 1] + 1);
    expect(out.every((v, i) => v === data[i] + 1)).toBe(true);
  });

  it('frees scope temporaries and keeps returned and persistent tensors', async () => {
    const ctx = await testContext();
    const live = ctx.storage.liveCount;
    const kept = ctx.tensor([1]).keep();
    const ret = ctx.scope(() => {
      ctx.tensor([2]);
      ctx.tensor([3]);
      return ctx.tensor([4]);
    });
    expect(ctx.storage.liveCount).toBe(live + 2);
    expect([...(await ret.read())]).toEqual([4]);
    ret.dispose();
    kept.dispose();
    expect(ctx.storage.liveCount).toBe(live);
  });

  it('reuses pooled buffers instead of growing', async () => {
    const ctx = await testContext();
    for (let i = 0; i < 3; i++) ctx.scope(() => void ctx.tensor(new Float32Array(1000)));
    ctx.flush();
    const total = ctx.storage.totalBytes;
    for (let i = 0; i < 50; i++) {
      ctx.scope(() => void ctx.tensor(new Float32Array(1000)));
      ctx.flush();
    }
    expect(ctx.storage.totalBytes).toBe(total);
  });

  it('turns a GPU validation error into a rejected read', async () => {
    const ctx = await testContext();
    const x = ctx.tensor([1]);
    // Binding one buffer as both read-only and read-write is invalid in one dispatch.
    double.run(ctx, {
      bindings: { x, y: x },
      uniforms: { n: 1, scale: 1 },
      defines: { OFFSET: '1.0' },
      workgroups: [1],
    });
    await expect(x.read()).rejects.toThrow(/GPU error/);
    x.dispose();
  });

  it('rejects a tensor larger than the device allows, with a clear message', async () => {
    const ctx = await testContext();
    const n = Math.floor(ctx.limits.maxStorageBufferBindingSize / 4) + 1024;
    expect(() => ctx.empty([n])).toThrow(GpuError);
    expect(() => ctx.empty([n])).toThrow(/more than this device allows/);
  });

  it('uses size classes that never shrink a request', () => {
    for (const b of [1, 255, 256, 257, 4096, 1_000_000, 3_000_001, 50_000_000]) {
      const c = BufferPool.sizeClass(b);
      expect(c).toBeGreaterThanOrEqual(b);
      expect(c).toBeLessThanOrEqual(Math.max(256, b * 2));
    }
  });
});
