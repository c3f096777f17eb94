import { describe, expect, it } from 'vitest';
import type { Split } from '../datasets.ts';
import { colorAgreement, coloredEnvironment, imageSize, LABEL_NOISE } from './colored-mnist.ts';

/** A fake 28 × 28 split: image i is constant (i % 200) + 1 with its pixel (0, 0) set to 255; digit i % 10. */
const count = 4000;
const split: Split = {
  count,
  labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
  images: Uint8Array.from({ length: count * 784 }, (_, j) => (j % 784 === 0 ? 255 : (Math.floor(j / 784) % 200) + 1)),
};
const all = Uint32Array.from({ length: count }, (_, i) => i);

describe('ColoredMNIST environments', () => {
  it('flips 25 % of the labels and the colour at the environment’s rate', () => {
    for (const [flip, env] of [
      [0.1, 0],
      [0.2, 1],
      [0.9, 2],
    ]) {
      const e = coloredEnvironment(split, all, flip, env, { side: 14, seed: 3 });
      let noisy = 0;
      e.labels.forEach((y, k) => (noisy += y !== (e.digits[k] >= 5 ? 1 : 0) ? 1 : 0));
      // Binomial(4000, p) has std ≤ 0.008: 4 std either side.
      expect(Math.abs(noisy / count - LABEL_NOISE)).toBeLessThan(0.03);
      expect(Math.abs(colorAgreement(e) - (1 - flip))).toBeLessThan(0.03);
    }
  });

  it('draws the digit in its colour’s channel only, 2 × 2 mean-pooled to 14 × 14', () => {
    const e = coloredEnvironment(split, all.subarray(0, 50), 0.3, 0, { side: 14, seed: 1 });
    const size = imageSize(14);
    expect(e.x.length).toBe(50 * size);
    for (let k = 0; k < 50; k++) {
      const img = e.x.subarray(k * size, (k + 1) * size);
      const v = ((k % 200) + 1) / 255;
      const c = e.colors[k];
      // Pixel (0, 0) pools the 255 corner with three plain pixels.
      expect(img[c]).toBeCloseTo((255 / 255 + 3 * v) / 4, 6);
      expect(img[2 * 5 + c]).toBeCloseTo(v, 6);
      expect(img[1 - c]).toBe(0);
      expect(img[2 * 5 + 1 - c]).toBe(0);
    }
  });

  it('keeps 28 × 28 unpooled, is fixed by the seed and draws environments apart', () => {
    const a = coloredEnvironment(split, all.subarray(0, 500), 0.2, 0, { side: 28, seed: 5 });
    expect(a.x.length).toBe(500 * imageSize(28));
    expect(a.x[a.colors[0]]).toBe(1);
    const again = coloredEnvironment(split, all.subarray(0, 500), 0.2, 0, { side: 28, seed: 5 });
    expect([...again.labels]).toEqual([...a.labels]);
    expect([...again.colors]).toEqual([...a.colors]);
    const otherEnv = coloredEnvironment(split, all.subarray(0, 500), 0.2, 1, { side: 28, seed: 5 });
    const otherSeed = coloredEnvironment(split, all.subarray(0, 500), 0.2, 0, { side: 28, seed: 6 });
    expect([...otherEnv.labels]).not.toEqual([...a.labels]);
    expect([...otherSeed.labels]).not.toEqual([...a.labels]);
  });

  it('refuses probabilities outside [0, 1], other sides and non-MNIST images', () => {
    expect(() => coloredEnvironment(split, all, 1.5, 0, { side: 14, seed: 1 })).toThrow(/\[0, 1\]/);
    expect(() => coloredEnvironment(split, all, 0.1, 0, { side: 7 as 14, seed: 1 })).toThrow(/14 or 28/);
    const small: Split = { count: 2, labels: new Uint8Array(2), images: new Uint8Array(2 * 100) };
    expect(() => coloredEnvironment(small, [0], 0.1, 0, { side: 14, seed: 1 })).toThrow(/28 × 28/);
    expect(() => coloredEnvironment(split, [count], 0.1, 0, { side: 14, seed: 1 })).toThrow(/not in/);
  });
});
