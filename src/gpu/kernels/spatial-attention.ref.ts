/** Float64 references of the spatial attention maps and their gradient (spatial-attention.ts). */

/** Maps [B, S] of h [B, S, C] (flat), each of unit L2 norm, and the norms divided by. */
export function spatialAttentionRef(
  h: Float32Array,
  B: number,
  S: number,
  C: number,
  p: number,
): { maps: Float64Array; norms: Float64Array } {
  const maps = new Float64Array(B * S);
  const norms = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let q = 0;
    for (let s = 0; s < S; s++) {
      let m = 0;
      for (let c = 0; c < C; c++) m += Math.abs(h[(b * S + s) * C + c]) ** p;
      maps[b * S + s] = m / C;
      q += (m / C) ** 2;
    }
    norms[b] = Math.max(Math.sqrt(q), 1e-12);
    for (let s = 0; s < S; s++) maps[b * S + s] /= norms[b];
  }
  return { maps, norms };
}

/** ∂L/∂h [B, S, C] from ∂L/∂maps g [B, S]. */
export function spatialAttentionGradRef(
  h: Float32Array,
  g: Float32Array,
  B: number,
  S: number,
  C: number,
  p: number,
): Float64Array {
  const { maps, norms } = spatialAttentionRef(h, B, S, C, p);
  const gh = new Float64Array(B * S * C);
  for (let b = 0; b < B; b++) {
    let dot = 0;
    for (let s = 0; s < S; s++) dot += maps[b * S + s] * g[b * S + s];
    for (let s = 0; s < S; s++) {
      const gm = (g[b * S + s] - maps[b * S + s] * dot) / norms[b];
      for (let c = 0; c < C; c++) {
        const v = h[(b * S + s) * C + c];
        gh[(b * S + s) * C + c] = ((gm * p) / C) * Math.abs(v) ** (p - 1) * Math.sign(v);
      }
    }
  }
  return gh;
}
