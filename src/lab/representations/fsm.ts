/**
 * TokFSM, the finite-state-machine sequence task of "Codebook Features" (their fsm_utils.py,
 * rebuilt): N states, each with `edges` distinct successors chosen at random and taken with equal
 * probability. A trajectory is written as tokens: every state as its `digits` base-`base` digits,
 * most significant first, so the model must assemble each state from several tokens, and there can
 * be more states than the model has neurons. The task is next-token prediction. The next token is
 * random, so a prediction is scored as *valid* when the machine can emit it after the prefix.
 */
import { bitsArray } from '../../gpu/rng.ts';
import { streams } from '../../gpu/streams.ts';
import { digitsFor } from './fsm-digits.ts';

export { digitsFor };

export interface Fsm {
  states: number;
  base: number;
  /** Digits per state: the fewest base-`base` digits that write states − 1. */
  digits: number;
  edges: number;
  /** [states·edges] successor states, each row sorted ascending. */
  next: Uint32Array;
}

/** The machine of `seed`: each state's successors, `edges` distinct states (self-loops allowed). */
export function makeFsm(states: number, base: number, edges: number, seed: number): Fsm {
  if (edges > states) throw new Error(`an FSM of ${states} states cannot have ${edges} distinct successors per state`);
  const next = new Uint32Array(states * edges);
  const bits = bitsArray(states * states, { seed, stream: streams.data(0) });
  for (let s = 0; s < states; s++) {
    // A seeded Fisher–Yates shuffle of all states; the first `edges` are the successors.
    const order = Array.from({ length: states }, (_, i) => i);
    for (let i = states - 1; i > 0; i--) {
      const j = bits[s * states + i] % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    next.set(
      order.slice(0, edges).sort((a, b) => a - b),
      s * edges,
    );
  }
  return { states, base, digits: digitsFor(states, base), edges, next };
}

export function successors(f: Fsm, s: number): Uint32Array {
  return f.next.subarray(s * f.edges, (s + 1) * f.edges);
}

/** Digit j (0 = most significant) of state s. */
export function digitOf(f: Fsm, s: number, j: number): number {
  return Math.floor(s / f.base ** (f.digits - 1 - j)) % f.base;
}

export interface FsmBatch {
  /** [count·length] input tokens and the next token at each position. */
  inputs: Uint32Array;
  targets: Uint32Array;
  /** [count·(length/digits + 1)] the states written, in order (the last one is only partly a target). */
  states: Uint32Array;
}

/**
 * `count` trajectories of length/digits states (length must be a multiple of digits), each from a
 * uniform start state, drawn from Philox (seed, stream). Inputs are the first `length` tokens, the
 * targets the same shifted by one.
 */
export function fsmBatch(f: Fsm, count: number, length: number, seed: number, stream: number): FsmBatch {
  if (length % f.digits !== 0) throw new Error(`sequence length ${length} is not a multiple of ${f.digits} digits`);
  const perSeq = length / f.digits + 1;
  const bits = bitsArray(count * perSeq, { seed, stream });
  const states = new Uint32Array(count * perSeq);
  const inputs = new Uint32Array(count * length);
  const targets = new Uint32Array(count * length);
  const tokens = new Uint32Array(perSeq * f.digits);
  for (let e = 0; e < count; e++) {
    let s = bits[e * perSeq] % f.states;
    for (let i = 0; i < perSeq; i++) {
      if (i > 0) s = successors(f, s)[bits[e * perSeq + i] % f.edges];
      states[e * perSeq + i] = s;
      for (let j = 0; j < f.digits; j++) tokens[i * f.digits + j] = digitOf(f, s, j);
    }
    inputs.set(tokens.subarray(0, length), e * length);
    targets.set(tokens.subarray(1, length + 1), e * length);
  }
  return { inputs, targets, states };
}

/** The state being written at input position t of sequence e. */
export function stateAt(f: Fsm, b: FsmBatch, length: number, e: number, t: number): number {
  return b.states[e * (length / f.digits + 1) + Math.floor(t / f.digits)];
}

/** Position t holds the last digit of its state: the whole state is known there. */
export const endsState = (f: Fsm, t: number): boolean => t % f.digits === f.digits - 1;

/** The tokens the machine may emit as the first digit of a successor of s. */
export function firstDigitsAfter(f: Fsm, s: number): Set<number> {
  return new Set([...successors(f, s)].map((n) => digitOf(f, n, 0)));
}

/** The tokens the machine may emit after input position t of sequence e (given its true prefix). */
export function validNext(f: Fsm, b: FsmBatch, length: number, e: number, t: number): Set<number> {
  const i = Math.floor(t / f.digits);
  const j = (t % f.digits) + 1; // the digit of the state being written that comes next
  if (j === f.digits) return firstDigitsAfter(f, stateAt(f, b, length, e, t));
  const prev = i === 0 ? null : b.states[e * (length / f.digits + 1) + i - 1];
  const cur = stateAt(f, b, length, e, t);
  const candidates = prev === null ? Array.from({ length: f.states }, (_, s) => s) : [...successors(f, prev)];
  const prefixOk = (s: number) =>
    Array.from({ length: j }, (_, q) => q).every((q) => digitOf(f, s, q) === digitOf(f, cur, q));
  return new Set(candidates.filter(prefixOk).map((s) => digitOf(f, s, j)));
}
