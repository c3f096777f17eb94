import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../experiment.ts';
import { WorkClock } from '../../progress.ts';
import { testContext } from '../../../gpu/testing.ts';
import { PfnModel, pfnRun, predictTasks, type PfnRun } from './pfn.ts';

const prior = { lengthScale: 0.3, noise: 0.1 };

describe('PFN model', () => {
  it('each query sees the context only: moving another query changes nothing, moving a context y does', async () => {
    const gpu = await testContext();
    const model = new PfnModel(gpu, { layers: 2, features: 8, heads: 2, points: 6, seed: 3 });
    const base = {
      tasks: 1,
      points: 6,
      x: Float32Array.of(-0.5, 0, 0.5, -0.2, 0.3, 0.9),
      y: Float32Array.of(1, -1, 0.5, 0, 0, 0),
      contexts: Uint32Array.of(3),
    };
    const p0 = await predictTasks(gpu, model, base);
    const otherQuery = await predictTasks(gpu, model, {
      ...base,
      x: Float32Array.of(-0.5, 0, 0.5, -0.2, 0.3, -0.7),
      y: Float32Array.of(1, -1, 0.5, 0, 0, 5),
    });
    const otherContext = await predictTasks(gpu, model, { ...base, y: Float32Array.of(1, -1, -2, 0, 0, 0) });
    for (const q of [3, 4]) {
      expect(otherQuery.mean[q]).toBe(p0.mean[q]);
      expect(otherQuery.variance[q]).toBe(p0.variance[q]);
      expect(Math.abs(otherContext.mean[q] - p0.mean[q])).toBeGreaterThan(1e-4);
    }
    expect(p0.variance.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    for (const p of model.parameters()) p.tensor.dispose();
  }, 30_000);

  it('a short run trains, scores against the GP and draws the bands', async () => {
    const gpu = await testContext();
    const ctx = {
      gpu,
      dataset: () => Promise.reject(new Error('no dataset')),
      checkpoint: async () => {},
      elapsed: () => 1,
      work: new WorkClock(),
    };
    const r: PfnRun = {
      prior,
      points: 8,
      maxContext: 5,
      layers: 1,
      features: 8,
      heads: 2,
      lr: 0.003,
      batch: 4,
      steps: 3,
      evalTasks: 6,
      examples: 2,
      seed: 1,
    };
    const events: RunEvent[] = [];
    for await (const ev of pfnRun(ctx, r)) events.push(ev);
    const done = events.at(-1)!;
    expect(done.type).toBe('done');
    const bands = events
      .flatMap((e) => (e.type === 'snapshot' && e.snapshot.name === 'pfn/bands' ? [e.snapshot] : []))
      .at(-1)!;
    expect(bands.shape).toEqual([2, 5, 64]);
    expect(bands.step).toBe(3);
    expect(Array.from(bands.data).every(Number.isFinite)).toBe(true);
    const names = new Set(events.flatMap((e) => (e.type === 'metric' ? [e.name] : [])));
    for (const n of ['train/nll', 'train/gp-nll', 'train/prior-nll', 'eval/nll', 'eval/gp-nll', 'eval/mean-mse'])
      expect(names).toContain(n);
  }, 60_000);
});
