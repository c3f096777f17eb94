import { describe, expect, it } from 'vitest';
import { correlation } from '../../gpu/kernels/correlation.ts';
import { randomArray, testContext } from '../../gpu/testing.ts';
import { clusterAgreement, orthonormalizeColumns, shiftedAffinity, spectralClusters } from './many-to-many.ts';

describe('orthonormalizeColumns', () => {
  it('gives orthonormal columns spanning the same space', () => {
    const [rows, k] = [9, 4];
    const v = Float64Array.from(randomArray(rows * k, 3));
    const before = Float64Array.from(v);
    orthonormalizeColumns(v, rows, k);
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += v[r * k + a] * v[r * k + b];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 10);
      }
    // The first column keeps its direction (Gram–Schmidt's triangular factor).
    const ratio = v[0] / before[0];
    for (let r = 0; r < rows; r++) expect(v[r * k]).toBeCloseTo(before[r * k] * ratio, 10);
  });
});

describe('shiftedAffinity', () => {
  it('is symmetric with diagonal (1 + w_ii/d_i)/2 and cuts off a dead unit', () => {
    const aa = [1, 0.5, 0.5, 1];
    const ab = [-0.2, 0, 0.4, 0];
    const bb = [1, 0, 0, 0]; // B's second unit is dead: all its correlations are 0
    const m = shiftedAffinity(aa, ab, bb, 2, 2);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(m[i * 4 + j]).toBeCloseTo(m[j * 4 + i], 6);
    const d0 = 1 + 0.5 + 0.2;
    expect(m[0]).toBeCloseTo((1 + 1 / d0) / 2, 6);
    expect([...m.slice(12)]).toEqual([0, 0, 0, 0.5]);
  });
});

describe('clusterAgreement', () => {
  it('averages |r| over same- and different-cluster pairs of live units and counts mixed clusters', () => {
    // A: units 0, 1; B: units 0, 1, 2 (unit 2 dead). Labels: A0→0, A1→1, B0→0, B1→2, B2→1.
    const labels = [0, 1, 0, 2, 1];
    const r = [0.9, -0.1, 0, 0.2, 0.3, 0];
    const a = clusterAgreement(labels, r, 2, 3, [1, 1], [1, 1, 0]);
    expect(a.within).toBeCloseTo(0.9, 10);
    expect(a.across).toBeCloseTo((0.1 + 0.2 + 0.3) / 3, 10);
    // Live clusters 0 (A and B), 1 (A only: B2 is dead), 2 (B only).
    expect(a.mixed).toBeCloseTo(1 / 3, 10);
  });
});

describe('spectralClusters (GPU)', () => {
  it('puts units of both nets driven by the same hidden signal into one cluster', async () => {
    const gpu = await testContext();
    const [rows, groups, perGroup] = [200, 4, 3];
    const signals = randomArray(rows * groups, 21);
    const units = groups * perGroup;
    const layer = (seed: number, offset: number) => {
      const noise = randomArray(rows * units, seed);
      // Unit u follows signal (u + offset) mod groups: B's units are A's groups in another order.
      return noise.map((e, t) => signals[Math.floor(t / units) * groups + (((t % units) + offset) % groups)] + 0.3 * e);
    };
    const [xa, xb] = [gpu.tensor(layer(22, 0), [rows, units]), gpu.tensor(layer(23, 1), [rows, units])];
    const rt = gpu.scope(() => correlation(xa, xb));
    const r = (await rt.read()) as Float32Array;
    const labels = await spectralClusters(gpu, xa, xb, r, { clusters: groups, seed: 5, stream: 7 });
    const group = (u: number) => (u < units ? u % groups : (((u - units) % units) + 1) % groups);
    for (let u = 0; u < 2 * units; u++)
      for (let v = 0; v < 2 * units; v++) expect(labels[u] === labels[v], `${u} ${v}`).toBe(group(u) === group(v));
    const live = new Uint8Array(units).fill(1);
    const a = clusterAgreement(labels, r, units, units, live, live);
    expect(a.mixed).toBe(1);
    expect(a.within).toBeGreaterThan(0.8);
    expect(a.across).toBeLessThan(0.2);
    for (const t of [xa, xb, rt]) t.dispose();
  });
});
