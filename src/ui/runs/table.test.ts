import { describe, expect, it } from 'vitest';
import { defaultSpec, metaById } from '../../lab/catalogue.ts';
import type { RunRecord } from '../history/types.ts';
import { runColors } from './colors.ts';
import { defaultMetrics, filterRuns, metricColumn, metricNames, paramColumns, RUN_COLUMNS, sortRuns } from './table.ts';

function run(
  id: string,
  experiment: string,
  params: RunRecord['spec']['params'],
  seed: number,
  acc?: number,
): RunRecord {
  const spec = defaultSpec(metaById(experiment)!, seed);
  return {
    id,
    name: `run ${id}`,
    spec: { ...spec, params: { ...spec.params, ...params } },
    status: 'done',
    appVersion: '0',
    startedAt: Number(id.replace(/\D/g, '')),
    updatedAt: 0,
    finishedAt: 0,
    metrics: acc === undefined ? {} : { 'test/accuracy': { steps: [1, 2], values: [0.1, acc] } },
    snapshots: {},
    progress: null,
    summary: { seconds: 3, model: 'mlp' },
    error: null,
    logs: [],
  };
}

const runs = [
  run('r1', 'train', { lr: 0.1 }, 1, 0.9),
  run('r2', 'train', { lr: 0.01 }, 2, 0.7),
  run('r10', 'train', { lr: 0.01 }, 10),
  run('r3', 'lottery-ticket', { lr: 0.0012 }, 1),
];

describe('runs table', () => {
  it('has a column for each parameter that differs, and none for the ones that do not', () => {
    const trains = runs.filter((r) => r.spec.experiment === 'train');
    expect(paramColumns(trains).map((c) => c.label)).toEqual(['lr']);
    expect(paramColumns(trains)[0].value(trains[1])).toBe(0.01);
    // Across experiments a parameter one of them lacks is a column with an empty cell, not "undefined".
    const cols = paramColumns(runs);
    expect(cols.map((c) => c.label)).not.toContain('dataset');
    expect(cols.find((c) => c.label === 'lr')!.value(runs[3])).toBe(0.0012);
    const model = cols.find((c) => c.label === 'model')!;
    expect(model.value(runs[0])).toBe('lenet300');
    expect(model.value(runs[3])).toBeNull();
    expect(cols.find((c) => c.label === 'hidden')).toBeUndefined();
  });

  it('shows final values: last series point, else a numeric summary value', () => {
    expect(metricNames(runs)).toEqual(['test/accuracy', 'seconds']);
    expect(metricColumn('test/accuracy').value(runs[0])).toBe(0.9);
    expect(metricColumn('test/accuracy').value(runs[2])).toBeNull();
    expect(metricColumn('seconds').value(runs[2])).toBe(3);
    expect(defaultMetrics(['norm/fc1', 'train/loss', 'seconds', 'test/accuracy'])).toEqual([
      'test/accuracy',
      'train/loss',
      'norm/fc1',
      'seconds',
    ]);
  });

  it('filters by words and experiment', () => {
    expect(filterRuns(runs, 'lr=0.01', '').map((r) => r.id)).toEqual(['r2', 'r10']);
    expect(filterRuns(runs, 'R1 TRAIN', '').map((r) => r.id)).toEqual(['r1', 'r10']);
    expect(filterRuns(runs, 'lottery', '').map((r) => r.id)).toEqual(['r3']);
    expect(filterRuns(runs, '', 'lottery-ticket').map((r) => r.id)).toEqual(['r3']);
  });

  it('sorts numbers by value, text naturally, empty cells last in both directions', () => {
    const seed = RUN_COLUMNS.find((c) => c.id === 'seed')!;
    expect(sortRuns(runs, seed, 'asc').map((r) => r.spec.seed)).toEqual([1, 1, 2, 10]);
    const name = RUN_COLUMNS.find((c) => c.id === 'name')!;
    expect(sortRuns(runs, name, 'desc').map((r) => r.id)).toEqual(['r10', 'r3', 'r2', 'r1']);
    const acc = metricColumn('test/accuracy');
    expect(sortRuns(runs, acc, 'asc').map((r) => r.id)).toEqual(['r2', 'r1', 'r10', 'r3']);
    expect(sortRuns(runs, acc, 'desc').map((r) => r.id)).toEqual(['r1', 'r2', 'r10', 'r3']);
  });

  it('gives each run a colour of its own that other runs do not change', () => {
    const all = runColors(runs);
    expect(new Set(all.values()).size).toBe(4);
    // Colours follow start times: a later run, or another order of the list, changes no earlier run's colour.
    const more = runColors([...runs, run('r11', 'train', {}, 5)].reverse());
    for (const r of runs) expect(more.get(r.id)).toBe(all.get(r.id));
    expect(more.get('r11')).not.toBe(all.get('r10'));
  });
});
