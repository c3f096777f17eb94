/**
 * The intrinsic-dimension sweep (Li et al. 2018): a dense baseline, then subspace runs at d on an
 * ascending log grid until one reaches 90% of the dense test accuracy, then bisection (at the
 * geometric midpoint) between the last d that missed and the first that reached it.
 */
import type { Module } from '../../gpu/nn.ts';
import { disposeModel } from '../../gpu/nn.ts';
import type { LandscapeData } from './data.ts';
import { trainSubspace } from './subspace.ts';
import { trainModel } from './train-loop.ts';
import { evaluate } from '../train.ts';

export interface SweepOptions {
  build: () => Module;
  grid: number[];
  /** Bisection rounds after the grid's first hit. */
  refine: number;
  steps: number;
  batch: number;
  denseLr: number;
  /** Adam learning rate of z at subspace size d. */
  lr: (d: number) => number;
  seed: number;
  log?: (line: string) => void;
}

export interface SweepResult {
  dense: number;
  runs: Array<{ d: number; accuracy: number; seconds: number }>;
  /** The smallest d measured to reach 90% of the dense accuracy (null: none did). */
  dInt90: number | null;
}

export async function intrinsicSweep(ld: LandscapeData, o: SweepOptions): Promise<SweepResult> {
  const denseModel = o.build();
  await trainModel(denseModel, ld.train, {
    steps: o.steps,
    batch: o.batch,
    lr: o.denseLr,
    optimizer: 'adam',
    momentum: 0,
    orderSeed: o.seed,
  });
  const dense = (await evaluate(denseModel, ld.test, 500)).accuracy;
  disposeModel(denseModel);
  o.log?.(`dense ${(100 * dense).toFixed(2)}%`);
  const runs: SweepResult['runs'] = [];
  const reaches = async (d: number): Promise<boolean> => {
    const model = o.build();
    const t0 = performance.now();
    try {
      const r = await trainSubspace(model, ld.train, ld.test, {
        d,
        steps: o.steps,
        batch: o.batch,
        lr: o.lr(d),
        seed: o.seed,
        projection: 'sign',
      });
      runs.push({ d, accuracy: r.accuracy, seconds: (performance.now() - t0) / 1000 });
      o.log?.(`d=${d}: ${(100 * r.accuracy).toFixed(1)}% (${runs.at(-1)!.seconds.toFixed(0)} s)`);
      return r.accuracy >= 0.9 * dense;
    } finally {
      disposeModel(model);
    }
  };
  let miss = 0;
  let hit: number | null = null;
  for (const d of [...o.grid].sort((a, b) => a - b)) {
    if (await reaches(d)) {
      hit = d;
      break;
    }
    miss = d;
  }
  for (let k = 0; hit !== null && k < o.refine; k++) {
    const mid = Math.round(Math.sqrt(Math.max(miss, 1) * hit));
    if (mid <= miss || mid >= hit) break;
    if (await reaches(mid)) hit = mid;
    else miss = mid;
  }
  return { dense, runs, dInt90: hit };
}
