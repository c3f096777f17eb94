/**
 * "When Layers Play the Lottery" at browser scale: whole residual blocks removed at
 * initialization vs filter (unit) pruning at the same parameter count, both trained from the
 * same init. The net is a residual MLP — a ReLU stem to width d, N blocks h ← h + W₂·relu(W₁·h)
 * with inner width d, and a linear head — instead of ResNet-20, whose convolutions are too slow on
 * SwiftShader for three seeds of three arms (the catalogue's lab toy allows either).
 *
 * Layer pruning drops the blocks with the highest linear CKA between their input and output at
 * init (the block that changes its input least; or random blocks): a dropped block is skipped,
 * so it costs neither parameters nor time. Filter pruning keeps every block and removes, in each,
 * the same fraction of inner units, the ones with the smallest L1 norm of incoming weights at
 * init (Li et al. 2017), as neuron masks (kernels/masks.ts): W₁'s column and W₂'s row. Masks
 * save parameters, not time here, so only layer pruning's time is compared.
 */
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { Linear, type Module, type Parameter } from '../../../gpu/nn.ts';
import { noGrad } from '../../../gpu/autograd.ts';
import { add } from '../../../gpu/ops/elementwise.ts';
import { neuronMask } from '../../../gpu/kernels/masks.ts';
import { bitsArray } from '../../../gpu/rng.ts';
import { streams } from '../../../gpu/streams.ts';
import type { GpuSplit } from '../../loader.ts';
import { trainFrom, type SparseTrainSpec } from './core.ts';

class Block implements Module {
  constructor(
    readonly inner: Linear,
    readonly outer: Linear,
  ) {}

  forward(h: Tensor): Tensor {
    return add(h, this.outer.forward(this.inner.forward(h)));
  }

  parameters(): Parameter[] {
    return [...this.inner.parameters(), ...this.outer.parameters()];
  }
}

/** stem → blocks (the kept ones) → head; `kept[i]` false skips block i entirely. */
export class ResidualMlp implements Module {
  readonly stem: Linear;
  readonly blocks: Block[];
  readonly head: Linear;
  kept: boolean[];

  constructor(ctx: GpuContext, inputs: number, width: number, blocks: number, classes: number, seed: number) {
    this.stem = new Linear(ctx, 'stem', inputs, width, { activation: 'relu', seed, streamBase: 0 });
    // The outer layers start at a small gain so the sum of N residual branches stays near the stem's scale at init.
    this.blocks = Array.from(
      { length: blocks },
      (_, i) =>
        new Block(
          new Linear(ctx, `block${i}.inner`, width, width, { activation: 'relu', seed, streamBase: 2 + 4 * i }),
          new Linear(ctx, `block${i}.outer`, width, width, {
            seed,
            streamBase: 4 + 4 * i,
            gain: 1 / Math.sqrt(blocks),
          }),
        ),
    );
    this.head = new Linear(ctx, 'head', width, classes, { init: 'glorot-uniform', seed, streamBase: 2 + 4 * blocks });
    this.kept = this.blocks.map(() => true);
  }

  forward(x: Tensor): Tensor {
    return this.head.forward(this.activations(x).pop()!);
  }

  /** The stem output and every kept block's output, in order. */
  activations(x: Tensor): Tensor[] {
    const hs = [this.stem.forward(x)];
    this.blocks.forEach((b, i) => {
      if (this.kept[i]) hs.push(b.forward(hs[hs.length - 1]));
    });
    return hs;
  }

  parameters(): Parameter[] {
    return [this.stem, ...this.blocks.filter((_, i) => this.kept[i]), this.head].flatMap((m) => m.parameters());
  }

  /** Every parameter, the removed blocks' too (so they are freed with the model). */
  allParameters(): Parameter[] {
    return [this.stem, ...this.blocks, this.head].flatMap((m) => m.parameters());
  }

  dispose(): void {
    for (const p of this.allParameters()) {
      p.tensor.dispose();
      p.mask?.dispose();
    }
  }
}

/** Linear CKA between two [n, d] activation matrices (columns centered). */
export function linearCka(x: Float32Array, y: Float32Array, n: number, d: number): number {
  const center = (a: Float32Array): Float64Array => {
    const out = Float64Array.from(a);
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += out[i * d + j];
      m /= n;
      for (let i = 0; i < n; i++) out[i * d + j] -= m;
    }
    return out;
  };
  // ‖AᵀB‖²_F through the n×n Gram matrices: ⟨AAᵀ, BBᵀ⟩ (n ≤ d here, so this is the cheaper side too).
  const gram = (a: Float64Array): Float64Array => {
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = i; k < n; k++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += a[i * d + j] * a[k * d + j];
        g[i * n + k] = g[k * n + i] = s;
      }
    }
    return g;
  };
  const gx = gram(center(x));
  const gy = gram(center(y));
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < n * n; i++) {
    xy += gx[i] * gy[i];
    xx += gx[i] * gx[i];
    yy += gy[i] * gy[i];
  }
  return xy / Math.sqrt(xx * yy);
}

