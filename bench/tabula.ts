/** Tabula on its own kernels: the engine's building blocks, as the lab uses them. */
import { GpuContext, type KernelVariant } from '../src/gpu/context.ts';
import type { Tensor } from '../src/gpu/tensor.ts';
import { matmul } from '../src/gpu/kernels/matmul.ts';
import { mul } from '../src/gpu/kernels/elementwise.ts';
import { sum } from '../src/gpu/kernels/reduce.ts';
import { conv2d, conv2dInputGrad, conv2dWeightGrad } from '../src/gpu/kernels/conv2d.ts';
import { MetricAccumulator } from '../src/gpu/kernels/metrics.ts';
import { backward } from '../src/gpu/autograd.ts';
import { mlp, disposeModel, type Module } from '../src/gpu/nn.ts';
import { MultiHeadAttention } from '../src/gpu/layers/attention.ts';
import { ResNet } from '../src/gpu/models/resnet.ts';
import { buildOptimizer, trainStep } from '../src/lab/train.ts';
import {
  CONV,
  MLP,
  RESNET,
  SUM_TOLERANCE,
  expectLinear,
  expectNear,
  heUniform,
  labels,
  lossChecker,
  positive,
  productSum,
  randomArray,
  repeatedCase,
  type Case,
} from './common.ts';
import { attentionFlops, convFlops, mlpFlops, resnet20Flops, type Peer } from './peer.ts';

