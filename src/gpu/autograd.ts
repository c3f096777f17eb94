/**
 * Reverse-mode autodiff on a tape, micrograd-style: each differentiable op records its output,
 * inputs and a closure that maps the output's gradient to its inputs' gradients (using kernels).
 * backward() walks the tape in reverse, summing gradients where a tensor is used twice.
 */
import type { GpuContext } from './context.ts';
import type { Tensor } from './tensor.ts';
import { add } from './kernels/elementwise.ts';

export type Backward = (gradOut: Tensor) => Array<Tensor | null>;

interface Node {
  out: Tensor;
  inputs: Tensor[];
  backward: Backward;
}

class Tape {
  nodes: Node[] = [];
  enabled = true;
  /** During backward(): leaves an op may still update by plain SGD in its own backward, lr each. */
  sgd = new Map<Tensor, number>();
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

/**
 * For an op's backward that can fold w ← w − lr·g into the kernel computing g for input `t`: the lr
 * to apply, when backward() was asked to update `t` that way (the op then returns null for `t`),
 * or undefined (return the gradient as usual).
 */
export function claimSgdUpdate(t: Tensor): number | undefined {
  const tape = tapeOf(t.ctx);
  const lr = tape.sgd.get(t);
  tape.sgd.delete(t);
  return lr;
}

export interface BackwardOptions {
  /**
   * Parameters to update by plain SGD (w ← w − lr·g) while their gradient is computed, as
   * PyTorch's optimizer-in-backward does: an op that can fold the update into its gradient
   * kernel (linear layers) skips writing the gradient, and the parameter is left with no
   * `.grad` (so an optimizer's step skips it). Only leaves used by exactly one recorded op
   * qualify: another use would see the updated value or need the summed gradient.
   */
  sgdInBackward?: ReadonlyMap<Tensor, number>;
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
  const eligible: Tensor[] = [];
  if (opts.sgdInBackward) {
    const uses = new Map<Tensor, number>();
    for (const n of tape.nodes) for (const t of n.inputs) uses.set(t, (uses.get(t) ?? 0) + 1);
    for (const [t, lr] of opts.sgdInBackward) {
      if (uses.get(t) !== 1 || produced.has(t)) continue;
      tape.sgd.set(t, lr);
      eligible.push(t);
    }
  }
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
      const gin = node.backward(g);
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
    // Leaves an op claimed were updated in place and have no gradient.
    for (const t of eligible) if (!tape.sgd.has(t)) t.grad = null;
    tape.sgd.clear();
  }
  for (const leaf of leaves) leaf.grad = grads.get(leaf)!;
}

/** Drop the recorded ops without running backward (e.g. after an evaluation with grads on). */
export function clearTape(ctx: GpuContext): void {
  tapeOf(ctx).nodes = [];
}
