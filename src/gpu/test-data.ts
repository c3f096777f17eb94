/** Seeded data and tolerances shared by kernel tests and the browser benchmark (no GPU, no Node APIs). */

/** Deterministic test data (not the engine's Philox stream; tests must not depend on it). */
export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array<ArrayBuffer> {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = lo + ((s >>> 8) / 2 ** 24) * (hi - lo);
  }
  return out;
}

/** Largest |a-b| / (atol + rtol·|b|); ≤ 1 means within tolerance. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]) / (atol + rtol * Math.abs(b[i]));
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}