export type BlockCriterion = 'cka' | 'random';

/** Per-block score at init: CKA(input, output) on `x` (high = the block barely changes its input), or a seeded random draw. */
export async function blockScores(
  model: ResidualMlp,
  x: Tensor,
  criterion: BlockCriterion,
  seed: number,
): Promise<number[]> {
  if (criterion === 'random')
    return [...bitsArray(model.blocks.length, { seed, stream: streams.data(400) })].map((b) => b / 2 ** 32);
  const ctx = x.ctx;
  const hs = ctx.scope(() => noGrad(ctx, () => model.activations(x)));
  const data: Float32Array[] = [];
  for (const h of hs) data.push((await h.read()) as Float32Array);
  hs.forEach((h) => h.dispose());
  const [n, d] = [x.shape[0], model.stem.outFeatures];
  return model.blocks.map((_, i) => linearCka(data[i], data[i + 1], n, d));
}

/** Removes the `remove` blocks of highest score. */
export function removeBlocks(model: ResidualMlp, scores: number[], remove: number): void {
  const order = scores.map((s, i) => [s, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  model.kept = model.blocks.map(() => true);
  for (const [, i] of order.slice(0, remove)) model.kept[i] = false;
}

/** In every block, masks out the `fraction` of inner units with the smallest L1 norm of incoming weights (W₁ columns). */
export async function pruneFilters(model: ResidualMlp, fraction: number): Promise<void> {
  for (const b of model.blocks) {
    const [din, dout] = b.inner.weight.shape;
    const w = (await b.inner.weight.read()) as Float32Array;
    const l1 = Array.from({ length: dout }, (_, j) => {
      let s = 0;
      for (let i = 0; i < din; i++) s += Math.abs(w[i * dout + j]);
      return [s, j];
    }).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const keep = new Float32Array(dout).fill(1);
    for (const [, j] of l1.slice(0, Math.round(fraction * dout))) keep[j] = 0;
    const ctx = b.inner.weight.ctx;
    const flags = ctx.tensor(keep, [dout]);
    b.inner.mask = neuronMask(flags, [din, dout], 'out').keep();
    b.outer.mask = neuronMask(flags, [dout, b.outer.outFeatures], 'in').keep();
    flags.dispose();
  }
}

/** Parameters that are present and unmasked. */
export async function liveParameters(model: ResidualMlp): Promise<number> {
  let n = 0;
  for (const p of model.parameters())
    n += p.mask ? ((await p.mask.read()) as Float32Array).reduce((a, v) => a + v, 0) : p.tensor.size;
  return n;
}

export interface LayerPruningSpec {
  width: number;
  blocks: number;
  /** Fraction of blocks removed (layer pruning) = fraction of inner units removed per block (filter pruning). */
  fraction: number;
  criterion: BlockCriterion;
  train: SparseTrainSpec;
}

export type Arm = 'dense' | 'layer' | 'filter';

export interface ArmResult {
  accuracy: number;
  parameters: number;
  /** Wall seconds of training (SwiftShader, shared machine: compare within one run). */
  seconds: number;
  kept: boolean[];
  scores: number[];
}

/** Builds the net at `seed`, prunes it at init as `arm` says, trains it and returns its test accuracy. */
export async function trainArm(
  ctx: GpuContext,
  arm: Arm,
  spec: LayerPruningSpec,
  seed: number,
  train: GpuSplit,
  test: GpuSplit,
  probe: Tensor,
  classes: number,
  checkpoint?: () => Promise<void>,
): Promise<ArmResult> {
  const model = new ResidualMlp(ctx, train.dim, spec.width, spec.blocks, classes, seed);
  try {
    let scores: number[] = [];
    if (arm === 'layer') {
      scores = await blockScores(model, probe, spec.criterion, seed);
      removeBlocks(model, scores, Math.round(spec.fraction * spec.blocks));
    }
    if (arm === 'filter') await pruneFilters(model, spec.fraction);
    const parameters = await liveParameters(model);
    const t0 = performance.now();
    const r = await trainFrom(model, train, test, { ...spec.train, evals: 1 }, seed, 0, { checkpoint });
    return {
      accuracy: r.accuracy,
      parameters,
      seconds: (performance.now() - t0) / 1000,
      kept: [...model.kept],
      scores,
    };
  } finally {
    model.dispose();
  }
}

/** A fixed batch of training images (the first `n` of the split's order) for the CKA scores. */
export function probeBatch(train: GpuSplit, n: number): Tensor {
  const ctx = train.ctx;
  return ctx.scope(() => {
    const order = train.order(null);
    return train.batch(order, 0, Math.min(n, train.count)).x;
  });
}

export const ARMS: Arm[] = ['dense', 'layer', 'filter'];
