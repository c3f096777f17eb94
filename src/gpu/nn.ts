/**
 * Layers and models with named parameters ("fc1.weight", "fc1.bias", "fc1.mask") that experiments
 * list, read, write, snapshot and restore: pruning applies masks, rewinding restores a snapshot,
 * landscapes interpolate between two of them.
 */
import type { GpuContext } from './context.ts';
import type { Tensor } from './tensor.ts';
import type { Activation } from './kernels/matmul.ts';
import { glorotNormal, glorotUniform, kaimingNormal, kaimingUniform, zeros } from './init.ts';
import { linear } from './ops/linear.ts';
import { streams } from './streams.ts';

export type InitScheme = 'kaiming-normal' | 'kaiming-uniform' | 'glorot-normal' | 'glorot-uniform';

export interface Parameter {
  name: string;
  tensor: Tensor;
  /** 0/1 mask of the same shape for prunable weights; null while dense. */
  mask: Tensor | null;
}

export interface Module {
  forward(x: Tensor): Tensor;
  parameters(): Parameter[];
  /** Persistent non-trainable state (BatchNorm running statistics): saved and restored with the parameters. */
  buffers?(): { name: string; tensor: Tensor }[];
}

/** Parameters and buffers: everything a snapshot holds. */
function stateTensors(model: Module): { name: string; tensor: Tensor }[] {
  return [...model.parameters(), ...(model.buffers?.() ?? [])];
}

export interface LinearOptions {
  activation?: Activation;
  bias?: boolean;
  init?: InitScheme;
  /** Multiplies the initializer's standard deviation. */
  gain?: number;
  seed: number;
  /** Index of this layer's first parameter in the model: picks its Philox streams. */
  streamBase: number;
}

/** A freshly initialized weight of `shape` drawn from Philox stream `stream` of `seed`. */
export function initialize(
  ctx: GpuContext,
  shape: number[],
  scheme: InitScheme,
  seed: number,
  stream: number,
  gain?: number,
): Tensor {
  // Kaiming's default gain is ReLU's √2; Glorot's is 1.
  const opts = { seed, stream, ...(gain === undefined ? {} : { gain }) };
  switch (scheme) {
    case 'kaiming-normal':
      return kaimingNormal(ctx, shape, opts);
    case 'kaiming-uniform':
      return kaimingUniform(ctx, shape, opts);
    case 'glorot-normal':
      return glorotNormal(ctx, shape, opts);
    case 'glorot-uniform':
      return glorotUniform(ctx, shape, opts);
  }
}

/** y = act(x·W + b) with W stored [in, out], fused into one matmul; an optional mask prunes W. */
export class Linear implements Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  mask: Tensor | null = null;
  readonly activation: Activation;

  constructor(
    ctx: GpuContext,
    readonly name: string,
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: LinearOptions,
  ) {
    this.activation = opts.activation ?? 'identity';
    this.weight = initialize(
      ctx,
      [inFeatures, outFeatures],
      opts.init ?? 'kaiming-normal',
      opts.seed,
      streams.init(opts.streamBase),
      opts.gain,
    ).keep();
    this.weight.name = `${name}.weight`;
    this.weight.requiresGrad = true;
    this.bias = opts.bias === false ? null : zeros(ctx, [outFeatures]).keep();
    if (this.bias) {
      this.bias.name = `${name}.bias`;
      this.bias.requiresGrad = true;
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias, { activation: this.activation, mask: this.mask });
  }

  parameters(): Parameter[] {
    const ps: Parameter[] = [{ name: this.weight.name, tensor: this.weight, mask: this.mask }];
    if (this.bias) ps.push({ name: this.bias.name, tensor: this.bias, mask: null });
    return ps;
  }
}

export class Sequential implements Module {
  constructor(readonly layers: Module[]) {}

  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, layer) => layer.forward(h), x);
  }

  parameters(): Parameter[] {
    return this.layers.flatMap((l) => l.parameters());
  }
}

export interface MlpOptions {
  activation?: Activation;
  init?: InitScheme;
  gain?: number;
  seed: number;
}

/** Fully connected net over `sizes` = [in, hidden…, out]; layers are named fc1, fc2, …. */
export function mlp(ctx: GpuContext, sizes: readonly number[], opts: MlpOptions): Sequential {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`an MLP needs at least two positive integer widths, got [${sizes.join(', ')}]`);
  }
  const layers: Linear[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const last = i + 2 === sizes.length;
    layers.push(
      new Linear(ctx, `fc${i + 1}`, sizes[i], sizes[i + 1], {
        activation: last ? 'identity' : (opts.activation ?? 'relu'),
        init: opts.init,
        gain: opts.gain,
        seed: opts.seed,
        streamBase: 2 * i,
      }),
    );
  }
  return new Sequential(layers);
}

/** LeNet-300-100 (LeCun et al. 1998; the lottery-ticket paper's MNIST net): 784-300-100-10, ReLU. */
export function lenet300(ctx: GpuContext, opts: Omit<MlpOptions, 'activation'>): Sequential {
  return mlp(ctx, [784, 300, 100, 10], { ...opts, activation: 'relu' });
}

/**
 * Copies every parameter and buffer to the CPU (masks are the experiment's to keep): checkpoints,
 * rewinding, export.
 */
export async function snapshot(model: Module): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const p of stateTensors(model)) {
    out.set(p.name, (await p.tensor.read()) as Float32Array);
  }
  return out;
}

/** Writes a snapshot back; every parameter and buffer of the model must be present with its exact size. */
export function restore(model: Module, state: Map<string, Float32Array>): void {
  for (const p of stateTensors(model)) {
    const data = state.get(p.name);
    if (!data) throw new Error(`snapshot has no ${p.name}`);
    p.tensor.ctx.write(p.tensor, data);
  }
}

export function parameterCount(model: Module): number {
  return model.parameters().reduce((n, p) => n + p.tensor.size, 0);
}

export function disposeModel(model: Module): void {
  for (const p of model.parameters()) {
    p.tensor.dispose();
    p.mask?.dispose();
  }
  for (const b of model.buffers?.() ?? []) b.tensor.dispose();
}
