/**
 * Normalization and dropout layers. Parameters are named `<name>.weight` and `<name>.bias`;
 * BatchNorm's running statistics are persistent non-trainable tensors listed by `buffers()`
 * (`<name>.running_mean`, `<name>.running_var`), not by parameters(), so optimizers and pruning
 * never touch them. Layers with a train/eval difference have a `training` flag (default true).
 */
import type { GpuContext } from '../context.ts';
import type { Tensor } from '../tensor.ts';
import type { Module, Parameter } from '../nn.ts';
import { constant, zeros } from '../init.ts';
import { batchNorm, layerNorm } from '../ops/norm.ts';
import { dropout } from '../ops/dropout.ts';
import { streams } from '../streams.ts';

export interface NamedBuffer {
  name: string;
  tensor: Tensor;
}

function param(t: Tensor, name: string): Tensor {
  t.keep();
  t.name = name;
  t.requiresGrad = true;
  return t;
}

/** weight = 1 and bias = 0, both [size]. */
function affine(ctx: GpuContext, name: string, size: number): { weight: Tensor; bias: Tensor } {
  return { weight: param(constant(ctx, [size], 1), `${name}.weight`), bias: param(zeros(ctx, [size]), `${name}.bias`) };
}

const plain = (ts: Tensor[]): Parameter[] => ts.map((t) => ({ name: t.name, tensor: t, mask: null }));

/** LayerNorm over the last axis (of size `features`). */
export class LayerNorm implements Module {
  readonly weight: Tensor;
  readonly bias: Tensor;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly features: number,
    readonly eps = 1e-5,
  ) {
    ({ weight: this.weight, bias: this.bias } = affine(ctx, name, features));
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.weight, this.bias, this.eps);
  }

  parameters(): Parameter[] {
    return plain([this.weight, this.bias]);
  }
}

/**
 * BatchNorm over every axis but the last: x [N, C] or NHWC [N, H, W, C]. Training normalizes by
 * the batch and updates the running statistics (momentum as in PyTorch); eval uses them.
 */
export class BatchNorm implements Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  training = true;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly channels: number,
    readonly opts: { momentum?: number; eps?: number } = {},
  ) {
    ({ weight: this.weight, bias: this.bias } = affine(ctx, name, channels));
    this.runningMean = zeros(ctx, [channels]).keep();
    this.runningMean.name = `${name}.running_mean`;
    this.runningVar = constant(ctx, [channels], 1).keep();
    this.runningVar.name = `${name}.running_var`;
  }

  forward(x: Tensor): Tensor {
    return batchNorm(x, this.weight, this.bias, {
      ...this.opts,
      runningMean: this.runningMean,
      runningVar: this.runningVar,
      training: this.training,
    });
  }

  parameters(): Parameter[] {
    return plain([this.weight, this.bias]);
  }

  buffers(): NamedBuffer[] {
    return [this.runningMean, this.runningVar].map((t) => ({ name: t.name, tensor: t }));
  }
}

/**
 * Inverted dropout with probability p. The mask comes from Philox stream streams.noise(step,
 * site): set `step` before each training step (the backward pass reuses it); give every Dropout
 * in a model its own `site` (< 64). Identity when `training` is false.
 */
export class Dropout implements Module {
  training = true;
  step = 0;

  constructor(
    readonly p: number,
    readonly seed: number,
    readonly site: number,
  ) {
    if (!(p >= 0 && p < 1)) throw new Error(`dropout probability must be in [0, 1), got ${p}`);
    if (!(Number.isInteger(site) && site >= 0 && site < 64))
      throw new Error(`dropout site must be an integer in [0, 64), got ${site}`);
  }

  forward(x: Tensor): Tensor {
    return dropout(x, {
      p: this.p,
      seed: this.seed,
      stream: streams.noise(this.step, this.site),
      training: this.training,
    });
  }

  parameters(): Parameter[] {
    return [];
  }
}
