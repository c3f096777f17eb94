import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../experiment.ts';
import { WorkClock } from '../../progress.ts';
import { randomArray, testContext } from '../../../gpu/testing.ts';
import {
  attentionFeatures,
  mlpFeatures,
  randomFeatureRun,
  ridgeSolutions,
  type Block,
  type Moments,
  type RfaRun,
} from './random-features.ts';

const tiny: RfaRun = {
  target: 'keys-quadratic',
  keys: 3,
  dim: 2,
  heads: 2,
  qkStd: 0.5,
  qkMean: 0,
  sizes: [16, 40],
  testSize: 24,
  valSize: 16,
  seeds: 2,
  seed: 7,
};

/** Plain reference: head m's block is (1/N) Σ_i exp(x̃₀ᵀ W_m x̃_i) x̃_i with W_m = w[:, m·D : (m+1)·D]. */
function attentionRef(
  x0: Float32Array,
  keys: Float32Array,
  w: Float32Array,
  B: number,
  N: number,
  D: number,
  M: number,
): Float32Array {
  const out = new Float32Array(B * M * D);
  for (let b = 0; b < B; b++)
    for (let m = 0; m < M; m++)
      for (let i = 0; i < N; i++) {
        let s = 0;
        for (let a = 0; a < D; a++)
          for (let e = 0; e < D; e++) s += x0[b * D + a] * w[a * M * D + m * D + e] * keys[(b * N + i) * D + e];
        for (let e = 0; e < D; e++) out[(b * M + m) * D + e] += (Math.exp(s) / N) * keys[(b * N + i) * D + e];
      }
  return out;
}

function mlpRef(
  x0: Float32Array,
  keys: Float32Array,
  wq: Float32Array,
  wk: Float32Array,
  B: number,
  N: number,
  D: number,
  F: number,
): Float32Array {
  const out = new Float32Array(B * F);
  for (let b = 0; b < B; b++)
    for (let f = 0; f < F; f++) {
      let s = 0;
      for (let a = 0; a < D; a++) s += x0[b * D + a] * wq[a * F + f];
      for (let a = 0; a < N * D; a++) s += keys[b * N * D + a] * wk[a * F + f];
      out[b * F + f] = Math.max(0, s);
    }
  return out;
}

async function events(r: RfaRun): Promise<RunEvent[]> {
  const gpu = await testContext();
  const ctx = {
    gpu,
    dataset: () => Promise.reject(new Error('no dataset')),
    checkpoint: async () => {},
    elapsed: () => 1,
    work: new WorkClock(),
  };
  const out: RunEvent[] = [];
  for await (const ev of randomFeatureRun(ctx, r)) out.push(ev);
  return out;
}

const metrics = (evs: RunEvent[], prefix: string) =>
  evs.flatMap((e) => (e.type === 'metric' && e.name.startsWith(prefix) && !e.name.includes('lambda') ? [e] : []));

describe('random-feature attention', () => {
  it('computes the exp-attention and ReLU feature maps of the reference', async () => {
    const gpu = await testContext();
    const [B, N, D, M] = [5, 3, 3, 2];
    const F = M * D;
    const r = { ...tiny, keys: N, dim: D - 1, heads: M };
    const x0 = randomArray(B * D, 1, -1, 1);
    const keys = randomArray(B * N * D, 2, -1, 1);
    const w = randomArray(D * F, 3, -0.7, 0.7);
    const wk = randomArray(N * D * F, 4, -0.7, 0.7);
    const b: Block = {
      count: B,
      x0: gpu.tensor(x0, [B, D]),
      keys: gpu.tensor(keys, [B, N, D]),
      y: gpu.tensor(new Float32Array(B), [B, 1]),
    };
    const wT = gpu.tensor(w, [D, F]);
    const att = await attentionFeatures(b, wT, r).read();
    const mlp = await mlpFeatures(b, wT, gpu.tensor(wk, [N * D, F]), r).read();
    const want = attentionRef(x0, keys, w, B, N, D, M);
    want.forEach((v, i) => expect(att[i]).toBeCloseTo(v, 5));
    mlpRef(x0, keys, w, wk, B, N, D, F).forEach((v, i) => expect(mlp[i]).toBeCloseTo(v, 5));
  });

  it('ridge with an intercept recovers an exactly linear target at the smallest λ', async () => {
    const [n, F] = [30, 4];
    const phi = randomArray(n * F, 5, -1, 1);
    const shift = [0.3, -0.2, 0.1, 0];
    const wStar = [1, -2, 0.5, 3];
    const m: Moments = {
      n,
      gram: new Float64Array(F * F),
      sum: new Float64Array(F),
      xty: new Float64Array(F),
      ySum: 0,
    };
    for (let i = 0; i < n; i++) {
      const row = Array.from({ length: F }, (_, j) => phi[i * F + j]);
      const y = 0.7 + row.reduce((a, v, j) => a + v * wStar[j], 0);
      const c = row.map((v, j) => v - shift[j]);
      c.forEach((a, j) => {
        m.sum[j] += a;
        m.xty[j] += a * y;
        c.forEach((b, k) => (m.gram[j * F + k] += a * b));
      });
      m.ySum += y;
    }
    const sol = await ridgeSolutions(await testContext(), m, shift, F);
    const weights = await sol.weights.read();
    sol.weights.dispose();
    wStar.forEach((v, j) => expect(weights[j]).toBeCloseTo(v, 2));
    // Intercept: the prediction at the feature mean is the target mean.
    expect(sol.yMean).toBeCloseTo(0.7 + Array.from(sol.mean).reduce((a, v, j) => a + v * wStar[j], 0), 4);
  });

  it('streams one relative test MSE per model, seed and n, deterministically', async () => {
    const a = await events(tiny);
    for (const model of ['attention', 'mlp']) {
      const pts = metrics(a, `rfa/${model}/`);
      expect(pts.map((p) => `${p.name}@${p.step}`)).toEqual([
        `rfa/${model}/s7@16`,
        `rfa/${model}/s7@40`,
        `rfa/${model}/s8@16`,
        `rfa/${model}/s8@40`,
      ]);
      pts.forEach((p) => expect(p.value).toBeGreaterThan(0));
      pts.forEach((p) => expect(p.value).toBeLessThan(100));
    }
    const snap = a.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []))[0];
    expect(snap.shape).toEqual([2, 3]);
    for (let h = 0; h < 2; h++)
      expect(snap.data[h * 3] + snap.data[h * 3 + 1] + snap.data[h * 3 + 2]).toBeCloseTo(1, 5);
    const b = await events(tiny);
    expect(metrics(b, 'rfa/').map((p) => p.value)).toEqual(metrics(a, 'rfa/').map((p) => p.value));
    const biased = await events({ ...tiny, qkMean: 1, seeds: 1, target: 'query-key' });
    expect(metrics(biased, 'rfa/attention-mean/')).toHaveLength(2);
  }, 60_000);
});
