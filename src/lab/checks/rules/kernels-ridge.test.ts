import { describe, expect, it } from 'vitest';
import { rfMoreIsBetter, type RfMeasure } from './kernels-ridge.ts';

const sizes = [32, 64];
const features = [16, 32, 64, 128];

/** A seed whose tuned risk falls with F and n, fits train to 30% of test, and peaks ×10 ridgeless at F = n. */
function seed(k: number): RfMeasure {
  const tuned = sizes.map((_, i) => features.map((_f, j) => 0.9 - 0.05 * j - 0.04 * i + 0.001 * k));
  return {
    sizes,
    features,
    tuned,
    train: tuned.map((row) => row.map((v) => 0.3 * v)),
    ridgeless: sizes.map((n) => features.map((f) => (f === n ? 10 : 1) + 0.01 * k)),
  };
}

const judge = (ms: RfMeasure[]) => rfMoreIsBetter.judge(ms, [1, 2, 3]);

describe('rf-more-is-better', () => {
  it('passes a falling tuned risk with a ridgeless peak at F = n', () => {
    expect(judge([seed(0), seed(1), seed(2)]).pass).toBe(true);
  });

  it('fails when the tuned risk rises at one doubling of F on every seed', () => {
    const ms = [seed(0), seed(1), seed(2)].map((m) => ({ ...m, tuned: m.tuned.map((r) => [...r]) }));
    for (const m of ms) m.tuned[1][3] = m.tuned[1][2] + 0.01;
    const r = judge(ms);
    expect(r.pass).toBe(false);
    expect(r.measured).toContain('F 64→128 at n=64');
  });

  it('fails when the tuned risk rises with n', () => {
    const ms = [seed(0), seed(1), seed(2)].map((m) => ({ ...m, tuned: [m.tuned[0], m.tuned[0].map((v) => v + 0.02)] }));
    expect(judge(ms).pass).toBe(false);
  });

  it('fails when the optimum does not overfit (train > 0.5 × test at the largest F)', () => {
    const ms = [seed(0), seed(1), seed(2)].map((m) => ({ ...m, train: m.tuned.map((row) => row.map((v) => 0.6 * v)) }));
    expect(judge(ms).pass).toBe(false);
  });

  it('fails when the control shows no peak on one seed, or has no ridgeless point there', () => {
    const flat = { ...seed(2), ridgeless: sizes.map(() => features.map(() => 1)) };
    expect(judge([seed(0), seed(1), flat]).pass).toBe(false);
    const unsolved = { ...seed(2), ridgeless: sizes.map((n) => features.map((f) => (f === n ? NaN : 1))) };
    expect(judge([seed(0), seed(1), unsolved]).pass).toBe(false);
  });
});
