/**
 * Which codes stand for which FSM states: counts of (code, state) over the held-out positions that
 * end a state (where the whole state has been read, so "the state" is unambiguous), and for each
 * state the code that most reliably means it. These are counts over a few thousand positions after
 * one read-back per evaluation, not numerics, so they run on the CPU.
 */
import { endsState, stateAt, type Fsm, type FsmBatch } from './fsm.ts';

/**
 * A code must fire at this many end-of-state positions of a state before its precision counts: a
 * code seen once is trivially "precise".
 */
export const MIN_SUPPORT = 5;

export interface StateCode {
  /** The state's most precise code (−1: no code reaches MIN_SUPPORT for it). */
  code: number;
  /** P(state | code fires) over end-of-state positions. */
  precision: number;
  /** End-of-state positions of this state where the code fires. */
  support: number;
}

export interface CodeStates {
  /** [codes·states] end-of-state positions where code c fires while the state is s. */
  counts: Uint32Array;
  best: StateCode[];
  /** [states·states]: row s is the state distribution at the positions where s's best code fires (zeros without one). */
  confusion: Float32Array;
}

/** ids: [count·length·k] the codes chosen at every position of the batch's sequences. */
export function codeStates(
  f: Fsm,
  b: FsmBatch,
  length: number,
  ids: Uint32Array,
  k: number,
  codes: number,
): CodeStates {
  const S = f.states;
  const counts = new Uint32Array(codes * S);
  const count = b.inputs.length / length;
  for (let e = 0; e < count; e++)
    for (let t = 0; t < length; t++) {
      if (!endsState(f, t)) continue;
      const s = stateAt(f, b, length, e, t);
      const row = (e * length + t) * k;
      // A code chosen twice in one row (only when forced) counts once.
      for (const c of new Set(ids.subarray(row, row + k))) counts[c * S + s]++;
    }
  const fired = Array.from({ length: codes }, (_, c) => counts.subarray(c * S, (c + 1) * S).reduce((a, v) => a + v, 0));
  const best: StateCode[] = Array.from({ length: S }, (_, s) => {
    let pick: StateCode = { code: -1, precision: 0, support: 0 };
    for (let c = 0; c < codes; c++) {
      const support = counts[c * S + s];
      if (support < MIN_SUPPORT) continue;
      const precision = support / fired[c];
      if (precision > pick.precision || (precision === pick.precision && support > pick.support))
        pick = { code: c, precision, support };
    }
    return pick;
  });
  const confusion = new Float32Array(S * S);
  for (const [s, { code }] of best.entries())
    if (code >= 0) for (let s2 = 0; s2 < S; s2++) confusion[s * S + s2] = counts[code * S + s2] / fired[code];
  return { counts, best, confusion };
}

/** Share of states whose best code has precision ≥ `bar` (the catalogue's 0.9). */
export function preciseShare(best: readonly StateCode[], bar: number): number {
  return best.filter((b) => b.code >= 0 && b.precision >= bar).length / best.length;
}