export async function tabula(kernels: KernelVariant, gpu: GPU = navigator.gpu): Promise<Peer & { ctx: GpuContext }> {
  const ctx = await GpuContext.create(gpu);
  ctx.kernelVariant = kernels;
  /** Σ a·b of each pair, read back (untimed checks). */
  const dots = async (pairs: [Tensor, Tensor][]): Promise<number[]> => {
    const sums = ctx.scope(() => pairs.map(([a, b]) => sum(mul(a, b))));
    const out: number[] = [];
    for (const s of sums) {
      out.push((await s.read())[0]);
      s.dispose();
    }
    return out;
  };
  const free = (ts: Tensor[]): void => ts.forEach((t) => t.dispose());

  /** A training case: `steps` trainStep calls per run, the metrics window read after each or the last. */
  const training = (
    model: Module,
    optimizer: { optimizer: 'sgd'; momentum: number },
    x: Tensor,
    y: Tensor,
    lr: number,
    steps: number,
    readEveryStep: boolean,
    flopsPerStep: number,
  ): Case => {
    const opt = buildOptimizer(model, { ...optimizer, lr, weightDecay: 0 });
    const metrics = new MetricAccumulator(ctx);
    const stats = { dispatches: 0, submits: 0, steps: 0 };
    let step = 0;
    let losses: number[] = [];
    const checkLosses = lossChecker();
    const one = (): void => {
      const d0 = ctx.dispatchCount;
      const s0 = ctx.submitCount;
      trainStep(model, opt, x, y, lr, metrics, step++);
      ctx.flush();
      stats.dispatches += ctx.dispatchCount - d0;
      stats.submits += ctx.submitCount - s0;
      stats.steps++;
    };
    // The metrics window sums every step's per-example losses on the GPU: reading it forces them all.
    const read = async (stepsIn: number): Promise<void> => {
      const m = await metrics.read();
      if (m.steps !== stepsIn || m.examples !== stepsIn * x.shape[0])
        throw new Error(`metrics counted ${m.steps} steps of ${m.examples} examples, expected ${stepsIn}`);
      losses.push(m.loss);
    };
    return {
      flops: steps * flopsPerStep,
      examples: steps * x.shape[0],
      repeats: steps,
      async run() {
        losses = [];
        for (let i = 0; i < steps; i++) {
          one();
          if (readEveryStep) await read(1);
        }
        if (!readEveryStep) await read(steps);
      },
      async check() {
        checkLosses(losses);
      },
      counters: () => ({
        dispatchesPerStep: stats.dispatches / stats.steps,
        submitsPerStep: stats.submits / stats.steps,
      }),
      dispose() {
        metrics.dispose();
        opt.dispose();
        disposeModel(model);
        free([x, y]);
      },
    };
  };

  return {
    name: 'tabula',
    ctx,
    async matmul(n, a, b) {
      const A = ctx.tensor(a, [n, n]).keep();
      const B = ctx.tensor(b, [n, n]).keep();
      const want = productSum(a, b, n);
      return repeatedCase({
        flops: 2 * n ** 3,
        once: () => ctx.scope(() => matmul(A, B)),
        done: () => ctx.sync(),
        verify: async (c) => {
          const s = ctx.scope(() => sum(c));
          c.dispose();
          expectNear('sum of the product', (await s.read())[0], want, SUM_TOLERANCE);
          s.dispose();
        },
        dispose: () => free([A, B]),
      });
    },
    async mlp(batch, steps, readEveryStep) {
      const s = MLP.sizes;
      const model = mlp(ctx, s, { seed: 1, activation: 'relu' });
      const x = ctx.tensor(randomArray(batch * s[0], 11, 0, 1), [batch, s[0]]).keep();
      const y = ctx.tensor(Uint32Array.from(labels(batch, 10, 12)), [batch], 'u32').keep();
      return training(model, { optimizer: 'sgd', momentum: 0 }, x, y, MLP.lr, steps, readEveryStep, mlpFlops(s, batch));
    },
    async conv(batch) {
      const { hw, channels: c, kernel: k } = CONV;
      const x = ctx.tensor(positive(batch * hw * hw * c, 21), [batch, hw, hw, c]).keep();
      const w = ctx.tensor(heUniform(c * k * k, c * c * k * k, 22), [c, c, k, k]).keep();
      const gz = ctx.tensor(positive(batch * hw * hw * c, 23), [batch, hw, hw, c]).keep();
      const geo = { padding: (k - 1) / 2 };
      return repeatedCase({
        flops: convFlops(batch, hw, c, k),
        once: () =>
          ctx.scope(() => [
            conv2d(x, w, geo),
            conv2dInputGrad(gz, w, x.shape, geo),
            conv2dWeightGrad(x, gz, [k, k], geo),
          ]),
        done: () => ctx.sync(),
        verify: async ([y, dx, dw]) => {
          const [loss, xdx, wdw] = await dots([
            [y, gz],
            [x, dx],
            [w, dw],
          ]);
          free([y, dx, dw]);
          expectLinear('conv', loss, { '⟨x, dX⟩': xdx, '⟨w, dW⟩': wdw });
        },
        dispose: () => free([x, w, gz]),
      });
    },
    async attention(shape) {
      const { batch: b, seq: t, width: d, heads } = shape;
      const layer = new MultiHeadAttention(ctx, 'attn', d, heads, { seed: 1, streamBase: 0 });
      const x = ctx.tensor(positive(b * t * d, 31), [b, t, d]).keep();
      x.requiresGrad = true;
      const g = ctx.tensor(positive(b * t * d, 32), [b, t, d]).keep();
      const [wo, bo] = layer.o.parameters().map((p) => p.tensor);
      const oIndex = 1 + layer.parameters().findIndex((p) => p.tensor === wo);
      return repeatedCase({
        flops: attentionFlops(shape),
        once: () =>
          ctx.scope(() => {
            const y = layer.forward(x);
            backward(y, g);
            // Every gradient stays alive until checked; the output projection's are checked by linearity.
            const grads = [x, ...layer.parameters().map((p) => p.tensor)].map((p) => {
              const gp = p.grad!;
              p.grad = null;
              return gp;
            });
            return [y, ...grads];
          }),
        done: () => ctx.sync(),
        verify: async ([y, ...grads]) => {
          const [loss, wdw, bdb, ...norms] = await dots([
            [y, g],
            [wo, grads[oIndex]],
            [bo, grads[oIndex + 1]],
            ...grads.map((gp): [Tensor, Tensor] => [gp, gp]),
          ]);
          free([y, ...grads]);
          expectLinear('attention', loss, { '⟨W_o, dW_o⟩ + ⟨b_o, db_o⟩': wdw + bdb });
          if (!norms.every((v) => Number.isFinite(v) && v > 0)) throw new Error('a gradient is zero or not finite');
        },
        dispose: () => {
          disposeModel(layer);
          free([x, g]);
        },
      });
    },
    async resnet(batch) {
      const { hw, channels, classes, lr } = RESNET;
      const model = new ResNet(ctx, { inputShape: [hw, hw, channels], classes, width: 1, seed: 1 });
      model.setTraining(true);
      const x = ctx.tensor(randomArray(batch * hw * hw * channels, 51), [batch, hw * hw * channels]).keep();
      const y = ctx.tensor(Uint32Array.from(labels(batch, classes, 52)), [batch], 'u32').keep();
      return training(model, { optimizer: 'sgd', momentum: 0.9 }, x, y, lr, 1, false, resnet20Flops(batch, classes));
    },
    async close() {
      ctx.destroy();
    },
  };
}
