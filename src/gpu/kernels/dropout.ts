/**
 * Inverted dropout from the counter-based Philox stream: y = x·keep/(1 − p), where keep for
 * element i is 1 − Bernoulli(p) element i of (seed, stream) in src/gpu/rng.ts. Applying the same
 * call to the output gradient is the backward pass, so the mask is never stored.
 */
import philox from '../../wgsl/philox.wgsl?raw';
import code from '../../wgsl/dropout.wgsl?raw';
import { grid } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { split64, type StreamId } from '../rng.ts';

const WG = 64;
const kernel = { name: 'dropout', code: `${philox}\n${code}` };

export interface DropoutOptions extends StreamId {
  /** Probability of dropping an element, in [0, 1]. */
  p: number;
}

export function dropout(x: Tensor, o: DropoutOptions): Tensor {
  x.assertLive();
  if (x.dtype !== 'f32') throw new Error(`dropout takes an f32 tensor, got ${x.dtype}`);
  if (!(o.p >= 0 && o.p <= 1)) throw new Error(`dropout probability must be in [0, 1], got ${o.p}`);
  const y = x.ctx.empty(x.shape);
  const [s0, s1] = split64(o.seed);
  const [t0, t1] = split64(o.stream ?? 0, 'stream');
  x.ctx.dispatch({
    kernel,
    defines: { WG },
    buffers: [x, y],
    params: [x.size, s0, s1, t0, t1, { f32: o.p }, { f32: o.p >= 1 ? 0 : 1 / (1 - o.p) }],
    workgroups: grid(Math.ceil(x.size / 4), WG),
  });
  return y;
}
