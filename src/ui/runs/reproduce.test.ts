import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../lab/experiment.ts';
import { compareRuns } from './reproduce.ts';

const snap = (data: Float32Array): Snapshot => ({ kind: 'heatmap', name: 'm', step: 1, shape: [data.length], data });

describe('re-run comparison', () => {
  const a = {
    metrics: {
      loss: { steps: [1, 2, 3], values: [0.5, 0.25, NaN] },
      acc: { steps: [1, 2], values: [0, 0.5] },
    },
    snapshots: { m: snap(new Float32Array([1, 2])) },
  };

  it('finds a bit-exact reproduction exact, NaN included', () => {
    const b = structuredClone(a);
    const r = compareRuns(a, b);
    expect(r).toMatchObject({ equal: 5, different: 0, missing: 0, maxAbsDiff: 0, snapshotsEqual: 1, bitExact: true });
  });

  it('counts different and missing points and the largest difference', () => {
    const b = {
      metrics: {
        loss: { steps: [1, 2, 3], values: [0.5, 0.25 + 2 ** -40, NaN] },
        acc: { steps: [1, 2, 3], values: [-0, 0.5, 0.75] },
      },
      snapshots: { m: snap(new Float32Array([1, 2.5])) },
    };
    const r = compareRuns(a, b);
    expect(r.equal).toBe(3);
    // -0 against 0 is a difference of zero, but not the same bits.
    expect(r.different).toBe(2);
    expect(r.missing).toBe(1);
    expect(r.maxAbsDiff).toBe(2 ** -40);
    expect(r.series.find((s) => s.name === 'loss')).toMatchObject({ worstStep: 2, different: 1 });
    expect(r.snapshotsDifferent).toBe(1);
    expect(r.bitExact).toBe(false);
  });

  it('treats a NaN against a number, or points at other steps, as an unbounded difference', () => {
    const b = structuredClone(a);
    b.metrics.loss.values[2] = 1;
    expect(compareRuns(a, b).maxAbsDiff).toBe(Infinity);
    const c = structuredClone(a);
    c.metrics.acc.steps[1] = 3;
    expect(compareRuns(a, c)).toMatchObject({ different: 1, maxAbsDiff: Infinity });
  });
});
