/**
 * Conv-2, Conv-4 and Conv-6 of the lottery-ticket paper (Frankle & Carbin 2019, after VGG):
 * pairs of 3×3 same-padded ReLU convs of 64, 128, 256 channels, each pair followed by 2×2
 * max-pooling, then fully connected 256-256-10. `width` multiplies every hidden width.
 * Input: flat HWC images [B, H·W·C] (H and W divisible by 2^pairs).
 *
 * Parameter names: `conv1.weight` [c1, C, 3, 3], `conv1.bias`, … `convN.*`, then `fc1.*`,
 * `fc2.*`, `fc3.*` (weights [in, out]).
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { Linear, type Parameter } from '../nn.ts';
import type { NamedBuffer } from '../layers/norm.ts';
import { scaled, type Model, type PresetOptions } from './common.ts';
import { Conv2d } from '../layers/conv.ts';
import { maxPool2d, reshape } from '../ops/conv.ts';
import { StreamCounter } from './transformer.ts';

export class ConvNet implements Model {
  readonly inputShape: readonly number[];
  readonly convs: Conv2d[] = [];
  readonly fcs: Linear[];

  constructor(
    ctx: GpuContext,
    readonly pairs: 1 | 2 | 3,
    o: PresetOptions,
  ) {
    const [H, W, C] = o.inputShape;
    const side = 2 ** pairs;
    if (H % side !== 0 || W % side !== 0)
      throw new Error(`conv${2 * pairs}: ${H}×${W} images do not pool ${pairs} times`);
    this.inputShape = [H, W, C];
    const s = new StreamCounter();
    let inC = C;
    for (let k = 0; k < 2 * pairs; k++) {
      const out = scaled(64 * 2 ** Math.floor(k / 2), o.width);
      this.convs.push(
        new Conv2d(ctx, `conv${k + 1}`, inC, out, 3, {
          padding: 1,
          activation: 'relu',
          seed: o.seed,
          streamBase: s.take(2),
        }),
      );
      inC = out;
    }
    const flat = (H / side) * (W / side) * inC;
    const hidden = scaled(256, o.width);
    const sizes = [flat, hidden, hidden, o.classes];
    this.fcs = [0, 1, 2].map(
      (i) =>
        new Linear(ctx, `fc${i + 1}`, sizes[i], sizes[i + 1], {
          activation: i < 2 ? 'relu' : 'identity',
          seed: o.seed,
          streamBase: s.take(2),
        }),
    );
  }

  forward(images: Tensor): Tensor {
    const [H, W, C] = this.inputShape;
    let h = reshape(images, [images.shape[0], H, W, C]);
    this.convs.forEach((c, k) => {
      h = c.forward(h);
      if (k % 2 === 1) h = maxPool2d(h, { kernel: 2 });
    });
    h = reshape(h, [h.shape[0], h.size / h.shape[0]]);
    return this.fcs.reduce((x, fc) => fc.forward(x), h);
  }

  parameters(): Parameter[] {
    return [...this.convs, ...this.fcs].flatMap((m) => m.parameters());
  }

  setTraining(): void {}

  buffers(): NamedBuffer[] {
    return [];
  }
}
