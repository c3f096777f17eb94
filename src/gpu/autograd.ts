/**
 * Reverse-mode autodiff on a tape, micrograd-style: each differentiable op records its output,
 * inputs and a closure that maps the output's gradient to its inputs' gradients (using kernels).
 * backward() walks the tape in reverse, summing gradients where a tensor is used twice.
 */
import type { GpuContext } from './context.ts';
import type { Tensor } from './tensor.ts';
import { add } from './kernels/elementwise.ts';

/** target ← target + scale·G, written by the kernel that computes a gradient G instead of G itself. */
export interface Accumulation {
  into: Tensor;
  scale: number;
}

/**
 * Takes parameters' gradients as they are computed, e.g. an optimizer whose update is a scaled add
 * of the gradient (see optim.ts). An op whose backward can accumulate an input's gradient into a
 * target in the kernel that computes it asks `targetFor(input)`: a target means the op accumulates
 * the gradient there and returns null for that input; undefined, the gradient is returned as usual.
 */
export interface GradientSink {
  targetFor(input: Tensor): Accumulation | undefined;
}

export type Backward = (gradOut: Tensor, sink: GradientSink) => Array<Tensor | null>;

interface Node {
  out: Tensor;
  inputs: Tensor[];
  backward: Backward;
}

class Tape {
  nodes: Node[] = [];
  enabled = true;
}

const tapes = new WeakMap<GpuContext, Tape>();

function tapeOf(ctx: GpuContext): Tape {
  let t = tapes.get(ctx);
  if (!t) tapes.set(ctx, (t = new Tape()));
  return t;
}

/** Record `out = f(inputs)` if gradients are on and any input needs one. Returns `out`. */
export function record(out: Tensor, inputs: Tensor[], backward: Backward): Tensor {
  const tape = tapeOf(out.ctx);
  if (tape.enabled && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    tape.nodes.push({ out, inputs, backward });
  }
  return out;
}

export function gradEnabled(ctx: GpuContext): boolean {
  return tapeOf(ctx).enabled;
}

/** Evaluate without recording (evaluation passes, weight updates, landscapes). */
export function noGrad<T>(ctx: GpuContext, fn: () => T): T {
  const tape = tapeOf(ctx);
  const was = tape.enabled;
  tape.enabled = false;
  try {
    return fn();
  } finally {
    tape.enabled = was;
  }
}

export interface BackwardOptions {
  /**
   * Takes the leaves' gradients it gives a target for, where an op can accumulate them there (see
   * GradientSink); those leaves are left with no `.grad`, so an optimizer's step skips them.
   */
  sink?: GradientSink;
}

/** No input's gradient is taken. */
const noSink: GradientSink = { targetFor: () => undefined };

/**
 * The sink as ops see it: a gradient is offered only where it is final, a leaf that exactly one
 * recorded op uses (another use would need the summed gradient, or read the updated target).
 */
function finalGradientsOnly(
  sink: GradientSink | undefined,
  nodes: Node[],
  produced: Set<Tensor>,
  taken: Set<Tensor>,
): GradientSink {
  if (!sink) return noSink;
  const uses = new Map<Tensor, number>();
  for (const n of nodes) for (const t of n.inputs) uses.set(t, (uses.get(t) ?? 0) + 1);
  return {
    targetFor: (t: Tensor): Accumulation | undefined => {
      if (uses.get(t) !== 1 || produced.has(t)) return undefined;
      const target = sink.targetFor(t);
      if (target) taken.add(t);
      return target;
    },
  };
}

/**
 * Fill `.grad` of every leaf tensor (requiresGrad, not produced by a recorded op) that `loss`
 * depends on. A scalar loss gets gradient 1. Leaves' previous gradients are replaced, not summed:
 * call once per step. The tape is cleared afterwards; gradients live in the caller's scope.
 */
export function backward(loss: Tensor, gradOut?: Tensor, opts: BackwardOptions = {}): void {
  const ctx = loss.ctx;
  const tape = tapeOf(ctx);
  if (!gradOut && loss.size !== 1)
    throw new Error(`backward() of a non-scalar [${loss.shape}] needs an explicit gradient`);
  const grads = new Map<Tensor, Tensor>();
  grads.set(loss, gradOut ?? ctx.tensor([1], loss.shape));
  const produced = new Set(tape.nodes.map((n) => n.out));
  const taken = new Set<Tensor>();
  const sink = finalGradientsOnly(opts.sink, tape.nodes, produced, taken);
  const leaves = new Set<Tensor>();
  const accumulate = (t: Tensor, g: Tensor): void => {
    const prev = grads.get(t);
    grads.set(t, prev ? add(prev, g) : g);
  };
  const was = tape.enabled;
  tape.enabled = false;
  try {
    for (let i = tape.nodes.length - 1; i >= 0; i--) {
      const node = tape.nodes[i];
      const g = grads.get(node.out);
      if (!g) continue;
      const gin = node.backward(g, sink);
      node.inputs.forEach((inp, k) => {
        const gi = gin[k];
        if (!gi || !inp.requiresGrad) return;
        accumulate(inp, gi);
        if (!produced.has(inp)) leaves.add(inp);
      });
    }
  } finally {
    tape.enabled = was;
    tape.nodes = [];
    for (const t of taken) t.grad = null;
  }
  for (const leaf of leaves) leaf.grad = grads.get(leaf)!;
}

/** Drop the recorded ops without running backward (e.g. after an evaluation with grads on). */
export function clearTape(ctx: GpuContext): void {
  tapeOf(ctx).nodes = [];
}
