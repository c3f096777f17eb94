import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../lab/experiment.ts';
import type { RunRecord } from '../history/types.ts';
import { FRAME_LIMIT, addFrame, runAt, stampPoint, stopsOf } from './frames.ts';

function emptyRun(): RunRecord {
  return {
    id: 'r',
    name: 'r',
    spec: { version: 1, experiment: 'x', seed: 1, params: {} },
    status: 'running',
    appVersion: 't',
    startedAt: 0,
    updatedAt: 0,
    finishedAt: null,
    metrics: {},
    snapshots: {},
    progress: null,
    summary: null,
    error: null,
    logs: [],
  };
}

const snap = (name: string, step: number): Snapshot => ({
  kind: 'heatmap',
  name,
  step,
  shape: [1, 1],
  data: new Float32Array([step]),
});

function record(run: RunRecord, name: string, step: number, value: number, at: number) {
  const s = (run.metrics[name] ??= { steps: [], values: [] });
  s.steps.push(step);
  s.values.push(value);
  stampPoint(s, at);
}

describe('runAt', () => {
  it('cuts series and picks each snapshot name at its latest frame by then', () => {
    const run = emptyRun();
    for (let t = 0; t < 5; t++) record(run, 'loss', t * 10, 5 - t, t * 10);
    for (const t of [0, 20, 40]) {
      run.snapshots.m = snap('m', t);
      addFrame(run, run.snapshots.m, t);
    }
    run.snapshots.late = snap('late', 40);
    addFrame(run, run.snapshots.late, 40);

    const at25 = runAt(run, 25);
    expect(at25.metrics.loss.values).toEqual([5, 4, 3]);
    expect(at25.snapshots.m.step).toBe(20);
    expect(at25.snapshots.late).toBeUndefined();
    expect(runAt(run, 40).snapshots.late.step).toBe(40);
    expect(runAt(run, -1).metrics.loss.values).toEqual([]);
    expect(stopsOf(run)).toEqual([0, 10, 20, 30, 40]);
  });

  it('keeps series and snapshots stored before frames existed', () => {
    const run = emptyRun();
    run.metrics.loss = { steps: [1, 2], values: [3, 2] };
    run.snapshots.m = snap('m', 2);
    const cut = runAt(run, 0);
    expect(cut.metrics.loss.values).toEqual([3, 2]);
    expect(cut.snapshots.m.step).toBe(2);
  });
});

describe('addFrame', () => {
  it('thins to at most FRAME_LIMIT frames spread over the run, first and newest kept', () => {
    const run = emptyRun();
    for (let t = 0; t < 500; t++) addFrame(run, snap('m', t), t);
    const f = run.frames!.m;
    expect(f.at.length).toBeLessThanOrEqual(FRAME_LIMIT + 1); // + the provisional tail
    expect(f.at[0]).toBe(0);
    expect(f.at[f.at.length - 1]).toBe(499);
    expect(f.snapshots.map((s) => s.step)).toEqual(f.at);
    // Spread: no gap between kept frames more than 4× the mean gap.
    const gaps = f.at.slice(1).map((a, i) => a - f.at[i]);
    expect(Math.max(...gaps)).toBeLessThan((4 * 499) / (f.at.length - 1));
  });

  it('replaces a frame of the same name at the same clock', () => {
    const run = emptyRun();
    addFrame(run, snap('m', 1), 7);
    addFrame(run, snap('m', 2), 7);
    expect(run.frames!.m.snapshots.map((s) => s.step)).toEqual([2]);
  });
});
