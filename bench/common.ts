/** Shared shapes, data and timing for the browser benchmark's peers (see scripts/bench-browser.ts). */
import type { KernelVariant } from '../src/gpu/context.ts';
import { randomArray } from '../src/gpu/xorshift.ts';

export { maxRelErr } from '../src/gpu/test-data.ts';
export { randomArray } from '../src/gpu/xorshift.ts';

export interface BenchConfig {
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
  convBatch: number;
}

/** The work items, identical for every peer. */
export const MLP = { sizes: [784, 300, 100, 10], batch: 128, lr: 0.1 };
export const CONV = { hw: 32, channels: 64, kernel: 3 };
export const ATTN = { batch: 32, seq: 64, width: 64, heads: 4 };

export interface Result {
  item: string;
  peer: string;
  unit: string;
  /** Rate per sample (higher is faster), in `unit`. */
  values: number[];
  note?: string;
  error?: string;
  counters?: Record<string, number>;
}

/** A runnable case: `run` does one sample's work and resolves when the device has finished it. */
export interface Case {
  run(): Promise<void>;
  /** Amount of work one `run` does, in the result's unit (FLOPs, examples…). */
  work: number;
  dispose(): void;
}

export const labels = (n: number, classes: number, seed: number): Int32Array<ArrayBuffer> =>
  Int32Array.from(randomArray(n, seed, 0, classes), (v) => Math.min(classes - 1, Math.floor(v)));

/** He-normal-ish weights from the same seeds for every peer (uniform with the same variance). */
export const heUniform = (fanIn: number, n: number, seed: number): Float32Array<ArrayBuffer> => {
  const r = Math.sqrt(6 / fanIn);
  return randomArray(n, seed, -r, r);
};

/** One warm-up, then samples until `reps` or the time budget is spent (at least 2). */
export async function measure(c: Case, cfg: BenchConfig, scale: number): Promise<number[]> {
  await c.run();
  const rates: number[] = [];
  let spent = 0;
  while (rates.length < cfg.reps && (rates.length < 2 || spent < cfg.budgetS * 1000)) {
    const t0 = performance.now();
    await c.run();
    const ms = performance.now() - t0;
    spent += ms;
    rates.push((c.work * scale) / (ms / 1000));
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
