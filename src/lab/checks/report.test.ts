import { describe, expect, it } from 'vitest';
import type { Rule } from './rule.ts';
import { mergeRecords, parseRecords, parseSeeds, reportMarkdown, type CheckRecord } from './report.ts';

const check = (id: string, extra: Partial<Rule> = {}): Rule => ({
  id,
  paper: `the paper behind ${id}`,
  claim: `claim of ${id}`,
  seeds: { tuned: [1, 2, 3], judged: [4, 5, 6] },
  setting: null,
  judge: () => ({ pass: true, measured: '' }),
  ...extra,
});

const record = (id: string, extra: Partial<CheckRecord> = {}): CheckRecord => ({
  id,
  family: 'f',
  verdict: 'PASS',
  measured: `numbers of ${id}`,
  seeds: [4, 5, 6],
  tuned: [1, 2, 3],
  seconds: 12.3,
  adapter: 'SwiftShader',
  date: '2026-12-06',
  commit: 'abc1234',
  ...extra,
});

describe('paper-check records and their page', () => {
  it('keeps one record per check, the newest', () => {
    const merged = mergeRecords([record('a'), record('b')], [record('a', { verdict: 'FAIL' })]);
    expect(merged.map((r) => [r.id, r.verdict])).toEqual([
      ['a', 'FAIL'],
      ['b', 'PASS'],
    ]);
  });

  it('reads a missing store as empty and says why a corrupt one is ignored', () => {
    expect(parseRecords(null)).toEqual({ records: [], problem: null });
    expect(parseRecords('{').problem).toMatch(/not valid JSON/);
    expect(parseRecords('{}').problem).toMatch(/not a JSON array/);
    expect(parseRecords(JSON.stringify([record('a'), { id: 3 }])).records.map((r) => r.id)).toEqual(['a']);
  });

  it('writes every check, run or not, and flags a verdict on tuned seeds', () => {
    const page = reportMarkdown(
      [{ id: 'f', title: 'Family F', rules: [check('a'), check('b'), check('c', { gpuOnly: 'days on a CPU' })] }],
      [record('a'), record('b', { verdict: 'FAIL', seeds: [1, 7] })],
    );
    expect(page).toContain('**Tally: 1 PASS, 1 FAIL, 0 ERROR, 1 not run under this protocol** (of 3 checks)');
    expect(page).toMatch(/\| `a` \| claim of a \| PASS \| numbers of a \| judged 4, 5, 6; tuned 1, 2, 3 \| 12 s/);
    expect(page).toContain('judged on tuned seeds 1');
    expect(page).toMatch(/\| `c` \| claim of c \| not run \| needs a GPU: days on a CPU \|/);
  });

  it('reads --seeds strictly', () => {
    expect(parseSeeds('4,5, 6')).toEqual({ seeds: [4, 5, 6] });
    expect(parseSeeds('4,x')).toHaveProperty('problem');
    expect(parseSeeds('4,4')).toHaveProperty('problem');
    expect(parseSeeds('')).toHaveProperty('problem');
  });
});
