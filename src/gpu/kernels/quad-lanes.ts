/**
 * Probes whether this device's subgroup quads are the lanes the quads kernels assume (quads.ts)
 * (see quad_probe.wgsl). One tiny dispatch and read at context creation; false without the
 * 'subgroups' feature.
 */
import code from '../../wgsl/quad_probe.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { defineProgram } from '../program.ts';

const probeProgram = defineProgram({ name: 'quad_probe', code, workgroupSize: [8, 8], bindings: { ok: 'read_write' } });

export async function probeQuadLanes(ctx: GpuContext): Promise<boolean> {
  if (!ctx.device.features.has('subgroups')) return false;
  const ok = ctx.empty([64], 'u32');
  try {
    probeProgram.run(ctx, { bindings: { ok }, workgroups: [1, 1, 1] });
    const lanes = await ok.read();
    return lanes.every((v) => v === 1);
  } catch {
    // A device that lists 'subgroups' but cannot compile quad operations: use the plain kernels.
    return false;
  } finally {
    ok.dispose();
  }
}
