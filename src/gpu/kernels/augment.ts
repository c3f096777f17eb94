/**
 * Training batches gathered with random-crop (zero padding) and horizontal-flip augmentation,
 * straight from the packed bytes of gather.ts: the augmented batch costs the same single pass as
 * a plain one. The randomness is Philox (seed, stream) per batch row, so a step's batch is
 * reproducible from (seed, step); augment.ref.ts is the CPU mirror.
 */
import philox from '../../wgsl/philox.wgsl?raw';
import code from '../../wgsl/gather_augment.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { split64, type StreamId } from '../rng.ts';

const augmentProgram = defineProgram({
  name: 'gather-augment',
  code: `${philox}\n${code}`,
  entry: 'images_augmented',
  workgroupSize: 256,
  bindings: { bytes: 'read', order: 'read', norm: 'read', out: 'read_write' },
  uniforms: {
    batch: 'u32',
    height: 'u32',
    width: 'u32',
    channels: 'u32',
    offset: 'u32',
    pad: 'u32',
    s0: 'u32',
    s1: 'u32',
    t0: 'u32',
    t1: 'u32',
  },
});

export interface AugmentGather extends StreamId {
  batch: number;
  /** Image geometry (HWC). */
  height: number;
  width: number;
  channels: number;
  offset: number;
  /** Crop padding in pixels (CIFAR: 4). */
  pad: number;
}

/** Images order[offset … offset+batch), each randomly cropped and flipped, as f32 [batch, H·W·C]. */
export function gatherAugmented(images: Tensor, order: Tensor, norm: Tensor, o: AugmentGather): Tensor {
  const dim = o.height * o.width * o.channels;
  const out = images.ctx.empty([o.batch, dim]);
  const [s0, s1] = split64(o.seed);
  const [t0, t1] = split64(o.stream ?? 0, 'stream');
  augmentProgram.run(images.ctx, {
    bindings: { bytes: images, order, norm, out },
    uniforms: {
      batch: o.batch,
      height: o.height,
      width: o.width,
      channels: o.channels,
      offset: o.offset,
      pad: o.pad,
      s0,
      s1,
      t0,
      t1,
    },
    threads: o.batch * dim,
  });
  return out;
}
