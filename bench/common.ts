/**
 * Shared shapes, data, timing and checks for the benchmark's peers (bench/run.ts drives them, in a
 * browser for scripts/bench-browser.ts and in Node through Dawn for scripts/bench-gpu.ts).
 *
 * The accounting rules every peer follows: a run enqueues `repeats` independent repetitions of the
 * work, keeps every output alive and resolves only when all of them are computed (a lazy library
 * drops work whose result is freed before it runs, so freeing early credits work never done);
 * training items take value and gradients together so that the forward pass cannot be dropped as
 * dead code; `check` then verifies every output of that run with an O(output) identity, untimed;
 * and no rate above the machine's physical peak is reported (bench/peak.ts).
 */
import type { KernelVariant } from '../src/gpu/context.ts';
import { randomArray } from '../src/gpu/xorshift.ts';

export { randomArray } from '../src/gpu/xorshift.ts';

export interface AttentionShape {
  batch: number;
  seq: number;
  width: number;
  heads: number;
}

export interface BenchConfig {
  /** Square matmul sizes. */
  sizes: number[];
  /** Timed samples per case (after one warm-up), fewer when a sample takes long. */
  reps: number;
  /** Seconds of timed samples a case aims for; a slow case stops at 2 samples. */
  budgetS: number;
  /** Rounds in which every peer runs once; reps and budget are split over them. */
  rounds: number;
  peers: string[];
  items: string[];
  kernels: KernelVariant;
  mlpSteps: number;
  mlpBatches: number[];
  convBatches: number[];
  attention: AttentionShape;
  resnetBatch: number;
  /** FLOP/s no figure may exceed: the machine's physical float32 peak (bench/peak.ts). */
  peakFlops: number;
  /** Where the peak came from, printed with every share of it. */
  peakSource: string;
}

/** The work items, identical for every peer. */
/** LeNet-300-100; `batch` is the default of the single-peer tools (ab-step, profile-step). */
export const MLP = { sizes: [784, 300, 100, 10], batch: 128, lr: 0.1 };
/** The Conv-4 layer: 3×3, 64→64 channels on 32×32 maps, padding 1 (NHWC). */
export const CONV = { hw: 32, channels: 64, kernel: 3 };
export const RESNET = { hw: 32, channels: 3, classes: 10, lr: 0.1 };

export interface Result {
  item: string;
  peer: string;
  /** FLOP/s of each timed sample (higher is faster). */
  values: number[];
  /** FLOPs of one sample (all its repeats) in the first round. */
  flops: number;
  /** Examples trained on in that sample (training items): examples/s = FLOP/s · examples / flops. */
  examples?: number;
  /** Independent repetitions of the work inside one timed sample, per round. */
  repeats: number[];
  note?: string;
  error?: string;
  counters?: Record<string, number>;
}

/**
 * A runnable case. `run` enqueues `repeats` repetitions, keeps every output and resolves when the
 * device has finished all of them (timed); `check` verifies every output of the last run and frees
 * them (untimed), throwing on a wrong one.
 */
export interface Case {
  run(): Promise<void>;
  check(): Promise<void>;
  /** FLOPs one `run` does, all repeats together. */
  flops: number;
  examples?: number;
  repeats: number;
  dispose(): void;
  counters?(): Record<string, number>;
}

export const labels = (n: number, classes: number, seed: number): Int32Array<ArrayBuffer> =>
  Int32Array.from(randomArray(n, seed, 0, classes), (v) => Math.min(classes - 1, Math.floor(v)));

/** He-normal-ish weights from the same seeds for every peer (uniform with the same variance). */
export const heUniform = (fanIn: number, n: number, seed: number): Float32Array<ArrayBuffer> => {
  const r = Math.sqrt(6 / fanIn);
  return randomArray(n, seed, -r, r);
};

/** Non-negative data: sums of products then have no cancellation, so a relative tolerance is meaningful. */
export const positive = (n: number, seed: number, hi = 1): Float32Array<ArrayBuffer> => randomArray(n, seed, 0, hi);

/**
 * One warm-up, then samples until `reps` or the time budget is spent (at least 2); every sample's
 * outputs are checked, and a rate above the physical peak stops the case.
 */
