/** Float64 references of patch-kernel.ts: the patch Gram and the random-feature field, entry by entry. */
import { type PatchKernelOptions, fieldNormalsPerFeature, patchCount } from './patch-kernel.ts';

function baseKernel(r: number, base: PatchKernelOptions['base']): number {
  return base === 'matern32' ? (1 + Math.sqrt(3) * r) * Math.exp(-Math.sqrt(3) * r) : Math.exp(-r);
}

/** K(a_i, b_j) for row-major points a [n, d] and b [m, d]: [n, m], plus `shift` where i = j. */
export function patchGramRef(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  d: number,
  o: PatchKernelOptions,
  shift = 0,
): Float64Array {
  const n = a.length / d;
  const m = b.length / d;
  const patches = patchCount(d, o.patch);
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let q = 0; q < patches; q++) {
        let r2 = 0;
        for (let c = 0; c < o.patch; c++) r2 += (a[i * d + ((q + c) % d)] - b[j * d + ((q + c) % d)]) ** 2;
        acc += baseKernel(Math.sqrt(r2) / o.lengthScale, o.base);
      }
      out[i * m + j] = acc / patches + (i === j ? shift : 0);
    }
  return out;
}

/**
 * χ²_ν/ν of the feature whose normals start at z[g] (ν = 1 for Laplace, 3 for Matérn-3/2): its
 * frequency is g/(ℓ·√(χ²_ν/ν)).
 */
export function featureChi(z: ArrayLike<number>, g: number, s: number, base: PatchKernelOptions['base']): number {
  return base === 'matern32' ? (z[g + s] ** 2 + z[g + s + 1] ** 2 + z[g + s + 2] ** 2) / 3 : z[g + s] ** 2;
}

/** The field of F random features with normals z at the points x [n, d]: [n]. */
export function patchFieldRef(
  x: ArrayLike<number>,
  z: ArrayLike<number>,
  d: number,
  features: number,
  o: PatchKernelOptions,
): Float64Array {
  const n = x.length / d;
  const s = o.patch;
  const patches = patchCount(d, s);
  const stride = fieldNormalsPerFeature(s);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let q = 0; q < patches; q++)
      for (let f = 0; f < features; f++) {
        const g = (q * features + f) * stride;
        const chi = featureChi(z, g, s, o.base);
        let dot = 0;
        for (let c = 0; c < s; c++) dot += z[g + c] * x[i * d + ((q + c) % d)];
        const w = dot / o.lengthScale / Math.sqrt(chi);
        acc += z[g + s + 3] * Math.cos(w) + z[g + s + 4] * Math.sin(w);
      }
    out[i] = acc / Math.sqrt(patches * features);
  }
  return out;
}
