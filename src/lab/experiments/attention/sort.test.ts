import { describe, expect, it } from 'vitest';
import type { RunEvent, Snapshot } from '../../experiment.ts';
import { WorkClock } from '../../progress.ts';
import { defaultSeqSpec } from '../../seq-task.ts';
import { testContext } from '../../../gpu/testing.ts';
import { sortAttentionRun } from './sort.ts';

describe('sort attention run', () => {
  it('captures one row-stochastic [1, H, T, T] map per layer and a pointer mass in [0, 1]', async () => {
    const gpu = await testContext();
    const ctx = {
      gpu,
      dataset: () => Promise.reject(new Error('no dataset')),
      checkpoint: async () => {},
      elapsed: () => 1,
      work: new WorkClock(),
    };
    const spec = {
      ...defaultSeqSpec,
      length: 5,
      vocab: 5,
      layers: 2,
      features: 8,
      heads: 2,
      steps: 2,
      batch: 4,
      evalSize: 4,
      logEvery: 1,
      warmupSteps: 0,
    };
    const events: RunEvent[] = [];
    for await (const ev of sortAttentionRun(ctx, spec)) events.push(ev);
    const snaps = events.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []));
    const last = (name: string): Snapshot => snaps.filter((s) => s.name === name).at(-1)!;
    for (const name of ['attention/L0', 'attention/L1']) {
      const s = last(name);
      expect(s.shape).toEqual([1, 2, 5, 5]);
      expect(s.step).toBe(2);
      expect(s.labels).toHaveLength(10);
      for (let r = 0; r < 2 * 5; r++)
        expect(Array.from(s.data.subarray(r * 5, r * 5 + 5)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    const pointer = events.flatMap((e) => (e.type === 'metric' && e.name === 'pointer/L0' ? [e.value] : []));
    expect(pointer.length).toBeGreaterThan(1);
    pointer.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
    pointer.forEach((v) => expect(v).toBeLessThanOrEqual(1 + 1e-6));
    const done = events.at(-1)!;
    expect(done.type).toBe('done');
  }, 60_000);
});
