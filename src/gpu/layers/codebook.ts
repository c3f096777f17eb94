/**
 * A codebook bottleneck layer (`<name>.codes` [codes, d]): each row becomes the mean of its k most
 * cosine-similar codes (ops/codebook.ts). It remembers the codes it chose in its last forward, so
 * an experiment can read which codes fire without a hook; `forced` sets the intervention for the
 * next forwards.
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import type { Module, Parameter } from '../nn.ts';
import { randomNormal } from '../kernels/random.ts';
import { codebookSnap } from '../ops/codebook.ts';
import { streams } from '../streams.ts';

export interface CodebookOptions {
  seed: number;
  /** Index of this layer's parameter in the model: picks its Philox stream. */
  streamBase: number;
}

export class Codebook implements Module {
  readonly codes: Tensor;
  /** The [rows, k] code ids of the last forward (in that forward's scope). */
  lastIds: Tensor | null = null;
  /** [rows] u32 forcing codes (NO_CODE: free), or null: the intervention applied by forward. */
  forced: Tensor | null = null;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly count: number,
    readonly features: number,
    readonly k: number,
    o: CodebookOptions,
  ) {
    // Unit-variance codes: the mean of k of them has about the scale of a LayerNorm-ed row.
    this.codes = randomNormal(ctx, [count, features], { seed: o.seed, stream: streams.init(o.streamBase) }).keep();
    this.codes.name = `${name}.codes`;
    this.codes.requiresGrad = true;
  }

  forward(h: Tensor): Tensor {
    const { out, ids } = codebookSnap(h, this.codes, this.k, this.forced);
    this.lastIds = ids;
    return out;
  }

  parameters(): Parameter[] {
    return [{ name: this.codes.name, tensor: this.codes, mask: null }];
  }
}
