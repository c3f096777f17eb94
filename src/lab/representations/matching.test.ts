import { describe, expect, it } from 'vitest';
import { randomArray } from '../../gpu/xorshift.ts';
import { alignedByMatching, hungarianMatch, semiMatch } from './matching.ts';

/** The best total over every injective map of the smaller side into the larger, by enumeration. */
function bruteForceBest(r: Float32Array, p: number, q: number): number {
  const rowsFirst = p <= q;
  const [n, m] = rowsFirst ? [p, q] : [q, p];
  const at = (i: number, j: number) => (rowsFirst ? r[i * q + j] : r[j * q + i]);
  let best = -Infinity;
  const used = new Array<boolean>(m).fill(false);
  const walk = (i: number, total: number) => {
    if (i === n) {
      best = Math.max(best, total);
      return;
    }
    for (let j = 0; j < m; j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, total + at(i, j));
      used[j] = false;
    }
  };
  walk(0, 0);
  return best;
}

const total = (r: Float64Array) => r.reduce((s, v) => s + (Number.isNaN(v) ? 0 : v), 0);

describe('unit matching', () => {
  it('Hungarian reaches the enumerated optimum on random square and rectangular matrices', () => {
    const shapes: [number, number][] = [
      [1, 1],
      [2, 2],
      [3, 5],
      [5, 3],
      [6, 6],
      [4, 7],
      [7, 4],
    ];
    for (const [k, [p, q]] of shapes.entries())
      for (let rep = 0; rep < 5; rep++) {
        const r = randomArray(p * q, 100 * k + rep);
        const m = hungarianMatch(r, p, q);
        const matched = [...m.partner].filter((j) => j >= 0);
        expect(matched.length, `${p}×${q}`).toBe(Math.min(p, q));
        expect(new Set(matched).size).toBe(matched.length);
        expect(total(m.r)).toBeCloseTo(bruteForceBest(r, p, q), 5);
      }
  });

  it('recovers a hidden permutation of units from noisy correlations', () => {
    const n = 60;
    const perm = Array.from({ length: n }, (_, i) => (i * 17 + 5) % n);
    const noise = randomArray(n * n, 7);
    const r = Float32Array.from(noise, (v, k) => 0.1 * v + (perm[Math.floor(k / n)] === k % n ? 0.8 : 0));
    const m = hungarianMatch(r, n, n);
    expect([...m.partner]).toEqual(perm);
  });

  it('semi-matching takes each row’s maximum, so its total bounds the one-to-one total from above', () => {
    const [p, q] = [9, 9];
    const r = randomArray(p * q, 3);
    const semi = semiMatch(r, p, q);
    for (let i = 0; i < p; i++) expect(semi.r[i]).toBe(Math.max(...r.subarray(i * q, (i + 1) * q)));
    expect(total(semi.r)).toBeGreaterThanOrEqual(total(hungarianMatch(r, p, q).r));
  });

  it('aligns matched pairs on the diagonal, best pair first', () => {
    // Unit 0 of A matches B's 2 (0.9), unit 1 matches B's 0 (0.5), unit 2 matches B's 1 (0.7).
    const r = Float32Array.from([0.1, 0.0, 0.9, 0.5, 0.2, 0.1, 0.0, 0.7, 0.3]);
    const m = hungarianMatch(r, 3, 3);
    expect([...m.partner]).toEqual([2, 0, 1]);
    const a = alignedByMatching(r, 3, 3, m);
    expect([a[0], a[4], a[8]].map((v) => +v.toFixed(2))).toEqual([0.9, 0.7, 0.5]);
  });
});
