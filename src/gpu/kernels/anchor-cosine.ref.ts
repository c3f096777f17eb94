/** Cosine-to-anchors and its gradients on the CPU in float64, for tests of anchor_cosine.wgsl. */

const invNorms = (x: Float32Array, rows: number, D: number): Float64Array =>
  Float64Array.from({ length: rows }, (_, r) => {
    let ss = 0;
    for (let d = 0; d < D; d++) ss += x[r * D + d] ** 2;
    return 1 / Math.max(Math.sqrt(ss), 1e-6);
  });

/** sim [B, K] for z [B, D] and a [K, D]. */
export function anchorCosineRef(z: Float32Array, a: Float32Array, B: number, K: number, D: number): Float64Array {
  const iz = invNorms(z, B, D);
  const ia = invNorms(a, K, D);
  const sim = new Float64Array(B * K);
  for (let b = 0; b < B; b++)
    for (let k = 0; k < K; k++) {
      let dot = 0;
      for (let d = 0; d < D; d++) dot += z[b * D + d] * a[k * D + d];
      sim[b * K + k] = dot * iz[b] * ia[k];
    }
  return sim;
}

/** ∂L/∂z and ∂L/∂a from g = ∂L/∂sim, by the chain rule through each row's normalization. */
export function anchorCosineGradRef(
  z: Float32Array,
  a: Float32Array,
  g: Float32Array,
  B: number,
  K: number,
  D: number,
): { gz: Float64Array; ga: Float64Array } {
  const iz = invNorms(z, B, D);
  const ia = invNorms(a, K, D);
  const sim = anchorCosineRef(z, a, B, K, D);
  const gz = new Float64Array(B * D);
  const ga = new Float64Array(K * D);
  for (let b = 0; b < B; b++)
    for (let k = 0; k < K; k++) {
      const gs = g[b * K + k];
      const s = sim[b * K + k];
      for (let d = 0; d < D; d++) {
        const zh = z[b * D + d] * iz[b];
        const ah = a[k * D + d] * ia[k];
        gz[b * D + d] += gs * (ah - s * zh) * iz[b];
        ga[k * D + d] += gs * (zh - s * ah) * ia[k];
      }
    }
  return { gz, ga };
}
