import { describe, expect, it } from 'vitest';
import { pointerMass, rollout, sortPointers } from './maps.ts';

/** Random row-stochastic maps [n, H, T, T]. */
function randomProbs(n: number, H: number, T: number, seed: number): Float32Array {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out = new Float32Array(n * H * T * T);
  for (let r = 0; r < n * H * T; r++) {
    let sum = 0;
    for (let k = 0; k < T; k++) sum += out[r * T + k] = rnd() + 1e-3;
    for (let k = 0; k < T; k++) out[r * T + k] /= sum;
  }
  return out;
}

describe('attention rollout', () => {
  it('of one layer is the head mean mixed half-and-half with the identity', () => {
    const T = 3;
    const probs = randomProbs(1, 2, T, 7);
    const r = rollout([probs], 1, 2, T);
    for (let q = 0; q < T; q++)
      for (let k = 0; k < T; k++) {
        const mean = (probs[q * T + k] + probs[T * T + q * T + k]) / 2;
        expect(r[q * T + k]).toBeCloseTo(0.5 * mean + (q === k ? 0.5 : 0), 6);
      }
  });

  it('is row-stochastic and multiplies later layers on the left', () => {
    const [n, H, T] = [2, 3, 5];
    const a = randomProbs(n, H, T, 1);
    const b = randomProbs(n, H, T, 2);
    const r = rollout([a, b], n, H, T);
    const ra = rollout([a], n, H, T);
    const rb = rollout([b], n, H, T);
    for (let e = 0; e < n; e++)
      for (let q = 0; q < T; q++) {
        let sum = 0;
        for (let k = 0; k < T; k++) {
          sum += r[e * T * T + q * T + k];
          let want = 0;
          for (let j = 0; j < T; j++) want += rb[e * T * T + q * T + j] * ra[e * T * T + j * T + k];
          expect(r[e * T * T + q * T + k]).toBeCloseTo(want, 5);
        }
        expect(sum).toBeCloseTo(1, 5);
      }
  });
});

describe('sort pointers', () => {
  it('point output q at the inputs holding the q-th smallest token, ties included', () => {
    const p = sortPointers([3, 1, 3, 0]);
    // Sorted: 0 1 3 3.
    expect(Array.from(p)).toEqual([0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it('give mass 1 for a perfect pointer and 1/T for uniform attention over distinct tokens', () => {
    const T = 4;
    const tokens = [2, 0, 3, 1];
    const p = sortPointers(tokens);
    expect(pointerMass(Float32Array.from(p), p, T)).toBeCloseTo(1, 6);
    expect(pointerMass(new Float32Array(T * T).fill(1 / T), p, T)).toBeCloseTo(1 / T, 6);
  });
});
