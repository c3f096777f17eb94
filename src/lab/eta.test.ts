import { describe, expect, it } from 'vitest';
import { RateEstimator } from './eta.ts';

/** Feeds `timeline(t)` (units done at t seconds) every `dt` seconds up to `end`; returns each sample's ETA. */
function replay(timeline: (t: number) => number, total: number, end: number, dt = 0.15) {
  const est = new RateEstimator();
  const out: Array<{ t: number; done: number; eta: number | null }> = [];
  for (let t = 0; t <= end + 1e-9; t += dt) {
    const done = Math.min(total, Math.floor(timeline(t)));
    est.observe(t, done, total);
    out.push({ t, done, eta: est.eta(done, total) });
  }
  return out;
}

describe('RateEstimator', () => {
  it('ignores a warm-up with nothing done (pipeline compilation) and then finds the steady rate', () => {
    // 8 s of compilation, then 50 steps/s: 1,000 steps end at t = 28 s.
    const total = 1000;
    const samples = replay((t) => (t < 8 ? 0 : 50 * (t - 8)), total, 27);
    for (const s of samples.filter((s) => s.t < 8)) expect(s.eta).toBeNull();
    const truth = (t: number) => 28 - t;
    // Three seconds of samples after warm-up, then every estimate is within 10%.
    const late = samples.filter((s) => s.t >= 11.2);
    expect(late.length).toBeGreaterThan(50);
    for (const s of late) {
      expect(s.eta).not.toBeNull();
      expect(Math.abs(s.eta! - truth(s.t))).toBeLessThanOrEqual(0.1 * truth(s.t) + 0.2);
    }
  });

  it('forgets a slow start within the window: ETA within 10% of the truth after it', () => {
    // 5 s at 2 steps/s (first pipelines, first evaluation), then 40 steps/s to 2,000 steps.
    const total = 2000;
    const slow = (t: number) => (t < 5 ? 2 * t : 10 + 40 * (t - 5));
    const end = 5 + (total - 10) / 40;
    const samples = replay(slow, total, end - 1);
    // The mean rate since the start would still be off by more than 10% at t = 15 s (it was 5 min 30 s for a 45 s run).
    const at15 = samples.find((s) => s.t >= 15)!;
    const naive = (at15.t / at15.done) * (total - at15.done);
    expect(Math.abs(naive - (end - at15.t)) / (end - at15.t)).toBeGreaterThan(0.1);
    for (const s of samples.filter((s) => s.t >= 15)) {
      const truth = end - s.t;
      expect(Math.abs(s.eta! - truth)).toBeLessThanOrEqual(0.1 * truth + 0.2);
    }
  });

  it('says nothing before warm-up: no work done, or under 2 s and under 5% of the total', () => {
    const est = new RateEstimator();
    est.observe(0.5, 0, 100);
    est.observe(1, 2, 100);
    expect(est.rate()).toBeNull();
    // 5% of the total ends warm-up early; an estimate follows three seconds of samples later.
    est.observe(1.5, 5, 100);
    est.observe(4, 30, 100);
    expect(est.rate()).toBeNull();
    est.observe(4.5, 35, 100);
    expect(est.rate()).toBeCloseTo(10);
    expect(est.eta(35, 100)).toBeCloseTo(6.5);
  });

  it('follows a slower phase later in the run within its longest window', () => {
    // 100 steps/s for 60 s, then 10 steps/s.
    const total = 10_000;
    const samples = replay((t) => (t < 60 ? 100 * t : 6000 + 10 * (t - 60)), total, 90);
    const s = samples[samples.length - 1];
    expect(s.eta).toBeCloseTo((total - s.done) / 10, -1);
  });

  it('has no rate during a stall longer than the window', () => {
    const est = new RateEstimator();
    for (let t = 0; t <= 10; t += 0.5) est.observe(t, 10 * t, 1000);
    for (let t = 10.5; t <= 60; t += 0.5) est.observe(t, 100, 1000);
    expect(est.rate()).toBeNull();
  });
});
