/**
 * Opposing signals (Rosenfeld & Risteski 2023): train full-batch while recording every training
 * example's loss at every step (a GPU window buffer read back once per window), find the loss
 * spikes, and the examples whose losses move in opposition there.
 */
import { backward } from '../../gpu/autograd.ts';
import { crossEntropy } from '../../gpu/ops/loss.ts';
import type { Module } from '../../gpu/nn.ts';
import { Adam, SGD } from '../../gpu/optim.ts';
import type { GpuSplit } from '../loader.ts';
import { pearson } from '../numerics/stats.ts';
import { sharpness } from './sharpness.ts';

export interface LossTrace {
  /** losses[t·n + i]: loss of example i at the weights before step t, t = 0 … steps − 1. */
  losses: Float32Array;
  n: number;
  steps: number;
  /** Mean loss per step. */
  mean: Float32Array;
  sharpness: Array<{ step: number; value: number }>;
}

/**
 * Full-batch training (GD without momentum, or Adam) on all of `split`, recording every
 * example's loss each step; the top Hessian eigenvalue is measured every `every` steps (0: never).
 */
export async function perExampleTrace(
  model: Module,
  split: GpuSplit,
  o: {
    steps: number;
    lr: number;
    optimizer: 'gd' | 'adam';
    window?: number;
    every: number;
    iterations: number;
    seed: number;
    checkpoint?: () => Promise<void>;
    onWindow?: (done: number, mean: Float32Array) => void;
    onSharpness?: (step: number, value: number) => void;
  },
): Promise<LossTrace> {
  const ctx = split.ctx;
  const n = split.count;
  const win = Math.max(1, Math.min(o.window ?? 25, o.steps));
  const order = split.order(null).keep();
  const full = split.batch(order, 0, n);
  full.x.keep();
  full.y.keep();
  const entries = model.parameters().map((p) => ({ name: p.name, tensor: p.tensor }));
  const opt = o.optimizer === 'adam' ? new Adam(entries, { lr: o.lr }) : new SGD(entries, { lr: o.lr, momentum: 0 });
  const buffer = ctx.empty([win * n]).keep();
  const losses = new Float32Array(o.steps * n);
  const mean = new Float32Array(o.steps);
  const sharp: LossTrace['sharpness'] = [];
  try {
    let start = 0;
    for (let step = 0; step < o.steps; step++) {
      await o.checkpoint?.();
      if (o.every > 0 && step % o.every === 0) {
        const value = await sharpness(model, full.x, full.y, { iterations: o.iterations, eps: 1e-3, seed: o.seed });
        sharp.push({ step, value });
        o.onSharpness?.(step, value);
      }
      ctx.scope(() => {
        const ce = crossEntropy(model.forward(full.x), full.y);
        ctx.copy(ce.perExample, buffer, n * 4, 0, (step - start) * n * 4);
        backward(ce.loss);
        opt.step(o.lr);
      });
      ctx.flush();
      if (step + 1 - start === win || step + 1 === o.steps) {
        const rows = step + 1 - start;
        const r = (await buffer.read()) as Float32Array;
        losses.set(r.subarray(0, rows * n), start * n);
        for (let t = start; t <= step; t++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += losses[t * n + i];
          mean[t] = s / n;
          if (!Number.isFinite(mean[t])) throw new Error(`training diverged at step ${t}: try a smaller step size`);
        }
        start = step + 1;
        o.onWindow?.(start, mean);
      }
    }
    return { losses, n, steps: o.steps, mean, sharpness: sharp };
  } finally {
    order.dispose();
    full.x.dispose();
    full.y.dispose();
    buffer.dispose();
    opt.dispose();
  }
}

export interface OpposingGroups {
  /** The step whose mean loss rose (against the step before). */
  step: number;
  rise: number;
  /** Examples whose loss rose most / fell most over that step, k each. */
  rising: number[];
  falling: number[];
  /** Pearson correlation of the two groups' mean-loss changes over the `window` steps after the spike (not used to pick them). */
  correlation: number;
}

/** Mean loss of a group of examples at each step from..to (inclusive). */
export function groupTrace(t: LossTrace, group: number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = from; s <= to; s++) out.push(group.reduce((acc, i) => acc + t.losses[s * t.n + i], 0) / group.length);
  return out;
}

/**
 * The `spikes` largest one-step rises of the mean loss (at least `window` steps apart, with
 * `window` steps before them, which skips the transient of the first steps, and after them), and at each the k examples whose loss rose most and fell most.
 * Their correlation is measured only after the spike step, so picking them cannot force it.
 */
export function opposingGroups(t: LossTrace, o: { spikes: number; k: number; window: number }): OpposingGroups[] {
  const candidates: Array<{ step: number; rise: number }> = [];
  for (let s = o.window; s + o.window < t.steps; s++) {
    const rise = t.mean[s] - t.mean[s - 1];
    if (rise > 0) candidates.push({ step: s, rise });
  }
  candidates.sort((a, b) => b.rise - a.rise);
  const picked: typeof candidates = [];
  for (const c of candidates) {
    if (picked.length >= o.spikes) break;
    if (picked.every((p) => Math.abs(p.step - c.step) > o.window)) picked.push(c);
  }
  return picked.map(({ step, rise }) => {
    const change = Array.from({ length: t.n }, (_, i) => t.losses[step * t.n + i] - t.losses[(step - 1) * t.n + i]);
    const byChange = Array.from({ length: t.n }, (_, i) => i).sort((a, b) => change[b] - change[a] || a - b);
    const k = Math.min(o.k, Math.floor(t.n / 2));
    const rising = byChange.slice(0, k);
    const falling = byChange.slice(-k).reverse();
    const diffs = (g: number[]) => {
      const tr = groupTrace(t, g, step, step + o.window);
      return tr.slice(1).map((v, j) => v - tr[j]);
    };
    return { step, rise, rising, falling, correlation: pearson(diffs(rising), diffs(falling)) };
  });
}
