import { describe, expect, it } from 'vitest';
import { randomArray } from '../../../gpu/testing.ts';
import { lowRankInit, orthonormalColumns, rankGrid } from './connectivity.ts';

describe('connectivity inits', () => {
  it('orthonormalizes columns', () => {
    const [rows, cols] = [17, 5];
    const m = orthonormalColumns(Float64Array.from(randomArray(rows * cols, 3)), rows, cols);
    for (let a = 0; a < cols; a++)
      for (let b = 0; b < cols; b++) {
        let d = 0;
        for (let i = 0; i < rows; i++) d += m[i * cols + a] * m[i * cols + b];
        expect(d).toBeCloseTo(a === b ? 1 : 0, 10);
      }
  });

  it('holds the Frobenius norm at √(DN) for every rank, and rank 1 has proportional rows', () => {
    const [D, N] = [12, 20];
    for (const r of rankGrid(D, N)) {
      const w = lowRankInit(D, N, r, 1, null, 0);
      expect(Math.sqrt(w.reduce((s, v) => s + v * v, 0))).toBeCloseTo(Math.sqrt(D * N), 2);
    }
    const w = lowRankInit(D, N, 1, 1, null, 0);
    // every 2×2 minor of a rank-1 matrix vanishes
    for (let j = 1; j < N; j++) expect(Math.abs(w[0] * w[N + j] - w[j] * w[N])).toBeLessThan(1e-3);
  });

  it('puts the aligned init’s input directions on the teacher’s', () => {
    const [D, N, K] = [10, 16, 2];
    const beta = orthonormalColumns(Float64Array.from(randomArray(D * K, 7)), D, K);
    const w = lowRankInit(D, N, K, 1, beta, K);
    // rank-K W with U = β: projecting W's columns on span(β) keeps all of ‖W‖²
    let kept = 0;
    for (let j = 0; j < N; j++)
      for (let k = 0; k < K; k++) {
        let d = 0;
        for (let i = 0; i < D; i++) d += beta[i * K + k] * w[i * N + j];
        kept += d * d;
      }
    expect(kept / (D * N)).toBeCloseTo(1, 3);
  });
});
