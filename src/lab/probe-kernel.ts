/** The worker's device check: one tiny kernel run end to end, timed and verified. */
import type { GpuContext } from '../gpu/context.ts';
import { defineProgram } from '../gpu/program.ts';

const PROBE_SIZE = 1000;

// Small enough to compile instantly on SwiftShader, yet it exercises the whole path that
// training uses: upload, pipeline, bind group with a params uniform, dispatch, readback.
const addOneProgram = defineProgram({
  name: 'probe-add-one',
  code: /* wgsl */ `
struct Params { n: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x < p.n) {
    y[gid.x] = x[gid.x] + 1.0;
  }
}
`,
  workgroupSize: 64,
  bindings: { x: 'read', y: 'read_write' },
  uniforms: { n: 'u32' },
});

export async function runAddOne(ctx: GpuContext): Promise<{ ms: number; passed: boolean }> {
  const input = Float32Array.from({ length: PROBE_SIZE }, (_, i) => i * 0.5 - 100);
  const start = performance.now();
  const y = ctx.scope(() => {
    const x = ctx.tensor(input);
    const y = ctx.empty([PROBE_SIZE]);
    addOneProgram.run(ctx, { bindings: { x, y }, uniforms: { n: PROBE_SIZE }, threads: PROBE_SIZE });
    return y;
  });
  let out: Float32Array | Uint32Array | Int32Array;
  try {
    out = await y.read();
  } finally {
    y.dispose();
  }
  const ms = performance.now() - start;
  // Inputs are multiples of 0.5 within ±400, so x + 1 is exact in f32.
  const passed = out.length === PROBE_SIZE && out.every((v, i) => v === input[i] + 1);
  return { ms, passed };
}
