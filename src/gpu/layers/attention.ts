/**
 * Multi-head self- (or cross-) attention on the fused attention kernel. Four separate projections
 * of [d, d] with bias, each a Linear named `<name>.q`, `<name>.k`, `<name>.v`, `<name>.o`
 * (parameters `<name>.q.weight`, `<name>.q.bias`, …; weights stored [in, out] and prunable like
 * any Linear). Inputs are [B, T, d]; heads split d as [H, d/H] with no transpose (see
 * kernels/attention.ts).
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { Linear, type InitScheme, type Module, type Parameter } from '../nn.ts';
import type { AttentionMasks } from '../kernels/attention.ts';
import { attention } from '../ops/attention.ts';
import { matmulOp } from '../ops/linear.ts';
import { add } from '../ops/elementwise.ts';

export interface MultiHeadAttentionOptions {
  seed: number;
  /** Index of this layer's first parameter in the model: the four projections use 8 streams. */
  streamBase: number;
  causal?: boolean;
  init?: InitScheme;
}

export class MultiHeadAttention implements Module {
  readonly q: Linear;
  readonly k: Linear;
  readonly v: Linear;
  readonly o: Linear;
  readonly causal: boolean;
  /** When set, forward keeps the attention probabilities [B, H, Tq, Tk] in `probs` for display. */
  captureProbs = false;
  /** The last forward's probabilities (persistent; replaced, and the old one freed, each forward). */
  probs: Tensor | null = null;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly features: number,
    readonly heads: number,
    opts: MultiHeadAttentionOptions,
  ) {
    if (features % heads !== 0) throw new Error(`${name}: ${features} features do not split into ${heads} heads`);
    const proj = (suffix: string, k: number): Linear =>
      new Linear(ctx, `${name}.${suffix}`, features, features, {
        init: opts.init ?? 'glorot-uniform',
        seed: opts.seed,
        streamBase: opts.streamBase + 2 * k,
      });
    [this.q, this.k, this.v, this.o] = ['q', 'k', 'v', 'o'].map(proj);
    this.causal = opts.causal ?? false;
  }

  private project(lin: Linear, x: Tensor): Tensor {
    const y = matmulOp(x, lin.weight, { mask: lin.mask });
    return lin.bias ? add(y, lin.bias) : y;
  }

  /** Self-attention over x [B, T, d] with the layer's causal flag. */
  forward(x: Tensor): Tensor {
    return this.attend(x, x);
  }

  /**
   * Queries from x [B, Tq, d], keys and values from context [B, Tk, d]; extra masks (key lengths,
   * a boolean mask) combine with the layer's causal flag.
   */
  attend(x: Tensor, context: Tensor, masks: Omit<AttentionMasks, 'causal'> = {}): Tensor {
    if (x.rank !== 3 || x.shape[2] !== this.features)
      throw new Error(`${this.name}: input [${x.shape}] must be [B, T, ${this.features}]`);
    const { out, probs } = attention(
      this.project(this.q, x),
      this.project(this.k, context),
      this.project(this.v, context),
      {
        heads: this.heads,
        causal: this.causal,
        ...masks,
        probs: this.captureProbs,
      },
    );
    if (probs) {
      this.probs?.dispose();
      this.probs = probs.keep();
    }
    return this.project(this.o, out);
  }

  parameters(): Parameter[] {
    return [this.q, this.k, this.v, this.o].flatMap((l) => l.parameters());
  }
}
