import { describe, it, expect } from 'vitest';
import { fsmBatch, makeFsm } from './fsm.ts';
import { codeStates, MIN_SUPPORT, preciseShare } from './code-states.ts';

describe('code ↔ state statistics', () => {
  const f = makeFsm(8, 3, 2, 1);
  const length = 4 * f.digits;
  const b = fsmBatch(f, 200, length, 1, 4);
  const rows = b.inputs.length;
  const stateOfRow = (r: number) => b.states[Math.floor(r / length) * 5 + Math.floor((r % length) / f.digits)];

  it('a code per state gives precision 1 for every seen state and a diagonal matrix', () => {
    // k = 2: code = state, plus a code 8 + (row % 2) that fires everywhere (precision ≈ 1/8).
    const ids = new Uint32Array(rows * 2);
    for (let r = 0; r < rows; r++) ids.set([stateOfRow(r), 8 + (r % 2)], 2 * r);
    const { best, confusion } = codeStates(f, b, length, ids, 2, 10);
    for (const [s, bc] of best.entries()) {
      expect(bc.code).toBe(s);
      expect(bc.precision).toBe(1);
      for (let s2 = 0; s2 < 8; s2++) expect(confusion[s * 8 + s2]).toBe(s2 === s ? 1 : 0);
    }
    expect(preciseShare(best, 0.9)).toBe(1);
  });

  it('a code that fires for two states has their share as precision; a rarely seen code does not count', () => {
    const ids = new Uint32Array(rows);
    // States 0 and 1 share code 0; every other state s has code s; state 7's code fires only MIN_SUPPORT − 1 times.
    let seen7 = 0;
    for (let r = 0; r < rows; r++) {
      const s = stateOfRow(r);
      const end = (r % length) % f.digits === f.digits - 1;
      ids[r] = s <= 1 ? 0 : s === 7 ? (end && seen7++ < MIN_SUPPORT - 1 ? 7 : 6) : s;
    }
    const { best } = codeStates(f, b, length, ids, 1, 8);
    const ends = [0, 0];
    for (let r = 0; r < rows; r++)
      if ((r % length) % f.digits === f.digits - 1 && stateOfRow(r) <= 1) ends[stateOfRow(r)]++;
    expect(Math.min(...ends)).toBeGreaterThan(0);
    expect(best[0].code).toBe(0);
    expect(best[0].precision).toBeCloseTo(ends[0] / (ends[0] + ends[1]), 12);
    expect(best[1].precision).toBeCloseTo(ends[1] / (ends[0] + ends[1]), 12);
    expect(best[7].code).not.toBe(7);
    expect(preciseShare(best, 0.9)).toBeLessThan(1);
  });
});
