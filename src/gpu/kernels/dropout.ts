/**
 * Inverted dropout from the counter-based Philox stream: y = x·keep/(1 − p), where keep for
 * element i is 1 − Bernoulli(p) element i of (seed, stream) in src/gpu/rng.ts. Applying the same
 * call to the output gradient is the backward pass, so the mask is never stored.
 */
import philox from '../../wgsl/philox.wgsl?raw';
import code from '../../wgsl/dropout.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { split64, type StreamId } from '../rng.ts';

const dropoutProgram = defineProgram({
  name: 'dropout',
  code: `${philox}\n${code}`,
  workgroupSize: 64,
  bindings: { x: 'read', y: 'read_write' },
  uniforms: { n: 'u32', seed_lo: 'u32', seed_hi: 'u32', stream_lo: 'u32', stream_hi: 'u32', p: 'f32', scale: 'f32' },
});

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
  dropoutProgram.run(x.ctx, {
    bindings: { x, y },
    uniforms: {
      n: x.size,
      seed_lo: s0,
      seed_hi: s1,
      stream_lo: t0,
      stream_hi: t1,
      p: o.p,
      scale: o.p >= 1 ? 0 : 1 / (1 - o.p),
    },
    // One thread per Philox block of four elements.
    threads: Math.ceil(x.size / 4),
  });
  return y;
}
