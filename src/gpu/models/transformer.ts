/**
 * Attention models over token sequences. The residual stream is kept as [B·T, d] so LayerNorm
 * and the Linear layers see 2-D rows; it is viewed as [B, T, d] only around attention.
 *
 * Parameter names: `embed.weight` [vocab, d], `pos.weight` [T, d]; per block i
 * `blocks.i.ln1.{weight,bias}`, `blocks.i.attn.{q,k,v,o}.{weight,bias}`, `blocks.i.ln2.*`,
 * `blocks.i.mlp.fc1.*` [d, 4d], `blocks.i.mlp.fc2.*` [4d, d]; then `ln_f.*` and `head.*` [d, classes].
 * The one-layer attention model has `embed`, `pos`, `attn.{q,k,v,o}`, `head`.
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { Linear, type Module, type Parameter } from '../nn.ts';
import { MultiHeadAttention } from '../layers/attention.ts';
import { LayerNorm, type NamedBuffer } from '../layers/norm.ts';
import { LearnedPositions, TokenEmbedding } from '../layers/embedding.ts';
import { add } from '../ops/elementwise.ts';
import { type Model, type PresetOptions } from './common.ts';
import { reshape } from '../ops/conv.ts';

/** Hands out consecutive Philox init streams: every parameter tensor of a model gets its own. */
export class StreamCounter {
  constructor(private next = 0) {}

  take(n: number): number {
    const base = this.next;
    this.next += n;
    return base;
  }
}

export interface BlockOptions {
  seed: number;
  streams: StreamCounter;
  causal?: boolean;
  /** Hidden width of the MLP as a multiple of d (default 4). */
  mlpRatio?: number;
}

/** Pre-LayerNorm block: h + attn(ln1(h)), then h + fc2(gelu(fc1(ln2(h)))). */
export class TransformerBlock implements Module {
  readonly ln1: LayerNorm;
  readonly attn: MultiHeadAttention;
  readonly ln2: LayerNorm;
  readonly fc1: Linear;
  readonly fc2: Linear;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly features: number,
    heads: number,
    readonly length: number,
    o: BlockOptions,
  ) {
    const hidden = features * (o.mlpRatio ?? 4);
    this.ln1 = new LayerNorm(ctx, `${name}.ln1`, features);
    this.attn = new MultiHeadAttention(ctx, `${name}.attn`, features, heads, {
      seed: o.seed,
      streamBase: o.streams.take(8),
      causal: o.causal,
    });
    this.ln2 = new LayerNorm(ctx, `${name}.ln2`, features);
    this.fc1 = new Linear(ctx, `${name}.mlp.fc1`, features, hidden, {
      activation: 'gelu',
      seed: o.seed,
      streamBase: o.streams.take(2),
    });
    this.fc2 = new Linear(ctx, `${name}.mlp.fc2`, hidden, features, {
      init: 'glorot-uniform',
      seed: o.seed,
      streamBase: o.streams.take(2),
    });
  }

  /** h [B·T, d] → [B·T, d]. */
  forward(h: Tensor): Tensor {
    const B = h.shape[0] / this.length;
    const a = reshape(this.attn.forward(reshape(this.ln1.forward(h), [B, this.length, this.features])), h.shape);
    const h1 = add(h, a);
    return add(h1, this.fc2.forward(this.fc1.forward(this.ln2.forward(h1))));
  }

  parameters(): Parameter[] {
    return [this.ln1, this.attn, this.ln2, this.fc1, this.fc2].flatMap((m) => m.parameters());
  }
}

export interface TransformerOptions extends PresetOptions {
  /** Vocabulary of the input tokens (default: classes). */
  vocab?: number;
  layers?: number;
  features?: number;
  heads?: number;
  causal?: boolean;
}

/** Pre-LN transformer encoder: u32 ids [B, T] → logits [B·T, classes], one prediction per token. */
export class Transformer implements Model {
  readonly inputShape: readonly number[];
  readonly embed: TokenEmbedding;
  readonly pos: LearnedPositions;
  readonly blocks: TransformerBlock[];
  readonly lnF: LayerNorm;
  readonly head: Linear;

  constructor(ctx: GpuContext, o: TransformerOptions) {
    const [T] = o.inputShape;
    const d = o.features ?? 64;
    const s = new StreamCounter();
    this.inputShape = [T];
    this.embed = new TokenEmbedding(ctx, 'embed', o.vocab ?? o.classes, d, { seed: o.seed, streamBase: s.take(1) });
    this.pos = new LearnedPositions(ctx, 'pos', T, d, { seed: o.seed, streamBase: s.take(1) });
    this.blocks = Array.from(
      { length: o.layers ?? 2 },
      (_, i) =>
        new TransformerBlock(ctx, `blocks.${i}`, d, o.heads ?? 4, T, { seed: o.seed, streams: s, causal: o.causal }),
    );
    this.lnF = new LayerNorm(ctx, 'ln_f', d);
    this.head = new Linear(ctx, 'head', d, o.classes, { init: 'glorot-uniform', seed: o.seed, streamBase: s.take(2) });
  }

  forward(ids: Tensor): Tensor {
    const [B, T] = ids.shape;
    const x = this.pos.forward(this.embed.forward(ids));
    const h = this.blocks.reduce((hh, b) => b.forward(hh), reshape(x, [B * T, x.shape[2]]));
    return this.head.forward(this.lnF.forward(h));
  }

  parameters(): Parameter[] {
    return [this.embed, this.pos, ...this.blocks, this.lnF, this.head].flatMap((m) => m.parameters());
  }

  setTraining(): void {}

  buffers(): NamedBuffer[] {
    return [];
  }
}

/** One multi-head attention layer with a residual: ids [B, T] → logits [B·T, classes]. */
export class AttentionModel implements Model {
  readonly inputShape: readonly number[];
  readonly embed: TokenEmbedding;
  readonly pos: LearnedPositions;
  readonly attn: MultiHeadAttention;
  readonly head: Linear;

  constructor(ctx: GpuContext, o: TransformerOptions) {
    const [T] = o.inputShape;
    const d = o.features ?? 64;
    const s = new StreamCounter();
    this.inputShape = [T];
    this.embed = new TokenEmbedding(ctx, 'embed', o.vocab ?? o.classes, d, { seed: o.seed, streamBase: s.take(1) });
    this.pos = new LearnedPositions(ctx, 'pos', T, d, { seed: o.seed, streamBase: s.take(1) });
    this.attn = new MultiHeadAttention(ctx, 'attn', d, o.heads ?? 4, {
      seed: o.seed,
      streamBase: s.take(8),
      causal: o.causal,
    });
    this.head = new Linear(ctx, 'head', d, o.classes, { init: 'glorot-uniform', seed: o.seed, streamBase: s.take(2) });
  }

  forward(ids: Tensor): Tensor {
    const [B, T] = ids.shape;
    const x = this.pos.forward(this.embed.forward(ids));
    const h = add(x, this.attn.forward(x));
    return this.head.forward(reshape(h, [B * T, x.shape[2]]));
  }

  parameters(): Parameter[] {
    return [this.embed, this.pos, this.attn, this.head].flatMap((m) => m.parameters());
  }

  setTraining(): void {}

  buffers(): NamedBuffer[] {
    return [];
  }
}
