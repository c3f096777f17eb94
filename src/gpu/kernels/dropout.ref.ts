/** Dropout on the CPU from the same Philox stream (src/gpu/rng.ts), for tests. */
import { bernoulliArray, type StreamId } from '../rng.ts';

export function dropoutRef(x: Float32Array, o: StreamId & { p: number }): Float32Array {
  const drop = bernoulliArray(x.length, o);
  const scale = Math.fround(o.p >= 1 ? 0 : 1 / (1 - o.p));
  return x.map((v, i) => (drop[i] ? 0 : Math.fround(v * scale)));
}
