import imagesCode from '../../wgsl/gather.wgsl?raw';
import labelsCode from '../../wgsl/gather_labels.wgsl?raw';
import type { GpuContext } from '../context.ts';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const gatherImagesProgram = defineProgram({
  name: 'gather-images',
  code: imagesCode,
  entry: 'images',
  workgroupSize: 256,
  bindings: { bytes: 'read', order: 'read', norm: 'read', out: 'read_write' },
  uniforms: { batch: 'u32', dim: 'u32', channels: 'u32', offset: 'u32' },
});
const gatherLabelsProgram = defineProgram({
  name: 'gather-labels',
  code: labelsCode,
  workgroupSize: 64,
  bindings: { bytes: 'read', order: 'read', out: 'read_write' },
  uniforms: { batch: 'u32', offset: 'u32' },
});

/** Bytes packed four to a u32 (little-endian), as the gather kernels read them. */
export function packBytes(ctx: GpuContext, bytes: Uint8Array): Tensor {
  const words = new Uint32Array(Math.max(1, Math.ceil(bytes.length / 4)));
  new Uint8Array(words.buffer).set(bytes);
  return ctx.tensor(words, [words.length], 'u32');
}

/**
 * Per-channel affine map from a byte to a float: x = byte·scale[c] + shift[c]. For inputs in
 * [0,1] normalized by mean μ and std σ: scale = 1/(255σ), shift = −μ/σ.
 */
export function channelNorm(ctx: GpuContext, mean: readonly number[], std: readonly number[]): Tensor {
  const c = mean.length;
  const data = new Float32Array(2 * c);
  for (let k = 0; k < c; k++) {
    data[k] = 1 / (255 * std[k]);
    data[c + k] = -mean[k] / std[k];
  }
  return ctx.tensor(data);
}

/** Images order[offset … offset+batch) as f32 [batch, dim]. */
export function gatherImages(
  images: Tensor,
  order: Tensor,
  norm: Tensor,
  o: { batch: number; dim: number; channels: number; offset: number },
): Tensor {
  const out = images.ctx.empty([o.batch, o.dim]);
  gatherImagesProgram.run(images.ctx, {
    bindings: { bytes: images, order, norm, out },
    uniforms: { batch: o.batch, dim: o.dim, channels: o.channels, offset: o.offset },
    threads: o.batch * o.dim,
  });
  return out;
}

/** Labels order[offset … offset+batch) as u32 [batch]. */
export function gatherLabels(labels: Tensor, order: Tensor, o: { batch: number; offset: number }): Tensor {
  const out = labels.ctx.empty([o.batch], 'u32');
  gatherLabelsProgram.run(labels.ctx, {
    bindings: { bytes: labels, order, out },
    uniforms: { batch: o.batch, offset: o.offset },
    workgroups: [Math.ceil(o.batch / 64)],
  });
  return out;
}
