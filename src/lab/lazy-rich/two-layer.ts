/**
 * A two-layer net with fixed readouts, f(x) = c·(Σᵢ aᵢ φ(wᵢ·x) − h₀(x)), trained by full-batch GD
 * in four dispatches per step, optionally with its linearization at init (the "twin") trained on
 * the same data. The first layer and the twin's displacement ΔW live side by side in one [D, 2N]
 * tensor, so one matmul computes both pre-activations and one matmul both gradients.
 */
import type { GpuContext } from '../../gpu/context.ts';
import { addScalar, fill, scale as kScale, unary, unaryGrad } from '../../gpu/kernels/elementwise.ts';
import { flatAxpby } from '../../gpu/kernels/flat.ts';
import { matmul } from '../../gpu/kernels/matmul.ts';
import { outputPass, type TwoLayerActivation, type TwoLayerLoss } from '../../gpu/kernels/two-layer.ts';
import type { Tensor } from '../../gpu/tensor.ts';

export interface TwoLayerOptions {
  activation: TwoLayerActivation;
  loss: TwoLayerLoss;
  c: number;
  eps: number;
  twin: boolean;
  /** Subtract the output at init, so f starts at exactly 0 (Chizat et al.'s centring). */
  center: boolean;
}

export interface Split {
  x: Tensor;
  y: Tensor;
  count: number;
  /** Set by TwoLayerNet.attach: c-free output at init and φ' at init. */
  h0?: Tensor;
  d0?: Tensor;
}

export class TwoLayerNet {
  readonly N: number;
  readonly D: number;
  /** [D, 2N] with the twin (W | ΔW), else [D, N]. */
  readonly weights: Tensor;
  /** W₀ [D, N]. */
  readonly w0: Tensor;
  /** [cols, N] picking the first N columns (W out of W | ΔW). */
  private readonly pick: Tensor;

  constructor(
    private readonly ctx: GpuContext,
    w0: Tensor,
    readonly readout: Tensor,
    readonly o: TwoLayerOptions,
  ) {
    [this.D, this.N] = w0.shape;
    this.w0 = w0;
    const cols = o.twin ? 2 * this.N : this.N;
    const init = new Float32Array(this.D * cols);
    const pick = new Float32Array(cols * this.N);
    for (let i = 0; i < this.N; i++) pick[i * this.N + i] = 1;
    this.pick = ctx.tensor(pick, [cols, this.N]).keep();
    this.weights = ctx.tensor(init, [this.D, cols]).keep();
    // Copy W₀ into the first N columns (row by row: the row strides differ).
    for (let d = 0; d < this.D; d++) ctx.copy(w0, this.weights, 4 * this.N, 4 * d * this.N, 4 * d * cols);
  }

  /** W [D, N] now. */
  w(): Tensor {
    return this.o.twin ? matmul(this.weights, this.pick) : this.weights;
  }

  /** φ'(X·W) [P, N] for the current W (or W₀). */
  slopes(x: Tensor, w: Tensor = this.w()): Tensor {
    return this.ctx.scope(() => {
      const z = matmul(x, w);
      if (this.o.activation === 'poly') return addScalar(kScale(z, this.o.eps), 1);
      // relu's backward with an upstream gradient of ones is its slope 1[z > 0].
      return unaryGrad('relu', z, unary('relu', z), fill(this.ctx, z.shape, 1));
    });
  }

  /** Fills the split's h₀ and φ'(z⁰) (both needed before any step or evaluation). */
  attach(s: Split): void {
    const ctx = this.ctx;
    const h0 = ctx.scope(() => {
      if (!this.o.center) return ctx.tensor(new Float32Array(s.count));
      // h₀ = Σ aᵢφ(zᵢ) at init: the output pass with c = 1 and a zero baseline returns it as f.
      const zero = ctx.tensor(new Float32Array(s.count));
      const { stats } = outputPass(
        matmul(s.x, this.w0),
        this.readout,
        zero,
        ctx.tensor(new Float32Array(s.count * this.N), [s.count, this.N]),
        s.y,
        { ...this.o, c: 1 },
      );
      return matmul(stats, ctx.tensor([0, 0, 1, 0], [4, 1]));
    });
    s.h0 = h0.keep();
    s.d0 = this.slopes(s.x, this.w0).keep();
  }

  /** Per-example (loss, twin loss, f, twin f) as [P, 4]. */
  evaluate(s: Split): Tensor {
    return this.ctx.scope(() => outputPass(matmul(s.x, this.weights), this.readout, s.h0!, s.d0!, s.y, this.o).stats);
  }

  /** One full-batch GD step on `s` (both the net and the twin). Encoded, not submitted. */
  step(s: Split, lr: number): void {
    this.ctx.scope(() => {
      const { g } = outputPass(matmul(s.x, this.weights), this.readout, s.h0!, s.d0!, s.y, this.o);
      flatAxpby(-lr, [matmul(s.x, g, { transA: true })], 1, [this.weights]);
    });
  }

  dispose(): void {
    [this.weights, this.pick].forEach((t) => t.dispose());
  }
}
