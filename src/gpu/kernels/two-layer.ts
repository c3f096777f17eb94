/**
 * The output pass of a two-layer net with fixed readouts (src/wgsl/two_layer.wgsl): the per-
 * example loss and ∂loss/∂Z in one dispatch, so a full-batch GD step is matmul → this → matmul →
 * axpby. Small nets on SwiftShader are dispatch-bound; this keeps the step at four dispatches.
 */
import code from '../../wgsl/two_layer.wgsl?raw';
import type { Tensor } from '../tensor.ts';

export type TwoLayerActivation = 'poly' | 'relu';
export type TwoLayerLoss = 'mse' | 'logistic';

const WG = 64;
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
  ctx.dispatch({
    kernel: { name: 'two_layer', code, entry: 'output_pass' },
    defines: { WG, ACT: act, DACT: dact, LOSS: LOSS[o.loss] },
    buffers: [z, a, h0, d0, y, g, stats],
    params: [P, N, W, { f32: o.c }, { f32: o.eps ?? 0 }],
    workgroups: [Math.ceil(P / WG), 1, 1],
  });
  return { g, stats };
}
