import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../experiment.ts';
import { testContext } from '../../../gpu/testing.ts';
import { cholesky, gpPosterior, rbf, sampleTasks, scoreTasks } from './pfn-gp.ref.ts';
import { PfnModel, pfnRun, predictTasks, type PfnRun } from './pfn.ts';

const prior = { lengthScale: 0.3, noise: 0.1 };

describe('GP reference', () => {
  // Tolerances are 1e-7: the reference adds a 1e-8 jitter to the diagonal.
  it('matches the closed form with one and two context points', () => {
    const s2 = prior.noise ** 2;
    const one = gpPosterior([0], [1], [0, 0.2, 3], prior);
    for (const [q, x] of [0, 0.2, 3].entries()) {
      const k = rbf(x, 0, prior.lengthScale);
      expect(one.mean[q]).toBeCloseTo(k / (1 + s2), 7);
      expect(one.variance[q]).toBeCloseTo(1 - (k * k) / (1 + s2) + s2, 7);
    }
    // Two points: (K + σ²I)⁻¹ by the 2×2 inverse formula.
    const xc = [-0.3, 0.4];
    const yc = [0.5, -1.2];
    const c = rbf(xc[0], xc[1], prior.lengthScale);
    const a = 1 + s2;
    const det = a * a - c * c;
    const inv = [a / det, -c / det, -c / det, a / det];
    const xq = 0.1;
    const k = xc.map((x) => rbf(xq, x, prior.lengthScale));
    const w = [inv[0] * k[0] + inv[1] * k[1], inv[2] * k[0] + inv[3] * k[1]];
    const two = gpPosterior(xc, yc, [xq], prior);
    expect(two.mean[0]).toBeCloseTo(w[0] * yc[0] + w[1] * yc[1], 7);
    expect(two.variance[0]).toBeCloseTo(1 - (w[0] * k[0] + w[1] * k[1]) + s2, 7);
  });

  it('factors an SPD matrix and rejects an indefinite one', () => {
    const A = Float64Array.of(4, 2, 0.4, 2, 5, 1, 0.4, 1, 3);
    const L = cholesky(A, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        expect([0, 1, 2].reduce((s, k) => s + L[i * 3 + k] * L[j * 3 + k], 0)).toBeCloseTo(A[i * 3 + j], 12);
    expect(() => cholesky(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/positive definite/);
  });

  it('samples tasks with the prior’s covariance, and the posterior beats the prior', () => {
    const t = sampleTasks(prior, 400, 8, 1, 5, 7, 0);
    expect(Math.min(...t.contexts)).toBe(1);
    expect(Math.max(...t.contexts)).toBe(5);
    // Empirical E[y_i y_j] over 400 tasks against k(x_i, x_j) + σ²δ: the sampler's Cholesky is right.
    let err = 0;
    for (let b = 0; b < t.tasks; b++) {
      const x = t.x.subarray(b * 8, b * 8 + 8);
      const y = t.y.subarray(b * 8, b * 8 + 8);
      err += y[0] * y[1] - rbf(x[0], x[1], prior.lengthScale) + (y[2] * y[2] - 1 - prior.noise ** 2);
    }
    expect(Math.abs(err / t.tasks)).toBeLessThan(0.2);
    const s = scoreTasks(t, prior);
    expect(s.gpNll).toBeLessThan(s.priorNll - 0.3);
  });
});

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
