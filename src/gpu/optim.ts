/**
 * Optimizers over a list of parameter tensors. Each keeps its state on the GPU (persistent
 * tensors, one or two per parameter) and updates every parameter with one fused dispatch per step,
 * using the parameter's `.grad` (parameters without a gradient are skipped, as in PyTorch).
 */
import type { GradientSink } from './autograd.ts';
import type { Tensor } from './tensor.ts';
import { zeros } from './init.ts';
import { flatFill } from './kernels/flat.ts';
import { adamUpdate, sgdUpdate } from './kernels/optim.ts';

export interface ParamEntry {
  name: string;
  tensor: Tensor;
  /** Multiplied into the weight (and its state) after every update: 0 keeps a weight pruned. */
  mask?: Tensor | null;
}

export type ParamLike = ParamEntry | Tensor;

abstract class Optimizer {
  readonly params: ParamEntry[];
  /** Per parameter, its state tensors in the order of `slots`. */
  protected readonly buffers: Tensor[][];
  /** Number of updates taken (Adam's t after the last step). */
  steps = 0;

  constructor(
    params: ParamLike[],
    public lr: number,
    private readonly slots: string[],
  ) {
    this.params = params.map((p, i) => ('tensor' in p ? { ...p } : { name: p.name || `param${i}`, tensor: p }));
    const names = new Set(this.params.map((p) => p.name));
    if (names.size !== this.params.length) throw new Error('optimizer parameters need distinct names');
    this.buffers = this.params.map((p) =>
      slots.map(() => {
        const t = zeros(p.tensor.ctx, p.tensor.shape).keep();
        t.name = `${p.name}/state`;
        return t;
      }),
    );
  }

  protected abstract update(p: ParamEntry, grad: Tensor, state: Tensor[], lr: number): void;

  /**
   * A sink for backward() that applies this step's update, at `lr`, to the parameters whose
   * gradient an op can accumulate into them as it computes it: those are left with no gradient, and
   * step(lr) updates the rest. Undefined when the update is not a scaled add of the gradient.
   */
  gradientSink(_lr?: number): GradientSink | undefined {
    return undefined;
  }

  /** One update of every parameter that has a gradient, with `lr` (default: this.lr). */
  step(lr = this.lr): void {
    this.steps++;
    this.params.forEach((p, i) => {
      if (p.tensor.grad) this.update(p, p.tensor.grad, this.buffers[i], lr);
    });
  }

  setMask(name: string, mask: Tensor | null): void {
    const p = this.params.find((q) => q.name === name);
    if (!p) throw new Error(`optimizer has no parameter ${name}`);
    p.mask = mask;
  }

  /** Snapshot of the state: `${param}/${slot}` arrays and `step` (a one-element array). */
  async state(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>([['step', Float32Array.of(this.steps)]]);
    for (const [i, p] of this.params.entries()) {
      for (const [k, slot] of this.slots.entries())
        out.set(`${p.name}/${slot}`, (await this.buffers[i][k].read()) as Float32Array);
    }
    return out;
  }

  /** Restore a snapshot taken by state() from an optimizer over the same parameters. */
  restore(snapshot: Map<string, Float32Array>): void {
    const step = snapshot.get('step');
    if (!step) throw new Error('optimizer snapshot has no step');
    this.params.forEach((p, i) =>
      this.slots.forEach((slot, k) => {
        const data = snapshot.get(`${p.name}/${slot}`);
        if (!data) throw new Error(`optimizer snapshot has no ${p.name}/${slot}`);
        p.tensor.ctx.write(this.buffers[i][k], data);
      }),
    );
    this.steps = step[0];
  }

  /** Zero the state and the step count (a fresh optimizer over the same parameters). */
  reset(): void {
    flatFill(this.buffers.flat(), 0);
    this.steps = 0;
  }

  dispose(): void {
    this.buffers.flat().forEach((t) => t.dispose());
  }
}

export interface SgdOptions {
  lr: number;
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
  /** Decoupled decay w ← w·(1 − lr·wd) (SGDW) instead of L2 in the gradient. */
  decoupled?: boolean;
}

/** PyTorch's SGD (dampening 0): v ← μv + g, w ← w − lr·v (or g + μv with Nesterov). */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly decoupled: boolean;

  constructor(params: ParamLike[], opts: SgdOptions) {
    super(params, opts.lr, ['momentum']);
    this.momentum = opts.momentum ?? 0;
    this.nesterov = opts.nesterov ?? false;
    this.weightDecay = opts.weightDecay ?? 0;
    this.decoupled = opts.decoupled ?? false;
  }

  /** Plain SGD (no momentum or decay) is w ← w − lr·g; a mask would have to be applied after it. */
  override gradientSink(lr = this.lr): GradientSink | undefined {
    if (this.momentum !== 0 || this.weightDecay !== 0) return undefined;
    const unmasked = new Set(this.params.filter((p) => !p.mask).map((p) => p.tensor));
    return { targetFor: (t) => (unmasked.has(t) ? { into: t, scale: -lr } : undefined) };
  }

  protected update(p: ParamEntry, grad: Tensor, [velocity]: Tensor[], lr: number): void {
    sgdUpdate(
      p.tensor,
      grad,
      velocity,
      {
        lr,
        momentum: this.momentum,
        nesterov: this.nesterov,
        weightDecay: this.weightDecay,
        decoupled: this.decoupled,
      },
      p.mask,
    );
  }
}

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  /** true: AdamW's decoupled decay; false: L2 decay added to the gradient (PyTorch's Adam). */
  decoupled?: boolean;
}

export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly decoupled: boolean;

  constructor(params: ParamLike[], opts: AdamOptions = {}) {
    super(params, opts.lr ?? 1e-3, ['m', 'v']);
    [this.beta1, this.beta2] = opts.betas ?? [0.9, 0.999];
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
    this.decoupled = opts.decoupled ?? false;
  }

  protected update(p: ParamEntry, grad: Tensor, [m, v]: Tensor[], lr: number): void {
    adamUpdate(
      p.tensor,
      grad,
      m,
      v,
      {
        lr,
        beta1: this.beta1,
        beta2: this.beta2,
        eps: this.eps,
        weightDecay: this.weightDecay,
        decoupled: this.decoupled,
        step: this.steps,
      },
      p.mask,
    );
  }
}

/** Adam with decoupled weight decay (PyTorch's defaults: weightDecay 0.01). */
export class AdamW extends Adam {
  constructor(params: ParamLike[], opts: Omit<AdamOptions, 'decoupled'> = {}) {
    super(params, { weightDecay: 0.01, ...opts, decoupled: true });
  }
}
