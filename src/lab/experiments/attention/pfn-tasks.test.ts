import { describe, expect, it } from 'vitest';
import { rbf } from '../../numerics/gp.ts';
import { sampleTasks, scoreTasks } from './pfn-tasks.ts';

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
});
