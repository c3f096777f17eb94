/**
 * The networks and data of the ColoredMNIST experiments: environments as GPU tensors (inputs, u32
 * labels, one-hot labels), a two-layer ReLU feature extractor with one or more linear heads, and
 * the per-environment accuracies of a network read back in one transfer.
 */
import { noGrad } from '../../gpu/autograd.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { mean } from '../../gpu/kernels/reduce.ts';
import { Linear, Sequential, type Module, type Parameter } from '../../gpu/nn.ts';
import { crossEntropy } from '../../gpu/ops/loss.ts';
import type { Tensor } from '../../gpu/tensor.ts';

export interface EnvTensors {
  x: Tensor;
  /** u32 [n]. */
  y: Tensor;
  /** f32 [n, 2]: the constant labels of the IRM penalty. */
  oneHot: Tensor;
  n: number;
}

/** Uploads rows x [n, d] with binary labels; the tensors are kept until `disposeEnv`. */
export function envTensors(gpu: GpuContext, x: Float32Array, labels: Uint32Array): EnvTensors {
  const n = labels.length;
  const oneHot = new Float32Array(2 * n);
  labels.forEach((y, i) => (oneHot[2 * i + y] = 1));
  return {
    x: gpu.tensor(x, [n, x.length / n]).keep(),
    y: gpu.tensor(labels, [n], 'u32').keep(),
    oneHot: gpu.tensor(oneHot, [n, 2]).keep(),
    n,
  };
}

export function disposeEnv(e: EnvTensors): void {
  e.x.dispose();
  e.y.dispose();
  e.oneHot.dispose();
}

/** Feature extractor inputs → h → h (ReLU): layers f1, f2, so any two of one width swap weights by name. */
export function featureExtractor(gpu: GpuContext, inputs: number, hidden: number, seed: number): Sequential {
  return new Sequential([
    new Linear(gpu, 'f1', inputs, hidden, { activation: 'relu', seed, streamBase: 0 }),
    new Linear(gpu, 'f2', hidden, hidden, { activation: 'relu', seed, streamBase: 2 }),
  ]);
}

/** A binary linear head named `name`, from Philox streams clear of the extractor's. */
export const binaryHead = (gpu: GpuContext, name: string, hidden: number, seed: number, k = 0): Linear =>
  new Linear(gpu, name, hidden, 2, { seed, streamBase: 4 + 2 * k });

/** A feature extractor with several heads: the module the synthesis trains. */
export class MultiHead implements Module {
  constructor(
    readonly features: Sequential,
    readonly heads: Linear[],
  ) {}

  /** The first head's logits (Module's contract); `all` gives every head's. */
  forward(x: Tensor): Tensor {
    return this.heads[0].forward(this.features.forward(x));
  }

  all(x: Tensor): Tensor[] {
    const f = this.features.forward(x);
    return this.heads.map((h) => h.forward(f));
  }

  parameters(): Parameter[] {
    return [...this.features.parameters(), ...this.heads.flatMap((h) => h.parameters())];
  }
}

/** Accuracy of `net` on each environment, in order, in one read. */
export async function envAccuracies(gpu: GpuContext, net: Module, envs: EnvTensors[]): Promise<number[]> {
  const stats = gpu.empty([envs.length]).keep();
  gpu.scope(() =>
    noGrad(gpu, () =>
      envs.forEach((e, i) => gpu.copy(mean(crossEntropy(net.forward(e.x), e.y).correct), stats, 4, 0, 4 * i)),
    ),
  );
  const out = [...(await stats.read())];
  stats.dispose();
  return out;
}
