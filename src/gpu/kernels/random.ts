/**
 * Random tensors generated on the GPU from the Philox stream of src/wgsl/philox.wgsl; element i
 * of every draw equals element i of the matching generator in src/gpu/rng.ts.
 */
import type { GpuContext } from '../context.ts';
import { grid } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { split64, type StreamId } from '../rng.ts';
import philox from '../../wgsl/philox.wgsl?raw';
import random from '../../wgsl/random.wgsl?raw';

const WG = 64;
const code = `${philox}\n${random}`;

function fill(ctx: GpuContext, shape: readonly number[], id: StreamId, entry: string, a: number, b: number): Tensor {
  const out = ctx.empty(shape);
  const [s0, s1] = split64(id.seed);
  const [t0, t1] = split64(id.stream ?? 0, 'stream');
  ctx.dispatch({
    kernel: { name: 'random', code, entry },
    defines: { WG },
    buffers: [out],
    params: [out.size, s0, s1, t0, t1, { f32: a }, { f32: b }],
    workgroups: grid(Math.ceil(out.size / 4), WG),
  });
  return out;
}

/** Uniform on [lo, hi) (default [0, 1)). */
export function randomUniform(
  ctx: GpuContext,
  shape: readonly number[],
  opts: StreamId & { lo?: number; hi?: number },
): Tensor {
  const lo = opts.lo ?? 0;
  return fill(ctx, shape, opts, 'fill_uniform', lo, Math.fround(opts.hi ?? 1) - Math.fround(lo));
}

export function randomNormal(
  ctx: GpuContext,
  shape: readonly number[],
  opts: StreamId & { mean?: number; std?: number },
): Tensor {
  return fill(ctx, shape, opts, 'fill_normal', opts.mean ?? 0, opts.std ?? 1);
}

/** f32 tensor of 0/1 with P(1) = p. */
export function randomBernoulli(ctx: GpuContext, shape: readonly number[], opts: StreamId & { p: number }): Tensor {
  if (!(opts.p >= 0 && opts.p <= 1)) throw new Error(`Bernoulli probability must be in [0, 1], got ${opts.p}`);
  return fill(ctx, shape, opts, 'fill_bernoulli', opts.p, 0);
}
