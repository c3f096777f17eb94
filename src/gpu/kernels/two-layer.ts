/**
 * The output pass of a two-layer net with fixed readouts (src/wgsl/two_layer.wgsl): the per-
 * example loss and ∂loss/∂Z in one dispatch, so a full-batch GD step is matmul → this → matmul →
 * axpby. Small nets on SwiftShader are dispatch-bound; this keeps the step at four dispatches.
 */
import code from '../../wgsl/two_layer.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

export type TwoLayerActivation = 'poly' | 'relu';
export type TwoLayerLoss = 'mse' | 'logistic';

const WG = 64;
const outputPassProgram = defineProgram({
  name: 'two-layer-output-pass',
  code,
  entry: 'output_pass',
  workgroupSize: WG,
  bindings: { z: 'read', a: 'read', h0: 'read', d0: 'read', y: 'read', g: 'read_write', stats: 'read_write' },
  uniforms: { P: 'u32', N: 'u32', W: 'u32', c: 'f32', eps: 'f32' },
  defines: ['ACT', 'DACT', 'LOSS'],
});
const ACT: Record<TwoLayerActivation, [string, string]> = {
  // φ(z) = z + εz²/2 (Kumar et al. 2023)
  poly: ['return v + 0.5 * p.eps * v * v;', 'return 1.0 + p.eps * v;'],
  relu: ['return max(v, 0.0);', 'return select(0.0, 1.0, v > 0.0);'],
};
const LOSS: Record<TwoLayerLoss, string> = {
  mse: 'let r = f - t; return vec2f(r * r, 2.0 * r);',
  // log(1 + e^{−tf}) for t = ±1, written to stay finite for large |f|.
  logistic: 'let s = -t * f; return vec2f(max(s, 0.0) + log(1.0 + exp(-abs(s))), -t / (1.0 + exp(-s)));',
};

export interface OutputPassOptions {
  activation: TwoLayerActivation;
  loss: TwoLayerLoss;
  /** Output scale c in f = c·(Σ aᵢφ(zᵢ) − h₀). */
  c: number;
  eps?: number;
}

/**
 * z [P, W] with W = N or 2N (the twin's X·ΔW in the second half), readouts a [N], h0 [P], d0 [P, N]
 * (φ' at init; any [P, N] tensor when W = N), targets y [P]. Returns g = ∂(mean loss)/∂z [P, W]
 * and stats [P, 4] = (loss, twin loss, f, twin f) per example.
 */
export function outputPass(
  z: Tensor,
  a: Tensor,
  h0: Tensor,
  d0: Tensor,
  y: Tensor,
  o: OutputPassOptions,
): { g: Tensor; stats: Tensor } {
  const [P, W] = z.shape;
  const N = a.size;
  if (z.rank !== 2 || (W !== N && W !== 2 * N) || h0.size !== P || y.size !== P || d0.size !== P * N)
    throw new Error(
      `outputPass: z [${z.shape}], a [${a.shape}], h0 [${h0.shape}], d0 [${d0.shape}], y [${y.shape}] do not fit`,
    );
  const ctx = z.ctx;
  const g = ctx.empty([P, W]);
  const stats = ctx.empty([P, 4]);
  const [act, dact] = ACT[o.activation];
  outputPassProgram.run(ctx, {
    bindings: { z, a, h0, d0, y, g, stats },
    uniforms: { P, N, W, c: o.c, eps: o.eps ?? 0 },
    defines: { ACT: act, DACT: dact, LOSS: LOSS[o.loss] },
    workgroups: [Math.ceil(P / WG), 1, 1],
  });
  return { g, stats };
}
