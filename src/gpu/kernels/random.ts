/**
 * Random tensors generated on the GPU from the Philox stream of src/wgsl/philox.wgsl; element i
 * of every draw equals element i of the matching generator in src/gpu/rng.ts.
 */
import type { GpuContext } from '../context.ts';
import { programModule } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { split64, type StreamId } from '../rng.ts';
import philox from '../../wgsl/philox.wgsl?raw';
import random from '../../wgsl/random.wgsl?raw';

const program = programModule({
  name: 'random',
  code: `${philox}\n${random}`,
  workgroupSize: 64,
  uniforms: { n: 'u32', seed_lo: 'u32', seed_hi: 'u32', stream_lo: 'u32', stream_hi: 'u32', a: 'f32', b: 'f32' },
});
const uniformProgram = program('fill_uniform', { out: 'read_write' });
const normalProgram = program('fill_normal', { out: 'read_write' });
const bernoulliProgram = program('fill_bernoulli', { out: 'read_write' });

/** Writes the draw into `out` (every element), so callers can refill a pooled tensor in place. */
function fillInto(out: Tensor, id: StreamId, program: typeof uniformProgram, a: number, b: number): Tensor {
  out.assertLive();
  if (out.dtype !== 'f32') throw new Error(`random fills write f32 tensors, got ${out.dtype} [${out.shape}]`);
  const ctx = out.ctx;
  const [seed_lo, seed_hi] = split64(id.seed);
  const [stream_lo, stream_hi] = split64(id.stream ?? 0, 'stream');
  program.run(ctx, {
    bindings: { out },
    uniforms: { n: out.size, seed_lo, seed_hi, stream_lo, stream_hi, a, b },
    // One thread per Philox block of four elements.
    threads: Math.ceil(out.size / 4),
  });
  return out;
}

function fill(
  ctx: GpuContext,
  shape: readonly number[],
  id: StreamId,
  program: typeof uniformProgram,
  a: number,
  b: number,
): Tensor {
  return fillInto(ctx.empty(shape), id, program, a, b);
}

/** Uniform on [lo, hi) (default [0, 1)). */
export function randomUniform(
  ctx: GpuContext,
  shape: readonly number[],
  opts: StreamId & { lo?: number; hi?: number },
): Tensor {
  const lo = opts.lo ?? 0;
  return fill(ctx, shape, opts, uniformProgram, lo, Math.fround(opts.hi ?? 1) - Math.fround(lo));
}

export function randomNormal(
  ctx: GpuContext,
  shape: readonly number[],
  opts: StreamId & { mean?: number; std?: number },
): Tensor {
  return fill(ctx, shape, opts, normalProgram, opts.mean ?? 0, opts.std ?? 1);
}

/**
 * Overwrites `out` with the draw randomNormal would return for its shape: re-initialises a pooled
 * weight with a fresh sample without allocating (e.g. a new random network every iteration).
 */
export function fillNormal(out: Tensor, opts: StreamId & { mean?: number; std?: number }): Tensor {
  return fillInto(out, opts, normalProgram, opts.mean ?? 0, opts.std ?? 1);
}

/** f32 tensor of 0/1 with P(1) = p. */
export function randomBernoulli(ctx: GpuContext, shape: readonly number[], opts: StreamId & { p: number }): Tensor {
  if (!(opts.p >= 0 && opts.p <= 1)) throw new Error(`Bernoulli probability must be in [0, 1], got ${opts.p}`);
  return fill(ctx, shape, opts, bernoulliProgram, opts.p, 0);
}
