/**
 * Weight initializers, seeded through the Philox stream (same seed and stream → identical weights).
 *
 * Fan convention: a Linear weight is stored [in, out], so fanIn = shape[0], fanOut = shape[1];
 * a convolution weight is [outC, inC, kh, kw, …], so with r = kh·kw·… the receptive field,
 * fanIn = inC·r and fanOut = outC·r; a vector (bias, norm scale) has fanIn = fanOut = its length.
 */
import type { GpuContext } from './context.ts';
import type { Tensor } from './tensor.ts';
import type { StreamId } from './rng.ts';
import { randomNormal, randomUniform } from './kernels/random.ts';
import { fill } from './kernels/flat.ts';

export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  const field = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1] * field, fanOut: shape[0] * field };
}

export interface InitOptions extends StreamId {
  /** Multiplies the standard deviation (and the uniform bound). */
  gain?: number;
}

export interface KaimingOptions extends InitOptions {
  /** Which fan keeps its variance: 'fanIn' (forward pass, default) or 'fanOut' (backward). */
  mode?: 'fanIn' | 'fanOut';
}

/** Var = gain²·2/(fanIn + fanOut), uniform on ±gain·√(6/(fanIn + fanOut)). */
export function glorotUniform(ctx: GpuContext, shape: readonly number[], opts: InitOptions): Tensor {
  const { fanIn, fanOut } = fans(shape);
  const bound = (opts.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return randomUniform(ctx, shape, { ...opts, lo: -bound, hi: bound });
}

/** N(0, gain²·2/(fanIn + fanOut)). */
export function glorotNormal(ctx: GpuContext, shape: readonly number[], opts: InitOptions): Tensor {
  const { fanIn, fanOut } = fans(shape);
  return randomNormal(ctx, shape, { ...opts, std: (opts.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)) });
}

function kaimingStd(shape: readonly number[], opts: KaimingOptions): number {
  const f = fans(shape);
  // The default gain √2 is ReLU's (He et al. 2015).
  return (opts.gain ?? Math.SQRT2) / Math.sqrt(opts.mode === 'fanOut' ? f.fanOut : f.fanIn);
}

/** Var = gain²/fan (gain defaults to √2, for ReLU), uniform on ±√3·std. */
export function kaimingUniform(ctx: GpuContext, shape: readonly number[], opts: KaimingOptions): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(shape, opts);
  return randomUniform(ctx, shape, { ...opts, lo: -bound, hi: bound });
}

/** N(0, gain²/fan), gain defaulting to √2. */
export function kaimingNormal(ctx: GpuContext, shape: readonly number[], opts: KaimingOptions): Tensor {
  return randomNormal(ctx, shape, { ...opts, std: kaimingStd(shape, opts) });
}

export function constant(ctx: GpuContext, shape: readonly number[], value: number): Tensor {
  const t = ctx.empty(shape);
  fill(t, value);
  return t;
}

export function zeros(ctx: GpuContext, shape: readonly number[]): Tensor {
  return constant(ctx, shape, 0);
}
