/**
 * A split of a dataset (or a seeded subset of it) resident on the GPU as packed bytes, served in
 * batches that are gathered on the GPU from a per-epoch permutation: a training step uploads
 * nothing but its uniforms.
 */
import type { GpuContext } from '../gpu/context.ts';
import type { Tensor } from '../gpu/tensor.ts';
import { bitsArray } from '../gpu/rng.ts';
import { streams } from '../gpu/streams.ts';
import { channelNorm, gatherImages, gatherLabels, packBytes } from '../gpu/kernels/gather.ts';
import { gatherAugmented } from '../gpu/kernels/augment.ts';
import type { StreamId } from '../gpu/rng.ts';
import type { Dataset, Split } from './datasets.ts';

export interface Batch {
  /** f32 [batch, H·W·C], normalized per channel. */
  x: Tensor;
  /** u32 [batch]. */
  y: Tensor;
  size: number;
}

/** Fisher–Yates over 0…n−1 driven by a Philox stream: the same seed and epoch give the same order. */
export function permutation(n: number, seed: number, stream: number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const bits = bitsArray(n, { seed, stream });
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor((bits[i] / 2 ** 32) * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

export class GpuSplit {
  readonly dim: number;
  readonly channels: number;
  readonly count: number;
  /** [H, W, C]. */
  readonly shape: readonly number[];
  private readonly images: Tensor;
  private readonly labels: Tensor;
  private readonly norm: Tensor;

  /** `indices` picks the examples (e.g. a seeded subset); all of the split when omitted. */
  constructor(
    readonly ctx: GpuContext,
    dataset: Dataset,
    split: Split,
    indices?: ArrayLike<number>,
  ) {
    const [h, w, c] = dataset.manifest.shape;
    this.dim = h * w * c;
    this.channels = c;
    this.shape = [h, w, c];
    const pick = indices ?? Uint32Array.from({ length: split.count }, (_, i) => i);
    this.count = pick.length;
    const images = new Uint8Array(this.count * this.dim);
    const labels = new Uint8Array(this.count);
    for (let k = 0; k < this.count; k++) {
      const i = pick[k];
      images.set(split.images.subarray(i * this.dim, (i + 1) * this.dim), k * this.dim);
      labels[k] = split.labels[i];
    }
    this.images = packBytes(ctx, images).keep();
    this.labels = packBytes(ctx, labels).keep();
    this.norm = channelNorm(ctx, dataset.manifest.mean, dataset.manifest.std).keep();
  }

  /**
   * Batch of the examples order[offset … offset+size) (order is a u32 tensor of example indices);
   * with `augment`, randomly cropped (4-pixel padding) and flipped from that Philox stream.
   */
  batch(order: Tensor, offset: number, size: number, augment?: StreamId): Batch {
    const [height, width, channels] = this.shape;
    return {
      x: augment
        ? gatherAugmented(this.images, order, this.norm, {
            batch: size,
            height,
            width,
            channels,
            offset,
            pad: 4,
            ...augment,
          })
        : gatherImages(this.images, order, this.norm, { batch: size, dim: this.dim, channels: this.channels, offset }),
      y: gatherLabels(this.labels, order, { batch: size, offset }),
      size,
    };
  }

  /** Order for an epoch: shuffled by (seed, epoch), or the identity for evaluation. */
  order(shuffle: { seed: number; epoch: number } | null): Tensor {
    const order = shuffle
      ? permutation(this.count, shuffle.seed, streams.shuffle(shuffle.epoch))
      : Uint32Array.from({ length: this.count }, (_, i) => i);
    return this.ctx.tensor(order, [this.count], 'u32');
  }

  dispose(): void {
    this.images.dispose();
    this.labels.dispose();
    this.norm.dispose();
  }
}
