/**
 * Convolutional layers for nn.ts's Module interface. Activations are NHWC ([B, H, W, C]); the
 * datasets' flat HWC rows become images with Reshape. Conv2d's parameters are named
 * "<name>.weight" ([outC, inC, kh, kw]) and "<name>.bias" ([outC]); its optional 0/1 mask prunes
 * the weight (pruned weights neither contribute nor receive gradient).
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import type { Activation } from '../kernels/matmul.ts';
import { initialize, type InitScheme, type Module, type Parameter } from '../nn.ts';
import { zeros } from '../init.ts';
import { streams } from '../streams.ts';
import { avgPool2d, conv2d, flatten, globalAvgPool, maxPool2d, reshape, type PoolOptions } from '../ops/conv.ts';

export interface Conv2dLayerOptions {
  stride?: number;
  padding?: number;
  activation?: Activation;
  bias?: boolean;
  init?: InitScheme;
  /** Multiplies the initializer's standard deviation (defaults are the initializer's own). */
  gain?: number;
  seed: number;
  /** Index of this layer's first parameter in the model: picks its Philox stream. */
  streamBase: number;
}

/** y = act(conv(x, W ⊙ mask) + b), fused into one implicit-GEMM kernel. */
export class Conv2d implements Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  mask: Tensor | null = null;
  readonly activation: Activation;
  readonly stride: number;
  readonly padding: number;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernel: number,
    opts: Conv2dLayerOptions,
  ) {
    this.activation = opts.activation ?? 'identity';
    this.stride = opts.stride ?? 1;
    this.padding = opts.padding ?? 0;
    this.weight = initialize(
      ctx,
      [outChannels, inChannels, kernel, kernel],
      opts.init ?? 'kaiming-normal',
      opts.seed,
      streams.init(opts.streamBase),
      opts.gain,
    ).keep();
    this.weight.name = `${name}.weight`;
    this.weight.requiresGrad = true;
    this.bias = opts.bias === false ? null : zeros(ctx, [outChannels]).keep();
    if (this.bias) {
      this.bias.name = `${name}.bias`;
      this.bias.requiresGrad = true;
    }
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      activation: this.activation,
      mask: this.mask,
    });
  }

  parameters(): Parameter[] {
    const ps: Parameter[] = [{ name: this.weight.name, tensor: this.weight, mask: this.mask }];
    if (this.bias) ps.push({ name: this.bias.name, tensor: this.bias, mask: null });
    return ps;
  }
}

/** A layer without parameters. */
abstract class Stateless implements Module {
  abstract forward(x: Tensor): Tensor;
  parameters(): Parameter[] {
    return [];
  }
}

export class MaxPool2d extends Stateless {
  constructor(readonly opts: PoolOptions) {
    super();
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.opts);
  }
}

export class AvgPool2d extends Stateless {
  constructor(readonly opts: PoolOptions) {
    super();
  }
  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.opts);
  }
}

/** [B, H, W, C] → [B, C]. */
export class GlobalAvgPool extends Stateless {
  forward(x: Tensor): Tensor {
    return globalAvgPool(x);
  }
}

/** [B, …] → [B, rest]. */
export class Flatten extends Stateless {
  forward(x: Tensor): Tensor {
    return flatten(x);
  }
}

/** [B, …] → [B, ...shape]: e.g. a dataset's flat HWC rows to [B, H, W, C] images. */
export class Reshape extends Stateless {
  constructor(readonly shape: readonly number[]) {
    super();
  }
  forward(x: Tensor): Tensor {
    return reshape(x, [x.shape[0], ...this.shape]);
  }
}
