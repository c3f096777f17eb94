/**
 * A codebook bottleneck layer (`<name>.codes` [codes, d]): each row becomes the mean of its k most
 * cosine-similar codes (ops/codebook.ts). It remembers the codes it chose in its last forward, so
 * an experiment can read which codes fire without a hook; `forced` sets the intervention for the
 * next forwards.
 *
 * Dead codes: a code no row picks gets no gradient and stays dead, and on a small task most of a
 * random codebook dies early. As the paper's code does (expire_codes), training forwards count each
 * code's use on the GPU, and `reviveDead` makes the next training forward first reset every code
 * unused since the last revival to one of its input rows.
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import type { Module, Parameter } from '../nn.ts';
import { randomNormal } from '../kernels/random.ts';
import { add } from '../kernels/elementwise.ts';
import { sum } from '../kernels/reduce.ts';
import { reviveCodes } from '../kernels/codebook.ts';
import { gradEnabled } from '../autograd.ts';
import { codebookSnap } from '../ops/codebook.ts';
import { zeros } from '../init.ts';
import type { NamedBuffer } from './norm.ts';
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
  /** [codes]: rows that chose each code in training forwards since the last revival. */
  private usage: Tensor;
  /** Set by reviveDead: the hash salt of the revival the next training forward performs. */
  private reviveSalt: number | null = null;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly count: number,
    readonly features: number,
    readonly k: number,
    o: CodebookOptions,
    /** β of the commitment term (ops/codebook.ts); 0 for the plain straight-through gradient. */
    readonly commitment = 0,
  ) {
    // Unit-variance codes: the mean of k of them has about the scale of a LayerNorm-ed row.
    this.codes = randomNormal(ctx, [count, features], { seed: o.seed, stream: streams.init(o.streamBase) }).keep();
    this.codes.name = `${name}.codes`;
    this.codes.requiresGrad = true;
    this.usage = zeros(ctx, [count]).keep();
  }

  /** The next training forward resets the codes unused since the last revival (salt: which rows). */
  reviveDead(salt: number): void {
    this.reviveSalt = salt;
  }

  forward(h: Tensor): Tensor {
    const training = gradEnabled(h.ctx);
    if (training && this.reviveSalt !== null) {
      reviveCodes(this.codes, this.usage, h, this.reviveSalt);
      this.swapUsage(zeros(h.ctx, [this.count]));
      this.reviveSalt = null;
    }
    const { out, ids, weights } = codebookSnap(h, this.codes, this.k, this.forced, this.commitment);
    if (training) this.swapUsage(add(this.usage, sum(weights, 0)));
    this.lastIds = ids;
    return out;
  }

  private swapUsage(next: Tensor): void {
    this.usage.dispose();
    this.usage = next.keep();
  }

  parameters(): Parameter[] {
    return [{ name: this.codes.name, tensor: this.codes, mask: null }];
  }

  /** The use counter: state, not a parameter (disposeModel frees buffers too). */
  buffers(): NamedBuffer[] {
    return [{ name: `${this.name}.usage`, tensor: this.usage }];
  }
}
