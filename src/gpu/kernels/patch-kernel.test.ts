import { describe, expect, it } from 'vitest';
import { normalArray } from '../rng.ts';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { type PatchKernelOptions, fieldNormalsPerFeature, patchCount, patchField, patchGram } from './patch-kernel.ts';
import { featureChi, patchFieldRef, patchGramRef } from './patch-kernel.ref.ts';

const unitCube = (n: number, d: number, seed: number) => randomArray(n * d, seed, 0, 1);

describe('patchGram', () => {
  it('matches the float64 reference on random shapes, local and global, both bases (atol 2e-6, rtol 2e-6)', async () => {
    const ctx = await testContext();
    for (const [n, m, d, patch, base, len] of [
      [37, 23, 7, 3, 'laplace', 1],
      [19, 41, 5, 5, 'laplace', 0.7],
      [17, 17, 9, 1, 'matern32', 0.5],
      [33, 9, 8, 2, 'matern32', 1.3],
    ] as const) {
      const o: PatchKernelOptions = { patch, lengthScale: len, base };
      const a = unitCube(n, d, n + d);
      const b = unitCube(m, d, m + 7 * d);
      const got = ctx.scope(() => patchGram(ctx.tensor(a, [n, d]), ctx.tensor(b, [m, d]), o));
      const err = maxRelErr(await got.read(), patchGramRef(a, b, d, o), 2e-6, 2e-6);
      got.dispose();
      expect(err, `n=${n} m=${m} d=${d} s=${patch} ${base}`).toBeLessThanOrEqual(1);
    }
  });

  it('writes into a block of a larger matrix with a diagonal shift, leaving the rest untouched', async () => {
    const ctx = await testContext();
    const [n, d, ld, rows] = [21, 6, 29, 25];
    const o: PatchKernelOptions = { patch: 2, lengthScale: 1, base: 'laplace' };
    const x = unitCube(n, d, 3);
    const out = ctx.tensor(new Float32Array(rows * ld).fill(-7), [rows, ld]);
    ctx.scope(() => {
      const xs = ctx.tensor(x, [n, d]);
      patchGram(xs, xs, { ...o, into: { out, ld }, shift: 0.25 });
    });
    const got = await out.read();
    out.dispose();
    const ref = patchGramRef(x, x, d, o, 0.25);
    const block = new Float32Array(n * n);
    for (let i = 0; i < n; i++) block.set(got.subarray(i * ld, i * ld + n), i * n);
    expect(maxRelErr(block, ref, 2e-6, 2e-6)).toBeLessThanOrEqual(1);
    const rest = [...got].filter((_, e) => Math.floor(e / ld) >= n || e % ld >= n);
    expect(rest.length).toBe(rows * ld - n * n);
    expect(rest.every((v) => v === -7)).toBe(true);
  });

  it('rejects a patch larger than the input and mismatched dimensions', async () => {
    const ctx = await testContext();
    ctx.scope(() => {
      const a = ctx.tensor(unitCube(4, 3, 1), [4, 3]);
      const b = ctx.tensor(unitCube(4, 5, 1), [4, 5]);
      expect(() => patchGram(a, a, { patch: 4, lengthScale: 1, base: 'laplace' })).toThrow(/patch size 4/);
      expect(() => patchGram(a, b, { patch: 2, lengthScale: 1, base: 'laplace' })).toThrow(/dimension 3 and 5/);
    });
  });
});

describe('patchField', () => {
  it('matches the float64 reference within the float32 error of each feature’s phase', async () => {
    const ctx = await testContext();
    for (const [n, d, patch, features, base, len] of [
      [41, 6, 2, 29, 'laplace', 1],
      [23, 5, 5, 17, 'laplace', 0.5],
      [30, 7, 3, 11, 'matern32', 1],
    ] as const) {
      const o: PatchKernelOptions = { patch, lengthScale: len, base };
      const x = unitCube(n, d, 5 * n);
      const count = patchCount(d, patch) * features * fieldNormalsPerFeature(patch);
      const z = normalArray(count, { seed: n, stream: 3 });
      const got = ctx.scope(() => patchField(ctx.tensor(x, [n, d]), ctx.tensor(z), features, o));
      const out = await got.read();
      got.dispose();
      const ref = patchFieldRef(x, z, d, features, o);
      // Per point, each feature adds (|a| + |a′|) times its error: the phase ω·x carries up to ~16
      // ulps of |ω·x| (2e-6: the dot, the division by √χ², the range reduction; the Cauchy tail of
      // Laplace makes some |ω| large), and cos/sin on [−π, π] are held to WGSL's absolute 2⁻¹¹
      // (SwiftShader's errors here reach ~2e-4). A wrong index or scale is off by O(1).
      const stride = fieldNormalsPerFeature(patch);
      for (let i = 0; i < n; i++) {
        let bound = 0;
        for (let f = 0; f < count / stride; f++) {
          const g = f * stride;
          const q = Math.floor(f / features);
          const chi = featureChi(z, g, patch, base);
          let dot = 0;
          for (let c = 0; c < patch; c++) dot += Math.abs(z[g + c] * x[i * d + ((q + c) % d)]);
          const phase = dot / len / Math.sqrt(chi);
          bound += (Math.abs(z[g + patch + 3]) + Math.abs(z[g + patch + 4])) * (phase * 2e-6 + 2 ** -11);
        }
        bound /= Math.sqrt(count / stride);
        expect(Math.abs(out[i] - ref[i]), `point ${i} of d=${d} s=${patch} ${base}`).toBeLessThanOrEqual(bound + 1e-6);
      }
    }
  });

  it('has covariance K: the features’ mean of cos ω·(x_p − y_p) matches the patch kernel (4 standard errors)', () => {
    // The field's covariance is the mean over features of cos ω·(x_p − y_p): a check of the
    // spectral sampling (Student-t with ν = 1 for Laplace, ν = 3 for Matérn-3/2, scale 1/ℓ).
    const d = 4;
    for (const [patch, base, len] of [
      [2, 'laplace', 1],
      [4, 'laplace', 0.6],
      [3, 'matern32', 0.8],
    ] as const) {
      const o: PatchKernelOptions = { patch, lengthScale: len, base };
      const features = 20000;
      const stride = fieldNormalsPerFeature(patch);
      const z = normalArray(patchCount(d, patch) * features * stride, { seed: 11, stream: patch });
      const x = [0.1, 0.5, 0.9, 0.3];
      const y = [0.4, 0.2, 0.7, 0.8];
      const samples: number[] = [];
      for (let q = 0; q < patchCount(d, patch); q++)
        for (let f = 0; f < features; f++) {
          const g = (q * features + f) * stride;
          const chi = featureChi(z, g, patch, base);
          let dot = 0;
          for (let c = 0; c < patch; c++) dot += z[g + c] * (x[(q + c) % d] - y[(q + c) % d]);
          samples.push(Math.cos(dot / len / Math.sqrt(chi)));
        }
      const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
      const sd = Math.sqrt(samples.reduce((s, v) => s + (v - mean) ** 2, 0) / (samples.length - 1));
      const k = patchGramRef(x, y, d, o)[0];
      expect(Math.abs(mean - k), `s=${patch} ${base}: mean ${mean} vs K ${k}`).toBeLessThan(
        (4 * sd) / Math.sqrt(samples.length),
      );
    }
  });
});
