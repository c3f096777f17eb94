import { describe, expect, it } from 'vitest';
import { ridgeProbe } from './ridge-probe.ts';

describe('ridge probe', () => {
  it('classifies linearly separable clusters and needs a feature that carries the class', () => {
    const make = (n: number, informative: boolean) => {
      const data = new Float32Array(n * 3);
      const labels = Uint32Array.from({ length: n }, (_, i) => i % 3);
      for (let i = 0; i < n; i++) {
        data[i * 3] = informative ? labels[i] * 2 + Math.sin(i) * 0.3 : Math.sin(7 * i);
        data[i * 3 + 1] = Math.cos(3 * i);
        data[i * 3 + 2] = informative ? (labels[i] === 1 ? 1 : 0) : Math.cos(5 * i);
      }
      return { data, labels };
    };
    expect(ridgeProbe(make(90, true), make(60, true), 3, 3, 1e-4)).toBe(1);
    expect(ridgeProbe(make(90, false), make(60, false), 3, 3, 1e-4)).toBeLessThan(0.7);
  });
});
