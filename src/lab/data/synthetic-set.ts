/**
 * A learnable synthetic training set for dataset distillation: `perClass` images of every class as
 * one persistent GPU tensor [classes·perClass, H·W·C] of pixels (in the dataset's standardised
 * units) that the tape differentiates, rows ordered by class, with its byte labels. Also the
 * class-ordered index draws both sides of the matching need.
 */
import type { GpuContext } from '../../gpu/context.ts';
import { packBytes } from '../../gpu/kernels/gather.ts';
import { uniformArray, type StreamId } from '../../gpu/rng.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import type { Dataset, Split } from '../datasets.ts';

export class SyntheticSet {
  readonly images: Tensor;
  /** Bytes (packBytes), class k at rows k·perClass …: as adamOnRows reads them. */
  readonly labels: Tensor;

  /** `init`: classes·perClass rows of H·W·C pixels, ordered by class. */
  constructor(
    gpu: GpuContext,
    init: Float32Array,
    readonly classes: number,
    readonly perClass: number,
  ) {
    const n = classes * perClass;
    if (init.length % n !== 0)
      throw new Error(`a synthetic set of ${n} images cannot start from ${init.length} pixels`);
    this.images = gpu.tensor(init, [n, init.length / n]).keep();
    this.images.name = 'synthetic images';
    this.images.requiresGrad = true;
    this.labels = classLabels(gpu, classes, perClass);
  }

  dispose(): void {
    this.images.dispose();
    this.labels.dispose();
  }
}

/** Byte labels (packBytes, persistent) of a class-ordered set: `perClass` of class 0, then of class 1, …. */
export function classLabels(gpu: GpuContext, classes: number, perClass: number): Tensor {
  return packBytes(
    gpu,
    Uint8Array.from({ length: classes * perClass }, (_, i) => Math.floor(i / perClass)),
  ).keep();
}

/** Indices of `indices` reordered by class (stable): what class-mean matching needs. */
export function byClass(split: Split, indices: ArrayLike<number>): Uint32Array {
  return Uint32Array.from(indices).sort((a, b) => split.labels[a] - split.labels[b]);
}

/**
 * Rows of a class-ordered pool of `perPool` images per class to draw for one matching step:
 * `count` per class, uniformly with replacement from that class's rows, class by class.
 */
export function classBatch(classes: number, perPool: number, count: number, id: StreamId): Uint32Array {
  const u = uniformArray(classes * count, id);
  return Uint32Array.from(
    u,
    (v, i) => Math.floor(i / count) * perPool + Math.min(perPool - 1, Math.floor(v * perPool)),
  );
}

/** Pixels [n, H·W·C] in the dataset's standardised units → [0, 1] for drawing. */
export function toDisplay(dataset: Dataset, pixels: Float32Array): Float32Array {
  const { mean, std } = dataset.manifest;
  const c = mean.length;
  return pixels.map((v, i) => Math.min(1, Math.max(0, v * std[i % c] + mean[i % c])));
}
