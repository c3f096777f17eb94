/**
 * Cheap seeded uniform data from a xorshift32 generator, independent of the engine's Philox streams
 * (changing those never changes this data): the synthetic quadrants dataset, smoke checks, kernel
 * tests and benchmarks (no GPU, no Node APIs).
 */

/** n uniform floats in [lo, hi) from the xorshift32 state `seed`. */
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
