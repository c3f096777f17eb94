/**
 * Differentiable matmul and fully connected layer on the fused matmul kernel. Backward passes use
 * the kernel's transpose flags, so no transpose is ever materialized.
 */
import { gradEnabled, record, type Accumulation, type GradientSink } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { matmul, matmulWithPreActivation, type Activation } from '../kernels/matmul.ts';
import { gradientFromOutput, mul, unaryGrad } from '../kernels/elementwise.ts';
import { sum, sumToShape } from '../kernels/reduce.ts';

export interface MatmulOpOptions {
  transA?: boolean;
  transB?: boolean;
  /** 0/1, shaped like B as stored; not differentiated. */
  mask?: Tensor | null;
}

/** An operand's gradient summed back over the batch when the operand was shared across it. */
const unbroadcast = (g: Tensor, like: Tensor): Tensor => (g.rank === like.rank ? g : sumToShape(g, like.shape));

/**
 * Gradients of C = op(A)·op(B ⊙ mask) with respect to A and B as stored, from G = dC; null where
 * not needed. A pruned weight's gradient is exactly zero. When the sink takes dB, it is one
 * accumulating matmul into the sink's target (which may be B itself, updated in place: dA, which
 * reads B, is encoded first) and B's gradient is null.
 */
function matmulGrads(
  a: Tensor,
  b: Tensor,
  g: Tensor,
  o: MatmulOpOptions,
  sink: GradientSink,
): [Tensor | null, Tensor | null] {
  const { transA = false, transB = false, mask = null } = o;
  const ctx = g.ctx;
  const gradA = (): Tensor =>
    ctx.scope(() =>
      unbroadcast(
        transA
          ? // dA (stored K×M) = op(B)·Gᵀ; B is the left operand here, so it is masked explicitly.
            matmul(mask ? mul(b, mask) : b, g, { transA: transB, transB: true })
          : matmul(g, b, { transB: !transB, mask }),
        a,
      ),
    );
  const productB = (accumulate?: Accumulation): Tensor =>
    transB ? matmul(g, a, { transA: true, transB: transA, accumulate }) : matmul(a, g, { transA: !transA, accumulate });
  const gradB = (): Tensor | null => {
    // A mask would need the accumulation masked too, and a B shared across a batch a summed gradient.
    const target = !mask && g.rank === b.rank && b.rank === 2 ? sink.targetFor(b) : undefined;
    if (target) {
      productB(target);
      return null;
    }
    return ctx.scope(() => {
      const gb = unbroadcast(productB(), b);
      return mask ? mul(gb, mask) : gb;
    });
  };
  const gA = a.requiresGrad ? gradA() : null;
  return [gA, b.requiresGrad ? gradB() : null];
}

/** op(A)·op(B), batched as kernels/matmul.ts describes, recorded for backward. */
export function matmulOp(a: Tensor, b: Tensor, opts: MatmulOpOptions = {}): Tensor {
  const out = matmul(a, b, opts);
  return record(out, [a, b], (g, sink) => matmulGrads(a, b, g, opts, sink));
}

export interface LinearOptions {
  activation?: Activation;
  /** 0/1, shaped like the weight: pruned weights neither contribute nor receive gradient. */
  mask?: Tensor | null;
}

/**
 * y = act(x·W + bias) for x [batch, in], weight W [in, out] (input-major, so the forward needs no
 * transpose and dW = xᵀ·dZ is a plain kernel call), bias [out] or null.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null, opts: LinearOptions = {}): Tensor {
  const { activation = 'identity', mask = null } = opts;
  if (x.rank !== 2 || weight.rank !== 2)
    throw new Error(`linear: x [${x.shape}] and weight [${weight.shape}] must be 2-D`);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  const fused = { bias, activation, mask };
  const recording = gradEnabled(x.ctx) && inputs.some((t) => t.requiresGrad);
  if (!recording || activation === 'identity') {
    const y = matmul(x, weight, fused);
    return record(y, inputs, (g, sink) => linearGrads(x, weight, bias, mask, g, sink));
  }
  // ReLU, tanh and sigmoid differentiate from y alone; GELU needs Z = xW + b, which the kernel
  // writes alongside y instead of a second pass.
  if (gradientFromOutput(activation)) {
    const y = matmul(x, weight, fused);
    return record(y, inputs, (g, sink) =>
      x.ctx.scope(() => linearGrads(x, weight, bias, mask, unaryGrad(activation, y, y, g), sink)),
    );
  }
  const { out: y, pre: z } = matmulWithPreActivation(x, weight, fused);
  return record(y, inputs, (g, sink) =>
    x.ctx.scope(() => linearGrads(x, weight, bias, mask, unaryGrad(activation, z, y, g), sink)),
  );
}

function linearGrads(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  mask: Tensor | null,
  gz: Tensor,
  sink: GradientSink,
): Array<Tensor | null> {
  const [gx, gw] = matmulGrads(x, weight, gz, { mask }, sink);
  return bias ? [gx, gw, bias.requiresGrad ? sum(gz, 0) : null] : [gx, gw];
}
