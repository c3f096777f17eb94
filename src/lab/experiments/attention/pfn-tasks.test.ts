import { describe, expect, it } from 'vitest';
import { rbf } from '../../numerics/gp.ts';
import { misspecifiedGp, priorPredictor, sampleTasks, scorePredictor, scoreTasks } from './pfn-tasks.ts';

const prior = { lengthScale: 0.3, noise: 0.1 };

describe('PFN tasks', () => {
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

  it('scores baselines: the prior as scoreTasks does, a GP of the right length scale at zero mean error, a wrong one worse', () => {
    const t = sampleTasks(prior, 200, 12, 1, 8, 3, 0);
    const exact = scoreTasks(t, prior);
    const priorScore = scorePredictor(t, prior, priorPredictor(prior));
    expect(priorScore.nll).toBeCloseTo(exact.priorNll, 10);
    const right = scorePredictor(t, prior, misspecifiedGp(prior, 1));
    expect(right.nll).toBeCloseTo(exact.gpNll, 10);
    expect(right.meanMse).toBe(0);
    for (const factor of [0.5, 2]) {
      const wrong = scorePredictor(t, prior, misspecifiedGp(prior, factor));
      expect(wrong.nll).toBeGreaterThan(exact.gpNll);
      expect(wrong.meanMse).toBeGreaterThan(0.01);
      expect(wrong.meanMse).toBeLessThan(priorScore.meanMse);
    }
  });
});
