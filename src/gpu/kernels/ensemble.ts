/**
 * Many independent random MLPs at once: one dispatch runs a layer of every network of an init
 * ensemble, with Gaussian weights and biases regenerated from Philox inside the kernel (see
 * src/wgsl/ensemble.wgsl for the element addressing), so no ensemble weight is ever stored.
 */
import type { GpuContext } from '../context.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { split64 } from '../rng.ts';
import { withActivations } from './activations.ts';
import philox from '../../wgsl/philox.wgsl?raw';
import code from '../../wgsl/ensemble.wgsl?raw';

const kernelCode = withActivations(`${philox}\n${code}`);
const DEFINES = ['ROWS', 'PRIMAL', 'IN_ACT', 'IN_DACT'] as const;
const forwardProgram = defineProgram({
  name: 'ensemble-forward',
  code: kernelCode,
  entry: 'forward',
  workgroupSize: 64,
  bindings: { x: 'read', scales: 'read', z: 'read_write' },
  uniforms: {
    networks: 'u32',
    draws: 'u32',
    n_in: 'u32',
    n_out: 'u32',
    n_in4: 'u32',
    x_stride: 'u32',
    seed_lo: 'u32',
    seed_hi: 'u32',
    w_stream_lo: 'u32',
    w_stream_hi: 'u32',
    b_stream_lo: 'u32',
    b_stream_hi: 'u32',
  },
  defines: DEFINES,
});
const momentsProgram = defineProgram({
  name: 'ensemble-moments',
  code: kernelCode,
  entry: 'moments',
  workgroupSize: 64,
  bindings: { zm: 'read', stats: 'read_write' },
  uniforms: { networks: 'u32', n: 'u32' },
  uniformVar: 'q',
  defines: DEFINES,
});

export type EnsembleActivation = 'relu' | 'tanh' | 'identity';

export interface EnsembleLayerOptions {
  /** φ applied to the incoming rows; 'identity' for the first layer, which reads the raw input. */
  activation: EnsembleActivation;
  /** Input rows per network; the rows after them are their tangents (at most one per input). */
  primal: number;
  nOut: number;
  /** Network e uses weight draw e mod draws. */
  draws: number;
  seed: number;
  weightStream: number;
  biasStream: number;
}

function defines(activation: EnsembleActivation, rows: number, primal: number) {
  return {
    ROWS: rows,
    PRIMAL: primal,
    IN_ACT: activation === 'identity' ? 'v' : `act_${activation}(v)`,
    IN_DACT: activation === 'identity' ? '1.0' : `dact_${activation}(v)`,
  };
}

/**
 * z' [E, R, nOut] = σ_w·W·φ(z) + σ_b·b per network (tangent rows: σ_w·W·(φ'(z)⊙t)), where x is
 * [R, nIn] shared by all networks or [E, R, nIn], and scales [E, 2] holds each network's (σ_w, σ_b).
 */
export function ensembleLayer(x: Tensor, scales: Tensor, o: EnsembleLayerOptions): Tensor {
  const ctx: GpuContext = x.ctx;
  const E = scales.shape[0];
  const shared = x.rank === 2;
  const [R, nIn] = x.shape.slice(-2);
  if (scales.rank !== 2 || scales.shape[1] !== 2)
    throw new Error(`ensembleLayer: scales [${scales.shape}] must be [E, 2]`);
  if (!shared && (x.rank !== 3 || x.shape[0] !== E))
    throw new Error(`ensembleLayer: x [${x.shape}] must be [R, n] or [${E}, R, n]`);
  if (o.primal < 1 || R < o.primal || R > 2 * o.primal)
    throw new Error(`ensembleLayer: ${R} rows cannot be ${o.primal} inputs and their tangents`);
  if (o.draws < 1 || o.draws > E) throw new Error(`ensembleLayer: draws ${o.draws} must be in [1, ${E}]`);
  const nIn4 = Math.ceil(nIn / 4) * 4;
  // Philox block indices are u32.
  if ((o.draws * o.nOut * nIn4) / 4 >= 2 ** 32)
    throw new Error('ensembleLayer: too many weights per layer for one Philox stream');
  const out = ctx.empty([E, R, o.nOut]);
  const [s0, s1] = split64(o.seed);
  const [w0, w1] = split64(o.weightStream, 'stream');
  const [b0, b1] = split64(o.biasStream, 'stream');
  forwardProgram.run(ctx, {
    bindings: { x, scales, z: out },
    uniforms: {
      networks: E,
      draws: o.draws,
      n_in: nIn,
      n_out: o.nOut,
      n_in4: nIn4,
      x_stride: shared ? 0 : R * nIn,
      seed_lo: s0,
      seed_hi: s1,
      w_stream_lo: w0,
      w_stream_hi: w1,
      b_stream_lo: b0,
      b_stream_hi: b1,
    },
    defines: defines(o.activation, R, o.primal),
    threads: E * o.nOut,
  });
  return out;
}

/**
 * Per network of z [E, R, n] with `primal` input rows: [mean z², mean z⁴ (primal rows), mean z₀z₁
 * (0 with one input), mean t² (tangent rows; 0 without)] as [E, 4].
 */
export function ensembleMoments(z: Tensor, primal: number): Tensor {
  const ctx: GpuContext = z.ctx;
  const [E, R, n] = z.shape;
  if (z.rank !== 3 || primal < 1 || R < primal)
    throw new Error(`ensembleMoments: z [${z.shape}] with ${primal} inputs`);
  const out = ctx.empty([E, 4]);
  momentsProgram.run(ctx, {
    bindings: { zm: z, stats: out },
    uniforms: { networks: E, n },
    defines: defines('identity', R, primal),
    threads: E,
  });
  return out;
}
