/**
 * Embedding layers: token embeddings (`<name>.weight` [vocab, d]), learned positions
 * (`<name>.weight` [maxLen, d]), fixed sinusoidal positions, and patch embeddings for images
 * (`<name>.weight` [P·P·C, d], `<name>.bias` [d]; a Linear on the flattened patches).
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { Linear, type InitScheme, type Module, type Parameter } from '../nn.ts';
import { randomNormal } from '../kernels/random.ts';
import type { PatchGeometry } from '../kernels/embedding.ts';
import { addPositions, embedding, patchEmbedding } from '../ops/embedding.ts';
import { streams } from '../streams.ts';

export interface EmbeddingOptions {
  seed: number;
  /** Index of this layer's parameter in the model: picks its Philox stream. */
  streamBase: number;
  /** Standard deviation of the normal initializer (default 0.02, as GPT-2). */
  std?: number;
}

function table(ctx: GpuContext, name: string, shape: number[], o: EmbeddingOptions): Tensor {
  const t = randomNormal(ctx, shape, { seed: o.seed, stream: streams.init(o.streamBase), std: o.std ?? 0.02 }).keep();
  t.name = `${name}.weight`;
  t.requiresGrad = true;
  return t;
}

/** u32 ids [B, T] → [B, T, d]; an id outside the vocabulary gives a zero vector. */
export class TokenEmbedding implements Module {
  readonly weight: Tensor;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly vocab: number,
    readonly features: number,
    opts: EmbeddingOptions,
  ) {
    this.weight = table(ctx, name, [vocab, features], opts);
  }

  forward(ids: Tensor): Tensor {
    return embedding(this.weight, ids);
  }

  parameters(): Parameter[] {
    return [{ name: this.weight.name, tensor: this.weight, mask: null }];
  }
}

/** x [B, T, d] + a learned position table [maxLen, d] (T ≤ maxLen). */
export class LearnedPositions implements Module {
  readonly weight: Tensor;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly maxLen: number,
    readonly features: number,
    opts: EmbeddingOptions,
  ) {
    this.weight = table(ctx, name, [maxLen, features], opts);
  }

  forward(x: Tensor): Tensor {
    return addPositions(x, this.weight);
  }

  parameters(): Parameter[] {
    return [{ name: this.weight.name, tensor: this.weight, mask: null }];
  }
}

/**
 * The fixed table of Vaswani et al. 2017, [length, d]: PE[t, 2i] = sin(t/10000^(2i/d)),
 * PE[t, 2i+1] = cos(t/10000^(2i/d)). Add it with ops/embedding.addPositions.
 */
export function sinusoidalPositions(ctx: GpuContext, length: number, features: number): Tensor {
  const data = new Float32Array(length * features);
  for (let t = 0; t < length; t++) {
    for (let c = 0; c < features; c++) {
      const angle = t / 10000 ** ((2 * Math.floor(c / 2)) / features);
      data[t * features + c] = c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return ctx.tensor(data, [length, features]);
}

export interface PatchEmbeddingOptions {
  seed: number;
  streamBase: number;
  init?: InitScheme;
}

/** Images [B, H·W·C] (HWC) → [B, (H/P)·(W/P), d], a Linear over each flattened P×P×C patch. */
export class PatchEmbedding implements Module {
  readonly proj: Linear;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly geometry: PatchGeometry,
    readonly features: number,
    opts: PatchEmbeddingOptions,
  ) {
    const { P, C } = geometry;
    this.proj = new Linear(ctx, name, P * P * C, features, {
      init: opts.init ?? 'glorot-uniform',
      seed: opts.seed,
      streamBase: opts.streamBase,
    });
  }

  forward(images: Tensor): Tensor {
    return patchEmbedding(images, this.proj.weight, this.proj.bias, this.geometry, this.proj.mask);
  }

  parameters(): Parameter[] {
    return this.proj.parameters();
  }
}
