import { describe, it, expect } from 'vitest';
import { digitOf, digitsFor, firstDigitsAfter, fsmBatch, makeFsm, stateAt, successors, validNext } from './fsm.ts';

describe('TokFSM', () => {
  it('writes states with the fewest digits that fit', () => {
    expect(digitsFor(24, 6)).toBe(2);
    expect(digitsFor(36, 6)).toBe(2);
    expect(digitsFor(37, 6)).toBe(3);
    expect(digitsFor(100, 10)).toBe(2);
    expect(digitsFor(2, 2)).toBe(1);
  });

  it('gives every state distinct successors, the same for the same seed and different for another', () => {
    const f = makeFsm(24, 6, 3, 1);
    for (let s = 0; s < 24; s++) {
      const n = [...successors(f, s)];
      expect(new Set(n).size).toBe(3);
      expect(n.every((v) => v < 24)).toBe(true);
    }
    expect([...makeFsm(24, 6, 3, 1).next]).toEqual([...f.next]);
    expect([...makeFsm(24, 6, 3, 2).next]).not.toEqual([...f.next]);
  });

  it('writes trajectories that follow the machine, with targets shifted by one token', () => {
    const f = makeFsm(30, 4, 5, 3);
    const length = 6 * f.digits;
    const b = fsmBatch(f, 50, length, 3, 7);
    for (let e = 0; e < 50; e++) {
      for (let i = 1; i <= 6; i++) {
        const [prev, cur] = [b.states[e * 7 + i - 1], b.states[e * 7 + i]];
        expect([...successors(f, prev)]).toContain(cur);
      }
      for (let t = 0; t < length; t++) {
        expect(b.inputs[e * length + t]).toBe(digitOf(f, stateAt(f, b, length, e, t), t % f.digits));
        if (t + 1 < length) expect(b.targets[e * length + t]).toBe(b.inputs[e * length + t + 1]);
      }
    }
  });

  it('counts the true next token as valid everywhere, and only what the machine allows at a state’s end', () => {
    const f = makeFsm(24, 6, 3, 5);
    const length = 5 * f.digits;
    const b = fsmBatch(f, 40, length, 5, 9);
    let narrower = 0;
    for (let e = 0; e < 40; e++)
      for (let t = 0; t < length; t++) {
        const valid = validNext(f, b, length, e, t);
        expect(valid.has(b.targets[e * length + t])).toBe(true);
        if (t % f.digits === f.digits - 1) expect(valid).toEqual(firstDigitsAfter(f, stateAt(f, b, length, e, t)));
        if (valid.size < f.base) narrower++;
      }
    // Not every token is valid: the score can fail.
    expect(narrower).toBeGreaterThan(0);
  });
});
