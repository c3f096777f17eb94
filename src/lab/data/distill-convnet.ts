/**
 * The ConvNet of dataset distillation (after DC/DM/DataDAM): `depth` stages of a 3×3 same-padded
 * ReLU conv of `width` channels and 2×2 average pooling, then a linear classifier on the flattened
 * last stage (the embedding). The same class serves as the random feature network that distillation
 * matches through (resampled in place every iteration, never trained) and as the network evaluation
 * trains on a synthetic or real subset. Takes flat HWC rows [B, H·W·C]. (DataDAM's nets also
 * instance-normalise each stage; these do not.)
 */
import type { GpuContext } from '../../gpu/context.ts';
import { fans } from '../../gpu/init.ts';
import { fillNormal } from '../../gpu/kernels/random.ts';
import { Conv2d } from '../../gpu/layers/conv.ts';
import { Linear, type Module, type Parameter } from '../../gpu/nn.ts';
import { avgPool2d, flatten, reshape } from '../../gpu/ops/conv.ts';
import { streams } from '../../gpu/streams.ts';
import type { Tensor } from '../../gpu/tensor.ts';

export interface DistillConvNetOptions {
  /** [H, W, C] of one input image. */
  inputShape: readonly number[];
  classes: number;
  /** Channels of every conv. */
  width: number;
  /** Conv–pool stages. */
  depth: number;
  seed: number;
}

export interface ConvFeatures {
  /** Each stage's ReLU activation [B, H, W, width], before its pooling: where attention maps are taken. */
  stages: Tensor[];
  /** [B, F]: the flattened output of the last stage, the classifier's input. */
  embedding: Tensor;
}

export class DistillConvNet implements Module {
  readonly convs: Conv2d[] = [];
  readonly head: Linear;

  constructor(
    ctx: GpuContext,
    readonly o: DistillConvNetOptions,
  ) {
    let [h, w, c] = o.inputShape;
    for (let k = 0; k < o.depth; k++) {
      if (h < 2 || w < 2)
        throw new Error(`a ${o.depth}-stage ConvNet pools ${o.inputShape[0]}-pixel images to nothing`);
      this.convs.push(
        new Conv2d(ctx, `conv${k + 1}`, c, o.width, 3, {
          padding: 1,
          activation: 'relu',
          seed: o.seed,
          streamBase: 2 * k,
        }),
      );
      [h, w, c] = [Math.floor(h / 2), Math.floor(w / 2), o.width];
    }
    this.head = new Linear(ctx, 'head', h * w * c, o.classes, { seed: o.seed, streamBase: 2 * o.depth });
  }

  features(rows: Tensor): ConvFeatures {
    let x = reshape(rows, [rows.shape[0], ...this.o.inputShape]);
    const stages: Tensor[] = [];
    for (const conv of this.convs) {
      const h = conv.forward(x);
      stages.push(h);
      x = avgPool2d(h, { kernel: 2 });
    }
    return { stages, embedding: flatten(x) };
  }

  forward(rows: Tensor): Tensor {
    return this.head.forward(this.features(rows).embedding);
  }

  parameters(): Parameter[] {
    return [...this.convs, this.head].flatMap((m) => m.parameters());
  }

  /** A fixed feature map from now on: the tape takes no gradient for its weights. */
  freeze(): this {
    for (const p of this.parameters()) p.tensor.requiresGrad = false;
    return this;
  }

  /**
   * A fresh random network in the same buffers: every conv weight redrawn from Kaiming's normal
   * (ReLU gain) on Philox stream noise(draw, k) of `seed`; biases stay 0 and the head is unused.
   * One dispatch per conv, no allocation, so a new network every distillation iteration is cheap.
   */
  resample(seed: number, draw: number): void {
    this.convs.forEach((conv, k) =>
      fillNormal(conv.weight, {
        seed,
        stream: streams.noise(draw, k),
        std: Math.SQRT2 / Math.sqrt(fans(conv.weight.shape).fanIn),
      }),
    );
  }
}
