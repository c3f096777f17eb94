import { describe, expect, it } from 'vitest';
import { defaultSpec, metaById } from '../../lab/catalogue.ts';
import type { RunSpec } from '../../lab/experiment.ts';
import { differingText, legendLabels, defaultRunName } from './naming.ts';

const lottery = defaultSpec(metaById('lottery-ticket')!);
const modular = defaultSpec(metaById('grokking-modular')!);
const withParams = (s: RunSpec, params: RunSpec['params'], seed = s.seed): RunSpec => ({
  ...s,
  seed,
  params: { ...s.params, ...params },
});

describe('default run names', () => {
  it('name the parameters changed from the defaults, then the seed', () => {
    expect(defaultRunName(lottery)).toBe('lottery-ticket · seed 1');
    expect(defaultRunName(withParams(lottery, { rate: 0.36 }))).toBe('lottery-ticket · rate=0.36 · seed 1');
    expect(defaultRunName(withParams(lottery, { rate: 0.36, epochs: 5 }, 4))).toBe(
      'lottery-ticket · epochs=5 rate=0.36 · seed 4',
    );
  });

  it('differ for runs that differ in any parameter, even when values or parameters are left out', () => {
    const a = withParams(lottery, { rate: 0.123456789, epochs: 5, batch: 30, rounds: 2, trainSize: 1000 });
    const b = withParams(a, { rate: 0.1234567891 });
    const c = withParams(a, { trainSize: 1001 });
    const names = [a, b, c].map(defaultRunName);
    expect(new Set(names).size).toBe(3);
    for (const n of names) expect(n.length).toBeLessThan(80);
  });
});

describe('legend labels', () => {
  const run = (id: string, spec: RunSpec) => ({ id, name: `run ${id}`, spec });

  it('name what differs within one experiment', () => {
    const labels = legendLabels([
      run('a', withParams(lottery, { rate: 0.2 })),
      run('b', withParams(lottery, { rate: 0.36 }, 2)),
    ]);
    expect(labels.get('a')).toBe('rate=0.2, seed=1');
    expect(labels.get('b')).toBe('rate=0.36, seed=2');
  });

  it('across experiments, name each run by its experiment and never print a missing parameter', () => {
    const runs = [
      run('a', withParams(lottery, { rate: 0.25 })),
      run('b', withParams(lottery, { rate: 0.36 })),
      run('m', withParams(modular, { modulus: modular.params.modulus }, 3)),
    ];
    const labels = legendLabels(runs);
    expect(labels.get('a')).toBe('lottery-ticket · rate=0.25');
    expect(labels.get('b')).toBe('lottery-ticket · rate=0.36');
    expect(labels.get('m')).toBe('grokking-modular');
    for (const l of labels.values()) expect(l).not.toMatch(/undefined/);
    expect(differingText(runs.map((r) => r.spec))).toBe(
      'Different experiments; within each, differing: lottery-ticket (2): rate; grokking-modular (1): same settings.',
    );
  });

  it('fall back to the run name when nothing differs', () => {
    expect(legendLabels([run('a', lottery), run('b', lottery)]).get('b')).toBe('run b');
  });
});
