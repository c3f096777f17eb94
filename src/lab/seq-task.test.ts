import { describe, it, expect } from 'vitest';
import { testContext } from '../gpu/testing.ts';
import { defaultSeqSpec, inputBlindAccuracy, seqBatch, seqRun, validateSeqSpec, type SeqSummary } from './seq-task.ts';

describe('synthetic sequence tasks', () => {
  it('copy targets equal the inputs; sort targets are each sequence sorted', () => {
    const copy = seqBatch('copy', 50, 8, 10, 3, 9);
    expect([...copy.targets]).toEqual([...copy.inputs]);
    const sort = seqBatch('sort', 50, 8, 10, 3, 9);
    expect([...sort.inputs]).toEqual([...copy.inputs]);
    for (let s = 0; s < 50; s++) {
      const row = [...sort.inputs.subarray(s * 8, s * 8 + 8)].sort((a, b) => a - b);
      expect([...sort.targets.subarray(s * 8, s * 8 + 8)]).toEqual(row);
    }
    expect(Math.max(...sort.inputs)).toBe(9);
    expect(Math.min(...sort.inputs)).toBe(0);
  });

  it('is reproducible from (seed, stream) and differs across streams', () => {
    expect([...seqBatch('sort', 4, 8, 10, 1, 2).inputs]).toEqual([...seqBatch('sort', 4, 8, 10, 1, 2).inputs]);
    expect([...seqBatch('sort', 4, 8, 10, 1, 2).inputs]).not.toEqual([...seqBatch('sort', 4, 8, 10, 1, 3).inputs]);
  });

  it('the input-blind accuracy is each position’s most frequent target token', () => {
    const b = { inputs: Uint32Array.of(0, 0, 0, 0, 0, 0), targets: Uint32Array.of(1, 2, 1, 3, 0, 3) };
    // Position 0 holds 1, 1, 0 (mode 1: 2 hits); position 1 holds 2, 3, 3 (mode 3: 2 hits).
    expect(inputBlindAccuracy(b, 2, 4)).toBeCloseTo(4 / 6, 12);
    const sort = seqBatch('sort', 2000, 8, 10, 1, 1);
    expect(inputBlindAccuracy(sort, 8, 10)).toBeGreaterThan(0.1);
    expect(inputBlindAccuracy(sort, 8, 10)).toBeLessThan(0.6);
  });

  it('validates the spec', () => {
    expect(validateSeqSpec(defaultSeqSpec)).toEqual([]);
    expect(validateSeqSpec({ ...defaultSeqSpec, features: 30, heads: 4 }).join()).toMatch(/split into 4 heads/);
    expect(validateSeqSpec({ ...defaultSeqSpec, task: 'reverse' as 'copy' }).join()).toMatch(/task must be/);
  });

  it('a tiny transformer learns the copy task in a few dozen steps', async () => {
    const ctx = await testContext();
    let summary: SeqSummary | null = null;
    const spec = {
      ...defaultSeqSpec,
      task: 'copy' as const,
      length: 4,
      vocab: 5,
      features: 16,
      heads: 2,
      steps: 40,
      batch: 32,
      evalSize: 64,
      logEvery: 20,
      lr: 0.02,
      warmupSteps: 0,
    };
    for await (const ev of seqRun(ctx, spec)) {
      if (ev.type === 'error') throw new Error(ev.message);
      if (ev.type === 'done') summary = ev.summary;
    }
    expect(summary!.testTokenAccuracy).toBeGreaterThan(0.9);
  }, 180_000);
});
