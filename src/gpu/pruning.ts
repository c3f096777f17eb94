/**
 * Pruning between training rounds: magnitude pruning per layer or globally (thresholds from the
 * GPU radix select, kernels/select.ts), random masks with exact counts for random-pruning
 * controls, Erdős–Rényi-Kernel layer densities, and mask densities. Masks are f32 0/1 tensors
 * shaped like their weights, as Linear's `mask` and the optimizers' `mask` take them.
 */
import type { GpuContext } from './context.ts';
import type { Tensor } from './tensor.ts';
import { bitsArray, type StreamId } from './rng.ts';
import { zeros } from './init.ts';
import { sum } from './kernels/reduce.ts';
import { kthLargestAbs, thresholdMask } from './kernels/select.ts';

export interface Prunable {
  tensor: Tensor;
  /** Current 0/1 mask, or null while the weight is dense. */
  mask: Tensor | null;
  /** Key for per-layer rates; defaults to tensor.name. */
  name?: string;
}

export interface MagnitudePruneOptions {
  /** 'layer': each weight loses `fraction` of its own remaining entries; 'global': one threshold over all of them. */
  scope: 'layer' | 'global';
  /**
   * Per-layer fractions by name, overriding `fraction` (the lottery-ticket paper prunes the output
   * layer at half rate). In global scope such layers are pruned on their own, the rest together.
   */
  rates?: Record<string, number>;
}

/** Number of nonzero entries of a 0/1 mask (read back; exact up to 2²⁴ entries, f32 sums). */
async function ones(mask: Tensor): Promise<number> {
  const s = mask.ctx.scope(() => sum(mask));
  const v = (await s.read())[0];
  s.dispose();
  return v;
}

/** Fraction of a 0/1 mask's entries that are kept. */
export async function maskDensity(mask: Tensor): Promise<number> {
  return mask.size === 0 ? 1 : (await ones(mask)) / mask.size;
}

/**
 * New masks (persistent; the caller disposes the old ones) pruning, by smallest |w|, round(rate ·
 * remaining) of each group's still-unmasked weights, rate being `fraction` or the layer's
 * override. Pruned weights stay pruned. Entries tied with the last kept magnitude are all kept
 * (see kernels/select.ts), so a group keeps exactly its quota unless such ties occur.
 */
export async function magnitudePrune(
  params: Prunable[],
  fraction: number,
  opts: MagnitudePruneOptions,
): Promise<Tensor[]> {
  const key = (p: Prunable): string => p.name ?? p.tensor.name;
  const rateOf = (p: Prunable): number => opts.rates?.[key(p)] ?? fraction;
  for (const p of params) {
    const r = rateOf(p);
    if (!(r >= 0 && r <= 1)) throw new Error(`pruning rate for ${key(p) || 'a weight'} must be in [0, 1], got ${r}`);
    if (p.mask && p.mask.size !== p.tensor.size)
      throw new Error(`mask [${p.mask.shape}] does not fit ${key(p)} [${p.tensor.shape}]`);
  }
  const remaining: number[] = [];
  for (const p of params) remaining.push(p.mask ? await ones(p.mask) : p.tensor.size);
  // Groups of parameter indices sharing one threshold.
  const groups: number[][] = [];
  const shared: number[] = [];
  params.forEach((p, i) => {
    if (opts.scope === 'global' && opts.rates?.[key(p)] === undefined) shared.push(i);
    else groups.push([i]);
  });
  if (shared.length > 0) groups.push(shared);
  const out: Tensor[] = new Array(params.length);
  for (const g of groups) {
    const left = g.reduce((s, i) => s + remaining[i], 0);
    const keep = left - Math.round(rateOf(params[g[0]]) * left);
    const ctx = params[g[0]].tensor.ctx;
    ctx.scope(() => {
      if (keep === 0) {
        g.forEach((i) => (out[i] = zeros(ctx, params[i].tensor.shape)));
        return out;
      }
      const t = kthLargestAbs(
        g.map((i) => params[i].tensor),
        keep,
        { masks: g.map((i) => params[i].mask) },
      );
      g.forEach((i) => (out[i] = thresholdMask(params[i].tensor, t, params[i].mask)));
      return out;
    });
  }
  return out.map((m) => m.keep());
}

/**
 * 0/1 mask keeping exactly round(density · n) entries chosen uniformly at random: a partial
 * Fisher–Yates shuffle on the CPU driven by the Philox stream `id` (swap i with i + ⌊u·(n − i)/2³²⌋
 * for the i-th 32-bit draw u; the bias is below n/2³²). Same seed and stream, same mask.
 */
export function randomMask(ctx: GpuContext, shape: readonly number[], density: number, id: StreamId): Tensor {
  if (!(density >= 0 && density <= 1)) throw new Error(`density must be in [0, 1], got ${density}`);
  const n = shape.reduce((p, d) => p * d, 1);
  const keep = Math.round(density * n);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const draws = bitsArray(keep, id);
  const mask = new Float32Array(n);
  for (let i = 0; i < keep; i++) {
    const j = i + Math.floor((draws[i] / 2 ** 32) * (n - i));
    [order[i], order[j]] = [order[j], order[i]];
    mask[order[i]] = 1;
  }
  return ctx.tensor(mask, shape).keep();
}

/**
 * Erdős–Rényi-Kernel layer densities (Evci et al. 2020, RigL): density ∝ (Σ dims)/(Π dims),
 * scaled so that Σ densityₗ·sizeₗ = globalDensity·Σ sizeₗ. Layers the scaling would push above 1
 * are made dense, one at a time from the largest ratio, and the rest rescaled.
 */
export function erkDensities(shapes: ReadonlyArray<readonly number[]>, globalDensity: number): number[] {
  if (!(globalDensity > 0 && globalDensity <= 1))
    throw new Error(`global density must be in (0, 1], got ${globalDensity}`);
  const sizes = shapes.map((s) => s.reduce((p, d) => p * d, 1));
  const ratio = shapes.map((s, i) => s.reduce((a, d) => a + d, 0) / sizes[i]);
  const dense = new Set<number>();
  const total = sizes.reduce((a, b) => a + b, 0);
  for (;;) {
    const sparse = sizes.map((_, i) => i).filter((i) => !dense.has(i));
    const budget = globalDensity * total - [...dense].reduce((a, i) => a + sizes[i], 0);
    const eps = budget / sparse.reduce((a, i) => a + ratio[i] * sizes[i], 0);
    const over = sparse.filter((i) => eps * ratio[i] > 1);
    if (over.length === 0) return sizes.map((_, i) => (dense.has(i) ? 1 : eps * ratio[i]));
    dense.add(over.reduce((a, b) => (ratio[b] > ratio[a] ? b : a)));
  }
}
