/**
 * Random search over node masks (the sparse-NAS baseline of 2403.08265): an MLP keeps only a
 * fraction of each hidden layer's units. K random node masks over the same initialization are
 * scored by a short proxy training (validation accuracy after `proxyEpochs`), the best one is
 * trained fully, and its final test accuracy is compared with that of a plain random mask
 * (candidate 0, trained the same way). A node is removed by masking its column in the layer
 * that feeds it and its row in the layer it feeds (kernels/masks.ts neuron masks), so a pruned
 * unit neither computes nor, through its bias, leaks a constant.
 */
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { disposeModel, type Module } from '../../../gpu/nn.ts';
import { mul } from '../../../gpu/kernels/elementwise.ts';
import { neuronMask } from '../../../gpu/kernels/masks.ts';
import { randomMask } from '../../../gpu/pruning.ts';
import { streams } from '../../../gpu/streams.ts';
import { seededSubset } from '../../datasets.ts';
import type { RunContext } from '../../experiment.ts';
import { GpuSplit } from '../../loader.ts';
import { buildNet, layersOf, setMasks, trainFrom, type Dims, type Hooks, type SparseTrainSpec } from './core.ts';

/** Keep flags (f32 0/1) of each hidden layer for candidate `c`: exactly round(density·width) units. */
export function drawUnits(
  ctx: GpuContext,
  hidden: readonly number[],
  density: number,
  seed: number,
  c: number,
): Tensor[] {
  return hidden.map((h, l) => randomMask(ctx, [h], density, { seed, stream: streams.data(1000 + 8 * c + l) }));
}

/**
 * Weight masks of an MLP [in, h1…, out] (persistent) from the hidden layers' keep flags: layer i
 * keeps column j when unit j of hidden layer i survives and row j when unit j of hidden layer
 * i − 1 does.
 */
export function nodeMasks(units: Tensor[], shapes: ReadonlyArray<readonly [number, number]>): Tensor[] {
  const ctx = units[0].ctx;
  return shapes.map((shape, i) =>
    ctx
      .scope(() => {
        const rows = i > 0 ? neuronMask(units[i - 1], shape, 'in') : null;
        const cols = i < units.length ? neuronMask(units[i], shape, 'out') : null;
        return rows && cols ? mul(rows, cols) : (rows ?? cols)!;
      })
      .keep(),
  );
}

export interface SearchSpec {
  /** Full training (steps = its schedule's length). */
  full: SparseTrainSpec;
  /** The proxy: the same recipe, `proxySteps` long. */
  proxySteps: number;
  candidates: number;
  /** Fraction of each hidden layer's units kept. */
  density: number;
  /**
   * A positive control: candidate `candidate` keeps `density` of the units instead, a net known to
   * be better, so a search that cannot find it (or a rule that cannot see its gain) has no power.
   */
  planted?: { candidate: number; density: number };
}

/** The fraction of units candidate `c` keeps. */
function densityOf(spec: SearchSpec, c: number): number {
  return spec.planted?.candidate === c ? spec.planted.density : spec.density;
}

export interface SearchResult {
  /** Proxy (validation) accuracy of every candidate. */
  proxy: number[];
  /** Final test accuracy of the best-of-k mask for k = 1 … K (k = 1 is the plain random mask). */
  bestOfK: number[];
  /** Index of the best-of-K candidate and its hidden keep flags (0/1 per unit). */
  best: number;
  bestUnits: Uint8Array[];
}

/** Builds the net at init `seed`, applies candidate c's node masks and trains `spec`; returns the accuracy on `evalOn`. */
async function trainCandidate(
  ctx: GpuContext,
  spec: SparseTrainSpec,
  seed: number,
  c: number,
  density: number,
  dims: Dims,
  train: GpuSplit,
  evalOn: GpuSplit,
  hooks: Hooks,
): Promise<number> {
  const model: Module = buildNet(ctx, spec, seed, dims);
  const units = drawUnits(ctx, spec.hidden, density, seed, c);
  try {
    setMasks(
      model,
      nodeMasks(
        units,
        layersOf(model).map((l) => [l.weight.shape[0], l.weight.shape[1]] as const),
      ),
    );
    return (await trainFrom(model, train, evalOn, spec, seed, 0, { checkpoint: hooks.checkpoint })).accuracy;
  } finally {
    units.forEach((u) => u.dispose());
    disposeModel(model);
  }
}

/** The best candidate among the first k + 1 proxy scores, for every k (the earliest wins a tie). */
export function leaders(proxy: readonly number[]): number[] {
  const leader: number[] = [];
  proxy.forEach((p, c) => leader.push(c === 0 || p > proxy[leader[c - 1]] ? c : leader[c - 1]));
  return leader;
}

/**
 * One search from init `seed`: K proxy trainings (scored on `val`, each yielded), then full
 * trainings of every candidate that is the running best of some prefix (so best-of-k is known for
 * every k with only a few full runs), scored on `test`.
 */
export async function* randomSearch(
  ctx: GpuContext,
  train: GpuSplit,
  val: GpuSplit,
  test: GpuSplit,
  spec: SearchSpec,
  seed: number,
  dims: Dims,
  hooks: Hooks = {},
): AsyncGenerator<{ candidate: number; proxy: number }, SearchResult> {
  const proxySpec = { ...spec.full, steps: spec.proxySteps, evals: 1 };
  const proxy: number[] = [];
  for (let c = 0; c < spec.candidates; c++) {
    proxy.push(await trainCandidate(ctx, proxySpec, seed, c, densityOf(spec, c), dims, train, val, hooks));
    yield { candidate: c, proxy: proxy[c] };
  }
  const leader = leaders(proxy);
  const final = new Map<number, number>();
  for (const c of new Set(leader))
    final.set(
      c,
      await trainCandidate(ctx, { ...spec.full, evals: 1 }, seed, c, densityOf(spec, c), dims, train, test, hooks),
    );
  const best = leader[leader.length - 1];
  const units = drawUnits(ctx, spec.full.hidden, densityOf(spec, best), seed, best);
  const bestUnits: Uint8Array[] = [];
  for (const u of units) bestUnits.push(Uint8Array.from((await u.read()) as Float32Array, (v) => (v > 0 ? 1 : 0)));
  units.forEach((u) => u.dispose());
  return { proxy, bestOfK: leader.map((c) => final.get(c)!), best, bestUnits };
}

/** Train, validation (from train, disjoint) and test splits of the first `trainSize + valSize` of a seeded draw. */
export async function searchSplits(
  ctx: GpuContext,
  data: Awaited<ReturnType<RunContext['dataset']>>,
  trainSize: number,
  valSize: number,
  testSize: number,
  seed: number,
) {
  const drawn = seededSubset(data.train, Math.min(trainSize + valSize, data.train.count), seed + streams.data(0));
  return {
    train: new GpuSplit(ctx, data, data.train, drawn.subarray(0, drawn.length - valSize)),
    val: new GpuSplit(ctx, data, data.train, drawn.subarray(drawn.length - valSize)),
    test: new GpuSplit(
      ctx,
      data,
      data.test,
      Uint32Array.from({ length: Math.min(testSize, data.test.count) }, (_, i) => i),
    ),
  };
}
