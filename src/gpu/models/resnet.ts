/**
 * ResNet-20 for CIFAR-10 (He et al. 2016, §4.2): a 3×3 conv of 16 channels, three stages of three
 * basic blocks (16, 32, 64 channels; stages 2 and 3 start with stride 2), global average pooling
 * and a linear layer. Convs have no bias and are each followed by BatchNorm. Where a block changes
 * shape the shortcut is a 1×1 conv + BatchNorm (option B). `width` multiplies the channels.
 * Input: flat HWC images [B, H·W·C].
 *
 * Parameter names: `conv1.weight`, `bn1.{weight,bias}`; per block `layer{s}.{b}.conv1.weight`,
 * `….bn1.*`, `….conv2.weight`, `….bn2.*`, and `….shortcut.conv.weight`, `….shortcut.bn.*` where
 * present; `fc.weight` [64·width, classes], `fc.bias`. Buffers: every BatchNorm's
 * `running_mean` and `running_var`.
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import { Linear, type Module, type Parameter } from '../nn.ts';
import { BatchNorm, type NamedBuffer } from '../layers/norm.ts';
import { add, relu } from '../ops/elementwise.ts';
import { mean } from '../ops/reduce.ts';
import { scaled, type Model, type PresetOptions } from './common.ts';
import { reshape } from '../ops/conv.ts';
import { Conv2d } from '../layers/conv.ts';
import { StreamCounter } from './transformer.ts';

class BasicBlock implements Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm;
  readonly shortcut: [Conv2d, BatchNorm] | null;

  constructor(
    ctx: GpuContext,
    name: string,
    inC: number,
    outC: number,
    stride: number,
    seed: number,
    s: StreamCounter,
  ) {
    const c = (n: string, i: number, k: number, st: number) =>
      new Conv2d(ctx, `${name}.${n}`, i, outC, k, {
        stride: st,
        padding: (k - 1) / 2,
        bias: false,
        seed,
        streamBase: s.take(1),
      });
    this.conv1 = c('conv1', inC, 3, stride);
    this.bn1 = new BatchNorm(ctx, `${name}.bn1`, outC);
    this.conv2 = c('conv2', outC, 3, 1);
    this.bn2 = new BatchNorm(ctx, `${name}.bn2`, outC);
    this.shortcut =
      stride !== 1 || inC !== outC
        ? [c('shortcut.conv', inC, 1, stride), new BatchNorm(ctx, `${name}.shortcut.bn`, outC)]
        : null;
  }

  forward(x: Tensor): Tensor {
    const h = relu(this.bn1.forward(this.conv1.forward(x)));
    const y = this.bn2.forward(this.conv2.forward(h));
    const skip = this.shortcut ? this.shortcut[1].forward(this.shortcut[0].forward(x)) : x;
    return relu(add(y, skip));
  }

  norms(): BatchNorm[] {
    return [this.bn1, this.bn2, ...(this.shortcut ? [this.shortcut[1]] : [])];
  }

  parameters(): Parameter[] {
    return [this.conv1, this.bn1, this.conv2, this.bn2, ...(this.shortcut ?? [])].flatMap((m) => m.parameters());
  }
}

export class ResNet implements Model {
  readonly inputShape: readonly number[];
  readonly stem: [Conv2d, BatchNorm];
  readonly blocks: BasicBlock[] = [];
  readonly fc: Linear;

  constructor(ctx: GpuContext, o: PresetOptions & { blocksPerStage?: number }) {
    const [H, W, C] = o.inputShape;
    this.inputShape = [H, W, C];
    const s = new StreamCounter();
    const widths = [16, 32, 64].map((c) => scaled(c, o.width));
    this.stem = [
      new Conv2d(ctx, 'conv1', C, widths[0], 3, { padding: 1, bias: false, seed: o.seed, streamBase: s.take(1) }),
      new BatchNorm(ctx, 'bn1', widths[0]),
    ];
    let inC = widths[0];
    widths.forEach((w, stage) => {
      for (let b = 0; b < (o.blocksPerStage ?? 3); b++) {
        this.blocks.push(
          new BasicBlock(ctx, `layer${stage + 1}.${b}`, inC, w, stage > 0 && b === 0 ? 2 : 1, o.seed, s),
        );
        inC = w;
      }
    });
    this.fc = new Linear(ctx, 'fc', inC, o.classes, { init: 'glorot-uniform', seed: o.seed, streamBase: s.take(2) });
  }

  forward(images: Tensor): Tensor {
    const [H, W, C] = this.inputShape;
    const B = images.shape[0];
    const h0 = relu(this.stem[1].forward(this.stem[0].forward(reshape(images, [B, H, W, C]))));
    const h = this.blocks.reduce((x, b) => b.forward(x), h0);
    const [, oh, ow, oc] = h.shape;
    return this.fc.forward(mean(reshape(h, [B, oh * ow, oc]), 1));
  }

  /** Every conv in forward order (stem, then each block's conv1, conv2 and shortcut conv): what pruning masks. */
  get convs(): Conv2d[] {
    return [this.stem[0], ...this.blocks.flatMap((b) => [b.conv1, b.conv2, ...(b.shortcut ? [b.shortcut[0]] : [])])];
  }

  get fcs(): Linear[] {
    return [this.fc];
  }

  norms(): BatchNorm[] {
    return [this.stem[1], ...this.blocks.flatMap((b) => b.norms())];
  }

  parameters(): Parameter[] {
    return [...this.stem, ...this.blocks, this.fc].flatMap((m) => m.parameters());
  }

  setTraining(on: boolean): void {
    for (const n of this.norms()) n.training = on;
  }

  buffers(): NamedBuffer[] {
    return this.norms().flatMap((n) => n.buffers());
  }
}
