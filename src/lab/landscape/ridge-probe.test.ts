import { describe, expect, it } from 'vitest';
import { ridgeProbe } from './ridge-probe.ts';
import { ridgeProbeRef } from './ridge-probe.ref.ts';
import { randomArray, testContext } from '../../gpu/testing.ts';

/** Runs the GPU probe on host features (uploaded as the [count, dim] tensors it takes). */
async function gpuProbe(
  train: { data: Float32Array; labels: Uint32Array },
  test: { data: Float32Array; labels: Uint32Array },
  dim: number,
  classes: number,
  lambda?: number,
) {
  const g = await testContext();
  const x = g.tensor(train.data, [train.labels.length, dim]);
  const xt = g.tensor(test.data, [test.labels.length, dim]);
  try {
    return await ridgeProbe({ x, labels: train.labels }, { x: xt, labels: test.labels }, classes, lambda);
  } finally {
    x.dispose();
    xt.dispose();
  }
}

describe('ridge probe on the GPU', () => {
  it('classifies linearly separable clusters and needs a feature that carries the class', async () => {
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
    expect((await gpuProbe(make(90, true), make(60, true), 3, 3, 1e-4)).accuracy).toBe(1);
    expect((await gpuProbe(make(90, false), make(60, false), 3, 3, 1e-4)).accuracy).toBeLessThan(0.7);
  });

  it('agrees with the float64 reference on random noisy classes, a dead column and a wide offset', async () => {
    // 37 features (not a tile multiple) of 7 classes: random class means plus unit noise, scaled
    // and offset per column so standardization matters; column 5 is a dead ReLU unit (all 0).
    const [dim, classes, n, nt] = [37, 7, 411, 203];
    const means = randomArray(classes * dim, 1, -0.6, 0.6);
    const colScale = randomArray(dim, 2, 0.1, 30);
    const colShift = randomArray(dim, 3, -50, 50);
    const make = (count: number, seed: number) => {
      const noise = randomArray(count * dim, seed, -1.7, 1.7);
      const labels = Uint32Array.from(randomArray(count, seed + 1, 0, classes), (v) => Math.floor(v));
      const data = new Float32Array(count * dim);
      for (let i = 0; i < count; i++)
        for (let j = 0; j < dim; j++)
          data[i * dim + j] =
            j === 5 ? 0 : (means[labels[i] * dim + j] + noise[i * dim + j]) * colScale[j] + colShift[j];
      return { data, labels };
    };
    const train = make(n, 10);
    const test = make(nt, 20);
    for (const lambda of [1e-2, 1]) {
      const want = ridgeProbeRef(train, test, dim, classes, lambda);
      const got = await gpuProbe(train, test, dim, classes, lambda);
      // Float32 vs float64: only test rows within rounding of a tie between two classes may differ.
      const same = got.predictions.filter((p, i) => p === want.predictions[i]).length;
      expect(same / nt).toBeGreaterThanOrEqual(0.99);
      expect(Math.abs(got.accuracy - want.accuracy)).toBeLessThanOrEqual(0.01);
      // Not chance, and not a trivial problem: the comparison means something.
      expect(want.accuracy).toBeGreaterThan(2 / classes);
      expect(want.accuracy).toBeLessThan(0.98);
    }
  });
});
