/** Tabula on its own kernels: the engine's building blocks, as the lab uses them. */
import { GpuContext, type KernelVariant } from '../src/gpu/context.ts';
import type { Tensor } from '../src/gpu/tensor.ts';
import { matmul } from '../src/gpu/kernels/matmul.ts';
import { conv2d, conv2dInputGrad, conv2dWeightGrad } from '../src/gpu/kernels/conv2d.ts';
import { MetricAccumulator } from '../src/gpu/kernels/metrics.ts';
import { backward } from '../src/gpu/autograd.ts';
import { mlp, disposeModel } from '../src/gpu/nn.ts';
import { MultiHeadAttention } from '../src/gpu/layers/attention.ts';
import { buildOptimizer, trainStep } from '../src/lab/train.ts';
import { ATTN, CONV, MLP, heUniform, labels, randomArray, repeatsFor } from './common.ts';
import { attentionFlops, convFlops, type Peer } from './peer.ts';

export async function tabula(kernels: KernelVariant): Promise<Peer & { ctx: GpuContext }> {
  const ctx = await GpuContext.create(navigator.gpu);
  ctx.kernelVariant = kernels;
  return {
    name: 'tabula',
    ctx,
    async matmul(n, a, b) {
      const A = ctx.tensor(a, [n, n]).keep();
      const B = ctx.tensor(b, [n, n]).keep();
      const many = async (k: number): Promise<void> => {
        for (let i = 0; i < k; i++) ctx.scope(() => void matmul(A, B));
        await ctx.sync();
      };
      const k = await repeatsFor(() => many(1));
      return {
        case: { run: () => many(k), work: 2 * n ** 3 * k, dispose: () => (A.dispose(), B.dispose()) },
        result: async () => {
          const c = matmul(A, B);
          const out = (await c.read()) as Float32Array;
          c.dispose();
          return out;
        },
      };
    },
    async mlp(steps, readEveryStep) {
      const model = mlp(ctx, MLP.sizes, { seed: 1, activation: 'relu' });
      const opt = buildOptimizer(model, { optimizer: 'sgd', lr: MLP.lr, momentum: 0, weightDecay: 0 });
      const metrics = new MetricAccumulator(ctx);
      const x = ctx.tensor(randomArray(MLP.batch * MLP.sizes[0], 11, 0, 1), [MLP.batch, MLP.sizes[0]]).keep();
      const y = ctx.tensor(Uint32Array.from(labels(MLP.batch, 10, 12)), [MLP.batch], 'u32').keep();
      let step = 0;
      const stats = { dispatches: 0, submits: 0, steps: 0, bytes: 0, firstStepMs: 0, pipelines: 0 };
      const one = (): void => {
        const d0 = ctx.dispatchCount;
        const s0 = ctx.submitCount;
        trainStep(model, opt, x, y, MLP.lr, metrics, step++);
        ctx.flush();
        stats.dispatches += ctx.dispatchCount - d0;
        stats.submits += ctx.submitCount - s0;
        stats.steps++;
      };
      // The first step compiles every pipeline the step needs; time it to completion.
      const t0 = performance.now();
      const p0 = ctx.pipelineCount;
      one();
      await metrics.read();
      stats.firstStepMs = performance.now() - t0;
      stats.pipelines = ctx.pipelineCount - p0;
      one();
      await metrics.read();
      const bytes0 = ctx.storage.totalBytes;
      const counted = { steps: 0 };
      return {
        work: steps * MLP.batch,
        async run() {
          for (let i = 0; i < steps; i++) {
            one();
            counted.steps++;
            if (readEveryStep) await metrics.read();
          }
          if (!readEveryStep) await metrics.read();
        },
        counters: () => ({
          dispatchesPerStep: stats.dispatches / stats.steps,
          submitsPerStep: stats.submits / stats.steps,
          bytesAllocatedPerStep: (ctx.storage.totalBytes - bytes0) / Math.max(counted.steps, 1),
          pipelines: stats.pipelines,
          firstStepMs: stats.firstStepMs,
        }),
        dispose() {
          metrics.dispose();
          opt.dispose();
          disposeModel(model);
          x.dispose();
          y.dispose();
        },
      };
    },
    async conv(batch) {
      const { hw, channels: c, kernel: k } = CONV;
      const x = ctx.tensor(randomArray(batch * hw * hw * c, 21), [batch, hw, hw, c]).keep();
      const w = ctx.tensor(heUniform(c * k * k, c * c * k * k, 22), [c, c, k, k]).keep();
      const gz = ctx.tensor(randomArray(batch * hw * hw * c, 23), [batch, hw, hw, c]).keep();
      const geo = { padding: (k - 1) / 2 };
      return {
        work: convFlops(batch, hw, c, k),
        async run() {
          ctx.scope(() => {
            conv2d(x, w, geo);
            conv2dInputGrad(gz, w, x.shape, geo);
            conv2dWeightGrad(x, gz, [k, k], geo);
          });
          await ctx.sync();
        },
        dispose: () => [x, w, gz].forEach((t) => t.dispose()),
      };
    },
    async attention() {
      const { batch: b, seq: t, width: d, heads } = ATTN;
      const layer = new MultiHeadAttention(ctx, 'attn', d, heads, { seed: 1, streamBase: 0 });
      const x = ctx.tensor(randomArray(b * t * d, 31), [b, t, d]).keep();
      x.requiresGrad = true;
      const g = ctx.tensor(randomArray(b * t * d, 32), [b, t, d]).keep();
      return {
        work: attentionFlops(b, t, d),
        async run() {
          ctx.scope(() => backward(layer.forward(x), g));
          await ctx.sync();
        },
        dispose: () => {
          disposeModel(layer);
          [x, g].forEach((t: Tensor) => t.dispose());
        },
      };
    },
    async close() {
      ctx.destroy();
    },
  };
}
