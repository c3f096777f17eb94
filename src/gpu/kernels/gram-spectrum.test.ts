import { describe, expect, it } from 'vitest';
import { randomGram } from '../test-data.ts';
import { randomArray, testContext } from '../testing.ts';
import { gramSpectrum, tridiagonalEigenvalues } from './gram-spectrum.ts';
import { symmetricEigenvaluesRef } from './gram-spectrum.ref.ts';

/** U·diag(values)·Uᵀ with U a random orthogonal matrix (Gram–Schmidt, float64). */
function withSpectrum(values: readonly number[], seed: number): Float64Array {
  const n = values.length;
  const u = Float64Array.from(randomArray(n * n, seed, -1, 1));
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < i; r++) {
      let d = 0;
      for (let k = 0; k < n; k++) d += u[i * n + k] * u[r * n + k];
      for (let k = 0; k < n; k++) u[i * n + k] -= d * u[r * n + k];
    }
    let len = 0;
    for (let k = 0; k < n; k++) len += u[i * n + k] ** 2;
    for (let k = 0; k < n; k++) u[i * n + k] /= Math.sqrt(len);
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += u[r * n + i] * values[r] * u[r * n + j];
      a[i * n + j] = a[j * n + i] = s;
    }
  return a;
}

async function spectrum(a: Float32Array, n: number, count: number, steps?: number): Promise<Float64Array> {
  const ctx = await testContext();
  const k = ctx.tensor(a, [n, n]);
  const out = await gramSpectrum(k, count, { steps });
  k.dispose();
  return out;
}

/** Largest |got − want| over the first count values, relative to the largest eigenvalue. */
const worst = (got: ArrayLike<number>, want: ArrayLike<number>, count: number): number =>
  Math.max(...Array.from({ length: count }, (_, i) => Math.abs(got[i] - want[i]))) / want[0];

describe('gramSpectrum (Lanczos on the GPU)', () => {
  it('finds the top 12 of a known power-law spectrum (n = 150, λ_i = i^-1.5) within 1e-5·λ_1', async () => {
    const n = 150;
    const values = Array.from({ length: n }, (_, i) => (i + 1) ** -1.5);
    const got = await spectrum(Float32Array.from(withSpectrum(values, 3)), n, 12);
    expect(got.length).toBe(12);
    expect(worst(got, values, 12)).toBeLessThan(1e-5);
  });

  it('matches the float64 Jacobi reference on a rank-40 Gram matrix (n = 97), zeros past the rank', async () => {
    const n = 97;
    const a = randomGram(n, 40, 5);
    const want = symmetricEigenvaluesRef(a, n);
    expect(worst(await spectrum(a, n, 10), want, 10)).toBeLessThan(1e-5);
    // 60 steps exceed the rank: the Krylov space of K ends at 40; what follows is rounding
    // noise, whose Ritz values are K's zero eigenvalues.
    const all = await spectrum(a, n, 45, 60);
    expect(worst(all, want, 40)).toBeLessThan(1e-4);
    for (const v of all.subarray(40)) expect(Math.abs(v)).toBeLessThan(1e-5 * want[0]);
  });

  it('gives the whole spectrum of a small matrix (n = 23, 23 steps) within 1e-5·λ_1', async () => {
    const n = 23;
    const a = randomGram(n, 31, 8);
    const got = await spectrum(a, n, n);
    expect(worst(got, symmetricEigenvaluesRef(a, n), n)).toBeLessThan(1e-5);
  });
});

describe('tridiagonalEigenvalues (implicit QL)', () => {
  it('agrees with Jacobi on random symmetric tridiagonal matrices within 1e-12', () => {
    for (const m of [1, 2, 5, 40]) {
      const d = Array.from(randomArray(m, m, -2, 2));
      const e = Array.from(randomArray(m - 1, 2 * m + 1, -1, 1));
      const full = new Float64Array(m * m);
      d.forEach((v, i) => (full[i * m + i] = v));
      e.forEach((v, i) => (full[i * m + i + 1] = full[(i + 1) * m + i] = v));
      const got = tridiagonalEigenvalues(d, e).sort((x, y) => y - x);
      const want = symmetricEigenvaluesRef(full, m);
      for (let i = 0; i < m; i++) expect(Math.abs(got[i] - want[i]), `m=${m} i=${i}`).toBeLessThan(1e-12);
    }
  });
});
