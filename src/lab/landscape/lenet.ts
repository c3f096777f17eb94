/**
 * The LeNet of the intrinsic-dimension paper (Li et al. 2018) for 28×28 single-channel images:
 * conv 6@5×5 → ReLU → 2×2 max-pool → conv 16@5×5 → ReLU → 2×2 max-pool → FC 256-120-84-10
 * (ReLU), unpadded, D = 44,426 parameters on MNIST (the paper's count). Input: flat HWC rows.
 */
import type { GpuContext } from '../../gpu/context.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import { Linear, type Module, type Parameter } from '../../gpu/nn.ts';
import { Conv2d } from '../../gpu/layers/conv.ts';
import { maxPool2d, reshape } from '../../gpu/ops/conv.ts';

export class LeNet implements Module {
  private readonly convs: Conv2d[];
  private readonly fcs: Linear[];

  constructor(
    ctx: GpuContext,
    private readonly shape: readonly [number, number, number],
    classes: number,
    seed: number,
  ) {
    const [h, w, c] = shape;
    // Each unpadded 5×5 conv trims 4 pixels, each pool halves: 28 → 24 → 12 → 8 → 4.
    const side = (n: number): number => ((n - 4) / 2 - 4) / 2;
    if (!Number.isInteger(side(h)) || !Number.isInteger(side(w)) || side(h) < 1 || side(w) < 1)
      throw new Error(`LeNet: ${h}×${w} images do not fit two 5×5 convs and pools`);
    this.convs = [
      new Conv2d(ctx, 'conv1', c, 6, 5, { activation: 'relu', seed, streamBase: 0 }),
      new Conv2d(ctx, 'conv2', 6, 16, 5, { activation: 'relu', seed, streamBase: 2 }),
    ];
    const sizes = [16 * side(h) * side(w), 120, 84, classes];
    this.fcs = [0, 1, 2].map(
      (i) =>
        new Linear(ctx, `fc${i + 1}`, sizes[i], sizes[i + 1], {
          activation: i < 2 ? 'relu' : 'identity',
          seed,
          streamBase: 4 + 2 * i,
        }),
    );
  }

  forward(images: Tensor): Tensor {
    let x = reshape(images, [images.shape[0], ...this.shape]);
    for (const conv of this.convs) x = maxPool2d(conv.forward(x), { kernel: 2 });
    x = reshape(x, [x.shape[0], x.size / x.shape[0]]);
    return this.fcs.reduce((y, fc) => fc.forward(y), x);
  }

  parameters(): Parameter[] {
    return [...this.convs, ...this.fcs].flatMap((m) => m.parameters());
  }
}
