/**
 * Attention-map arithmetic shared by the attention experiments and their views, on plain arrays
 * (the maps are tiny: T ≤ a few dozen tokens). Probabilities are [n, H, T, T] row-major, one row
 * per query, summing to 1 over the keys.
 */

/**
 * Attention rollout (Abnar & Zuidema 2020): per layer the head-averaged map mixed half-and-half
 * with the identity for the residual stream, rows renormalised, then multiplied through the
 * layers, last layer on the left. `layers[l]` is [n, H, T, T]; returns [n, T, T] where row q says
 * how much input token k flows into output token q.
 */
export function rollout(layers: readonly Float32Array[], n: number, heads: number, T: number): Float32Array {
  const out = new Float32Array(n * T * T);
  for (let e = 0; e < n; e++) {
    let acc: Float64Array | null = null;
    for (const probs of layers) {
      const a = new Float64Array(T * T);
      for (let h = 0; h < heads; h++) {
        const base = (e * heads + h) * T * T;
        for (let i = 0; i < T * T; i++) a[i] += probs[base + i] / heads;
      }
      for (let q = 0; q < T; q++) {
        let sum = 0;
        for (let k = 0; k < T; k++) {
          a[q * T + k] = 0.5 * a[q * T + k] + (q === k ? 0.5 : 0);
          sum += a[q * T + k];
        }
        for (let k = 0; k < T; k++) a[q * T + k] /= sum;
      }
      acc = acc ? matmulSquare(a, acc, T) : a;
    }
    if (acc) for (let i = 0; i < T * T; i++) out[e * T * T + i] = acc[i];
  }
  return out;
}

function matmulSquare(a: Float64Array, b: Float64Array, T: number): Float64Array {
  const c = new Float64Array(T * T);
  for (let i = 0; i < T; i++)
    for (let k = 0; k < T; k++) for (let j = 0; j < T; j++) c[i * T + j] += a[i * T + k] * b[k * T + j];
  return c;
}

/**
 * Where a pointer network would point when sorting: for output position q, the input positions
 * holding the q-th smallest token (ties give several). Returns [T, T] of 0/1, row = output.
 */
export function sortPointers(tokens: ArrayLike<number>): Uint8Array {
  const T = tokens.length;
  const sorted = Array.from(tokens).sort((a, b) => a - b);
  const out = new Uint8Array(T * T);
  for (let q = 0; q < T; q++) for (let k = 0; k < T; k++) out[q * T + k] = tokens[k] === sorted[q] ? 1 : 0;
  return out;
}

/**
 * Mass each query puts on its pointer targets, averaged over queries: 1 when every output
 * position attends only to input positions holding the token it must emit.
 */
export function pointerMass(probs: ArrayLike<number>, pointers: Uint8Array, T: number): number {
  let total = 0;
  for (let q = 0; q < T; q++) for (let k = 0; k < T; k++) total += pointers[q * T + k] ? probs[q * T + k] : 0;
  return total / T;
}
