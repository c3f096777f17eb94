/**
 * The "Codebook Features" model: a causal pre-LN transformer in which what every block writes to
 * the residual stream (its attention and MLP outputs together) is replaced by the mean of its k
 * most cosine-similar codes from that layer's codebook (`blocks.i.codebook.codes` [codes, d]), as
 * the paper's codebooks sit on block outputs. (Replacing the whole stream instead trained to only
 * 60–68% valid next tokens against the plain model's 100% at the defaults, seed 1.) With codes = 0 it is the same transformer without the
 * bottleneck, the paper's baseline; both draw their shared parameters from the same streams, so a
 * seed gives the two the same initial transformer.
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { Linear, type Parameter } from '../nn.ts';
import { LayerNorm, type NamedBuffer } from '../layers/norm.ts';
import { LearnedPositions, TokenEmbedding } from '../layers/embedding.ts';
import { Codebook } from '../layers/codebook.ts';
import { reshape } from '../ops/conv.ts';
import { add, sub } from '../ops/elementwise.ts';
import { StreamCounter, TransformerBlock } from './transformer.ts';
import type { Model } from './common.ts';

export interface CodebookTransformerOptions {
  length: number;
  vocab: number;
  layers: number;
  features: number;
  heads: number;
  /** Codes per layer's codebook; 0 builds the plain transformer. */
  codes: number;
  /** Codes averaged per row. */
  k: number;
  /** β of each codebook's commitment term. */
  commitment: number;
  seed: number;
}

export class CodebookTransformer implements Model {
  readonly inputShape: readonly number[];
  readonly embed: TokenEmbedding;
  readonly pos: LearnedPositions;
  readonly blocks: TransformerBlock[];
  readonly codebooks: Codebook[];
  readonly lnF: LayerNorm;
  readonly head: Linear;

  constructor(ctx: GpuContext, o: CodebookTransformerOptions) {
    const s = new StreamCounter();
    const d = o.features;
    this.inputShape = [o.length];
    this.embed = new TokenEmbedding(ctx, 'embed', o.vocab, d, { seed: o.seed, streamBase: s.take(1) });
    this.pos = new LearnedPositions(ctx, 'pos', o.length, d, { seed: o.seed, streamBase: s.take(1) });
    this.blocks = Array.from(
      { length: o.layers },
      (_, i) =>
        new TransformerBlock(ctx, `blocks.${i}`, d, o.heads, o.length, { seed: o.seed, streams: s, causal: true }),
    );
    this.lnF = new LayerNorm(ctx, 'ln_f', d);
    this.head = new Linear(ctx, 'head', d, o.vocab, { init: 'glorot-uniform', seed: o.seed, streamBase: s.take(2) });
    // Codebooks take streams after everything the plain model has, so its parameters match.
    this.codebooks =
      o.codes > 0
        ? this.blocks.map(
            (_, i) =>
              new Codebook(
                ctx,
                `blocks.${i}.codebook`,
                o.codes,
                d,
                o.k,
                { seed: o.seed, streamBase: s.take(1) },
                o.commitment,
              ),
          )
        : [];
  }

  /** ids [B, T] → next-token logits [B·T, vocab]. */
  forward(ids: Tensor): Tensor {
    const [B, T] = ids.shape;
    const x = this.pos.forward(this.embed.forward(ids));
    let h = reshape(x, [B * T, x.shape[2]]);
    for (const [i, block] of this.blocks.entries()) {
      const next = block.forward(h);
      // The block's write to the residual stream goes through the codebook; the stream itself does not.
      h = this.codebooks[i] ? add(h, this.codebooks[i].forward(sub(next, h))) : next;
    }
    return this.head.forward(this.lnF.forward(h));
  }

  parameters(): Parameter[] {
    return [this.embed, this.pos, ...this.blocks, this.lnF, this.head, ...this.codebooks].flatMap((m) =>
      m.parameters(),
    );
  }

  setTraining(): void {}

  buffers(): NamedBuffer[] {
    return this.codebooks.flatMap((c) => c.buffers());
  }
}
