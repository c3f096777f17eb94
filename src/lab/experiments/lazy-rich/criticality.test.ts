import { describe, expect, it } from 'vitest';
import { testContext } from '../../../gpu/testing.ts';
import {
  chiPerp,
  edgeOfChaos,
  ensembleInputs,
  ensembleStats,
  gaussExpect,
  kurtosis,
  nextK,
  predict,
  reluKurtosis,
  type EnsembleStats,
  type EnsembleSpec,
  type Point,
} from './criticality.ts';

async function drain(gen: AsyncGenerator<unknown, EnsembleStats>): Promise<EnsembleStats> {
  for (;;) {
    const r = await gen.next();
    if (r.done) return r.value;
  }
}

describe('criticality theory', () => {
  it('integrates Gaussian moments and the ReLU recursion in closed form', () => {
    expect(gaussExpect((z) => z * z, 2.5)).toBeCloseTo(2.5, 8);
    expect(gaussExpect((z) => z ** 4, 2)).toBeCloseTo(12, 6);
    expect(gaussExpect((z) => Math.max(z, 0) ** 2, 3, 4000)).toBeCloseTo(1.5, 6);
    const { K, T } = predict('relu', { cb: 0.1, cw: 1.6 }, 4);
    expect(K[1]).toBeCloseTo(0.1 + 0.8 * 1.7, 12);
    expect(T[3]).toBeCloseTo(1.6 * 0.8 ** 3, 12);
  });

  it('has tanh behave linearly near K = 0 and its edge of chaos at C_W = 1 for C_b = 0', () => {
    expect(nextK('tanh', { cb: 0, cw: 1 }, 1e-4) / 1e-4).toBeCloseTo(1, 3);
    expect(chiPerp('tanh', { cb: 0, cw: 1 }, 1e-6)).toBeCloseTo(1, 5);
    expect(edgeOfChaos('tanh', 0, 0.5, 3)).toBeCloseTo(1, 2);
    // bias pushes the edge to larger C_W (Poole et al. 2016's phase diagram)
    expect(edgeOfChaos('tanh', 0.3, 0.5, 3)!).toBeGreaterThan(1.2);
    expect(edgeOfChaos('relu', 0.3, 0.5, 3)).toBe(2);
  });

  it('starts the ReLU kurtosis at 0 and grows it as 15(ℓ−1)/n to first order', () => {
    expect(reluKurtosis(64, 1)).toBe(0);
    expect(reluKurtosis(1e6, 11) / ((15 * 10) / 1e6)).toBeCloseTo(1, 3);
  });

  it('makes unit-norm inputs and orthogonal tangents', () => {
    const n = 37;
    const x = ensembleInputs(n, 2, true, 5);
    const dot = (a: number, b: number) => x.subarray(a * n, (a + 1) * n).reduce((s, v, i) => s + v * x[b * n + i], 0);
    for (let r = 0; r < 4; r++) expect(dot(r, r) / n).toBeCloseTo(1, 5);
    expect(dot(0, 2)).toBeCloseTo(0, 4);
    expect(dot(1, 3)).toBeCloseTo(0, 4);
  });
});

describe('criticality ensembles', () => {
  it('follow the variance recursion below, at and above ReLU criticality, and grow kurtosis', async () => {
    const gpu = await testContext();
    const s: EnsembleSpec = {
      activation: 'relu',
      depth: 6,
      width: 32,
      ensemble: 64,
      inputs: 2,
      tangents: true,
      seed: 3,
    };
    const pts: Point[] = [0.8, 1, 1.25].map((f) => ({ cb: 0, cw: 2 * f }));
    const st = await drain(ensembleStats(gpu, s, pts, async () => {}));
    pts.forEach((p, i) => {
      const pred = predict('relu', p, s.depth);
      // 64 inits × 32 units: the mean of K^(6) has ~5% relative spread (5ℓ/n per init)
      for (let l = 0; l < s.depth; l++) expect(Math.abs(Math.log(st.K[i][l] / pred.K[l]))).toBeLessThan(0.2);
      expect(Math.abs(Math.log(st.T[i][5] / st.T[i][0] / (pred.T[5] / pred.T[0])))).toBeLessThan(0.25);
    });
    // decays below, grows above
    expect(st.K[0][5] / st.K[0][0]).toBeLessThan(0.5);
    expect(st.K[2][5] / st.K[2][0]).toBeGreaterThan(2);
    const k = kurtosis(st, 1);
    expect(Math.abs(k[0])).toBeLessThan(0.2);
    expect(k[5]).toBeGreaterThan(0.5);
  });
});
