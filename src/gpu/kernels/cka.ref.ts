/** The CKA kernels (cka.ts) on the CPU in float64, for tests. */

/** X [n, p] minus its column means (the lazy-rich metrics' reference). */
export { centered as centerColumnsRef } from '../laziness.ref.ts';

/** (CKA, ⟨K, L⟩, ‖K‖, ‖L‖) for every pair of Grams of the stacks K [A, m] and L [B, m], as [A, B, 4]. */
export function ckaStatsRef(k: Float32Array, l: Float32Array, m: number): Float64Array {
  const A = k.length / m;
  const B = l.length / m;
  const out = new Float64Array(A * B * 4);
  for (let a = 0; a < A; a++)
    for (let b = 0; b < B; b++) {
      let kl = 0;
      let kk = 0;
      let ll = 0;
      for (let i = 0; i < m; i++) {
        const u = k[a * m + i];
        const v = l[b * m + i];
        kl += u * v;
        kk += u * u;
        ll += v * v;
      }
      const den = Math.sqrt(kk) * Math.sqrt(ll);
      out.set([den > 0 ? kl / den : 0, kl, Math.sqrt(kk), Math.sqrt(ll)], (a * B + b) * 4);
    }
  return out;
}

/** 2g·(L/(‖K‖‖L‖) − CKA·K/‖K‖²): dK + dKᵀ of g·CKA(K, L). */
export function ckaGramGradRef(k: Float32Array, l: Float32Array, g: number): Float64Array {
  const [cka, , nk, nl] = ckaStatsRef(k, l, k.length);
  const den = nk * nl;
  return Float64Array.from(k, (v, i) => (den > 0 ? 2 * g * (l[i] / den - (cka * v) / (nk * nk)) : 0));
}
