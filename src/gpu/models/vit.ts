/**
 * A small Vision Transformer (Dosovitskiy et al. 2021) without a class token: patches of P×P
 * pixels embedded to d, learned positions, pre-LN blocks, a final LayerNorm, the mean over the
 * patches, and a linear head. Input: flat HWC images [B, H·W·C].
 *
 * Parameter names: `patch.weight` [P·P·C, d], `patch.bias`, `pos.weight` [patches, d], the
 * blocks as in transformer.ts (`blocks.i.…`), `ln_f.*`, `head.weight` [d, classes], `head.bias`.
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { Linear, type Parameter } from '../nn.ts';
import { LayerNorm, type NamedBuffer } from '../layers/norm.ts';
import { LearnedPositions, PatchEmbedding } from '../layers/embedding.ts';
import { patchShape } from '../kernels/embedding.ts';
import { mean } from '../ops/reduce.ts';
import { scaled, type Model, type PresetOptions } from './common.ts';
import { reshape } from '../ops/conv.ts';
import { StreamCounter, TransformerBlock } from './transformer.ts';

export interface VitOptions extends PresetOptions {
  /** Patch side; must divide H and W (default 7 for 28×28, else 4). */
  patch?: number;
  layers?: number;
  /** Before the width multiplier (default 64). */
  features?: number;
  heads?: number;
}

export class VisionTransformer implements Model {
  readonly inputShape: readonly number[];
  readonly patch: PatchEmbedding;
  readonly pos: LearnedPositions;
  readonly blocks: TransformerBlock[];
  readonly lnF: LayerNorm;
  readonly head: Linear;
  private readonly tokens: number;
  private readonly features: number;

  constructor(ctx: GpuContext, o: VitOptions) {
    const [H, W, C] = o.inputShape;
    const P = o.patch ?? (H % 7 === 0 && W % 7 === 0 ? 7 : 4);
    const heads = o.heads ?? 4;
    // Round d to a multiple of the head count so a width multiplier never breaks the split.
    const d = Math.max(heads, Math.round(scaled(o.features ?? 64, o.width) / heads) * heads);
    const geometry = { H, W, C, P };
    this.tokens = patchShape(1, geometry)[1];
    this.features = d;
    const s = new StreamCounter();
    this.inputShape = [H, W, C];
    this.patch = new PatchEmbedding(ctx, 'patch', geometry, d, { seed: o.seed, streamBase: s.take(2) });
    this.pos = new LearnedPositions(ctx, 'pos', this.tokens, d, { seed: o.seed, streamBase: s.take(1) });
    this.blocks = Array.from(
      { length: o.layers ?? 2 },
      (_, i) =>
        new TransformerBlock(ctx, `blocks.${i}`, d, heads, this.tokens, { seed: o.seed, streams: s, mlpRatio: 2 }),
    );
    this.lnF = new LayerNorm(ctx, 'ln_f', d);
    this.head = new Linear(ctx, 'head', d, o.classes, { init: 'glorot-uniform', seed: o.seed, streamBase: s.take(2) });
  }

  forward(images: Tensor): Tensor {
    const B = images.shape[0];
    const x = this.pos.forward(this.patch.forward(images));
    const h = this.blocks.reduce((hh, b) => b.forward(hh), reshape(x, [B * this.tokens, this.features]));
    return this.head.forward(mean(reshape(this.lnF.forward(h), [B, this.tokens, this.features]), 1));
  }

  parameters(): Parameter[] {
    return [this.patch, this.pos, ...this.blocks, this.lnF, this.head].flatMap((m) => m.parameters());
  }

  setTraining(): void {}

  buffers(): NamedBuffer[] {
    return [];
  }
}
