import { describe, it, expect } from 'vitest';
import { biasCorrection, constant, cosine, makeSchedule, step, warmup, type ScheduleSpec } from './schedule.ts';

describe('learning-rate schedules', () => {
  it('constant', () => {
    expect([0, 1, 1000].map(constant(0.1))).toEqual([0.1, 0.1, 0.1]);
  });

  it('step decay every k steps and at milestones', () => {
    const every = step(1, { gamma: 0.5, every: 10 });
    expect([0, 9, 10, 19, 20, 35].map(every)).toEqual([1, 1, 0.5, 0.5, 0.25, 0.125]);
    const at = step(2, { gamma: 0.1, milestones: [30, 10] });
    expect(at(9)).toBe(2);
    expect(at(10)).toBeCloseTo(0.2, 12);
    expect(at(29)).toBeCloseTo(0.2, 12);
    expect(at(30)).toBeCloseTo(0.02, 12);
    expect(() => step(1, { gamma: 0.5 })).toThrow(/exactly one/);
  });

  it('cosine to a floor', () => {
    const c = cosine(1, { total: 100, floor: 0.1 });
    expect(c(0)).toBe(1);
    expect(c(50)).toBeCloseTo(0.55, 12);
    expect(c(100)).toBe(0.1);
    expect(c(500)).toBe(0.1);
    for (let s = 1; s <= 100; s++) expect(c(s)).toBeLessThanOrEqual(c(s - 1));
  });

  it('linear warmup composes with any schedule', () => {
    const w = warmup(4, constant(0.8));
    [0.2, 0.4, 0.6, 0.8, 0.8, 0.8].forEach((want, i) => expect(w([0, 1, 2, 3, 4, 10][i])).toBeCloseTo(want, 12));
    const wc = warmup(10, cosine(1, { total: 100 }));
    expect(wc(0)).toBeCloseTo(0.1 * cosine(1, { total: 100 })(0), 12);
    expect(wc(50)).toBe(cosine(1, { total: 100 })(50));
  });

  it('builds from a JSON spec that survives a URL round trip', () => {
    const spec: ScheduleSpec = { kind: 'cosine', lr: 0.1, total: 1000, floor: 0.001, warmup: 50 };
    const back = JSON.parse(decodeURIComponent(encodeURIComponent(JSON.stringify(spec)))) as ScheduleSpec;
    const a = makeSchedule(spec);
    const b = makeSchedule(back);
    const direct = warmup(50, cosine(0.1, { total: 1000, floor: 0.001 }));
    for (const s of [0, 10, 49, 50, 500, 999, 1000, 2000]) {
      expect(a(s)).toBe(direct(s));
      expect(b(s)).toBe(a(s));
    }
    expect(makeSchedule({ kind: 'constant', lr: 0.5 })(7)).toBe(0.5);
    expect(makeSchedule({ kind: 'step', lr: 1, gamma: 0.5, milestones: [3] })(3)).toBe(0.5);
  });

  it('rejects malformed specs', () => {
    expect(() => makeSchedule({ kind: 'linear', lr: 1 } as unknown as ScheduleSpec)).toThrow(/unknown schedule kind/);
    expect(() => makeSchedule({ kind: 'constant' } as unknown as ScheduleSpec)).toThrow(/finite lr/);
    expect(() => makeSchedule({ kind: 'constant', lr: 1, warmup: -1 })).toThrow(/warmup/);
    expect(() => makeSchedule({ kind: 'cosine', lr: 1, total: 0 })).toThrow(/total/);
  });

  it('bias correction', () => {
    expect(biasCorrection(0.9, 1)).toBeCloseTo(0.1, 15);
    expect(biasCorrection(0.999, 2)).toBeCloseTo(1 - 0.999 ** 2, 15);
  });
});