export async function measure(c: Case, cfg: BenchConfig): Promise<number[]> {
  await c.run();
  await c.check();
  const rates: number[] = [];
  let spent = 0;
  while (rates.length < cfg.reps && (rates.length < 2 || spent < cfg.budgetS * 1000)) {
    const t0 = performance.now();
    await c.run();
    const ms = performance.now() - t0;
    await c.check();
    spent += ms;
    const rate = c.flops / (ms / 1000);
    if (rate > cfg.peakFlops)
      throw new Error(
        `${(rate / 1e9).toFixed(1)} GFLOP/s is above the physical peak of ${(cfg.peakFlops / 1e9).toFixed(1)} ` +
          `(${cfg.peakSource}): work was not done or not counted right`,
      );
    rates.push(rate);
  }
  return rates;
}

/** How many back-to-back repetitions make one sample last ~target ms, from one timed try. */
export async function repeatsFor(once: () => Promise<void>, targetMs = 150, max = 16): Promise<number> {
  const t0 = performance.now();
  await once();
  const ms = performance.now() - t0;
  return Math.max(1, Math.min(max, Math.round(targetMs / Math.max(ms, 1e-3))));
}

/**
 * A case of independent repetitions: a run calls `once` as many times as make ~150 ms (repeatsFor),
 * keeping every output, and resolves when `done` says all of them are computed; check verifies
 * (and frees) each output of the last run.
 */
export async function repeatedCase<T>(o: {
  /** FLOPs of one repetition. */
  flops: number;
  once: () => T;
  done: (outs: T[]) => Promise<unknown>;
  /** Checks one repetition's outputs, then frees them. */
  verify: (out: T) => Promise<void>;
  dispose: () => void;
}): Promise<Case> {
  let outs: T[] = [];
  const many = async (r: number): Promise<void> => {
    outs = Array.from({ length: r }, o.once);
    await o.done(outs);
  };
  const check = async (): Promise<void> => {
    for (const out of outs) await o.verify(out);
    outs = [];
  };
  const r = await repeatsFor(async () => {
    await many(1);
    await check();
  });
  return { run: () => many(r), check, flops: r * o.flops, repeats: r, dispose: o.dispose };
}

/** Throws unless `got` is within `rel` of `want` (both finite). */
export function expectNear(what: string, got: number, want: number, rel: number): void {
  if (!Number.isFinite(got) || !(Math.abs(got - want) <= rel * Math.abs(want)))
    throw new Error(`wrong result: ${what} is ${got}, expected ${want} (± ${rel * 100}%)`);
}

/**
 * Float32 sums of non-negative terms drift by about √(terms)·2⁻²⁴ relative; 1e-4 is far above
 * that and below 1/n for every benchmarked n ≤ 4,096, so a missing row or column still fails.
 */
export const SUM_TOLERANCE = 1e-4;

/** sum(A·B) = colsum(A)·rowsum(B), in float64: checks a product in O(n²). */
export function productSum(a: Float32Array, b: Float32Array, n: number): number {
  const colA = new Float64Array(n);
  const rowB = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      colA[k] += a[i * n + k];
      rowB[k] += b[k * n + i];
    }
  return colA.reduce((s, v, k) => s + v * rowB[k], 0);
}

/**
 * Checks a value-and-gradients output by linearity: for L = ⟨f(p), g⟩ with f linear in p,
 * L = ⟨p, ∂L/∂p⟩. Each of `sums` is such a ⟨p, ∂L/∂p⟩ (over one group of parameters) and must
 * equal the loss the same run computed; the three are computed on separate paths, so a skipped or
 * wrong forward, input gradient or weight gradient fails.
 */
export function expectLinear(what: string, loss: number, sums: Record<string, number>): void {
  for (const [name, s] of Object.entries(sums)) expectNear(`${what}: ${name}`, s, loss, 1e-3);
}

/** Checks a training run's losses: every one finite, and the latest below the first (training happens). */
export function lossChecker(): (losses: number[]) => void {
  let first: number | undefined;
  return (losses) => {
    if (!losses.length || !losses.every(Number.isFinite)) throw new Error(`non-finite loss in [${losses.join(', ')}]`);
    if (first === undefined && losses.length === 1) {
      first = losses[0];
      return;
    }
    first ??= losses[0];
    const last = losses[losses.length - 1];
    if (!(last < first)) throw new Error(`training does not train: loss ${last} is not below the first, ${first}`);
  };
}
