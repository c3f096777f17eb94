import { describe, expect, it } from 'vitest';
import {
  expectLinear,
  lossChecker,
  measure,
  positive,
  productSum,
  type BenchConfig,
  type Case,
} from '../bench/common.ts';
import { convFlops, mlpFlops, resnet20Flops } from '../bench/peer.ts';
import { cpuPeak } from './bench-peak.ts';

const cfg = { reps: 3, budgetS: 10, peakFlops: 1e9, peakSource: 'test' } as BenchConfig;

/** A case that "does" `flops` of work in about `ms`, with a check that passes or throws. */
const fake = (flops: number, ms: number, check = async () => {}): Case => ({
  run: () => new Promise((done) => setTimeout(done, ms)),
  check,
  flops,
  repeats: 1,
  dispose: () => {},
});

describe('benchmark accounting', () => {
  it('sums a product by colsum(A)·rowsum(B), as the triple loop does', () => {
    const n = 7;
    const [a, b] = [positive(n * n, 1), positive(n * n, 2)];
    let direct = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) direct += a[i * n + k] * b[k * n + j];
    expect(productSum(a, b, n)).toBeCloseTo(direct, 9);
  });

  it('refuses a rate above the physical peak', async () => {
    await expect(measure(fake(1e9, 5), cfg)).rejects.toThrow(/above the physical peak/);
    expect((await measure(fake(1e6, 5), cfg)).length).toBe(3);
  });

  it('stops on an output that fails its check', async () => {
    const bad = fake(1e3, 1, async () => {
      throw new Error('wrong result');
    });
    await expect(measure(bad, cfg)).rejects.toThrow(/wrong result/);
  });

  it('checks value and gradients by linearity, and training by a falling loss', () => {
    expect(() => expectLinear('t', 10, { a: 10.000001 })).not.toThrow();
    expect(() => expectLinear('t', 10, { a: 10, dropped: 0 })).toThrow(/dropped is 0/);
    const check = lossChecker();
    check([2.3]);
    expect(() => check([2.1, 1.9])).not.toThrow();
    expect(() => check([2.4])).toThrow(/does not train/);
    expect(() => lossChecker()([1, NaN])).toThrow(/non-finite/);
  });

  it('counts FLOPs of the work items', () => {
    // He et al. 2016 §4.2: ResNet-20 has ~41M multiply-adds per 32×32 image (1×1 shortcuts here).
    expect(resnet20Flops(1)).toBe(3 * 2 * 40_813_184 - 2 * 442_368);
    expect(convFlops(1, 32, 64, 3)).toBe(3 * 2 * 32 * 32 * 64 * 64 * 9);
    expect(mlpFlops([784, 300, 10], 2)).toBe(2 * 2 * (2 * 784 * 300 + 3 * 300 * 10));
  });

  it("derives a CPU peak from this machine's cores and clock", () => {
    const p = cpuPeak();
    expect(p.flops).toBeGreaterThan(1e9);
    expect(p.source).toMatch(/cores × .* GHz × 32 FLOP\/cycle/);
  });
});
