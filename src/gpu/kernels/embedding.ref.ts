/** Plain TypeScript embeddings, positions and patches for tests; layouts as embedding.ts. */

export function lookupRef(table: Float32Array, d: number, ids: Uint32Array): Float32Array {
  const V = table.length / d;
  const out = new Float32Array(ids.length * d);
  ids.forEach((id, r) => {
    if (id < V) out.set(table.subarray(id * d, (id + 1) * d), r * d);
  });
  return out;
}

export function lookupGradRef(g: Float32Array, d: number, ids: Uint32Array, V: number): Float64Array {
  const out = new Float64Array(V * d);
  ids.forEach((id, r) => {
    if (id < V) for (let c = 0; c < d; c++) out[id * d + c] += g[r * d + c];
  });
  return out;
}

export function addPositionsRef(x: Float32Array, table: Float32Array, T: number, d: number): Float32Array {
  return x.map((v, i) => v + table[i % (T * d)]);
}

export function positionsGradRef(g: Float32Array, rows: number, T: number, d: number): Float64Array {
  const out = new Float64Array(rows * d);
  g.forEach((v, i) => (out[i % (T * d)] += v));
  return out;
}

/** Patch n, element (dy, dx, c) of item b = pixel (py·P + dy, px·P + dx), channel c. */
export function toPatchesRef(
  images: Float32Array,
  B: number,
  H: number,
  W: number,
  C: number,
  P: number,
): Float32Array {
  const out = new Float32Array(images.length);
  let i = 0;
  for (let b = 0; b < B; b++)
    for (let py = 0; py < H / P; py++)
      for (let px = 0; px < W / P; px++)
        for (let dy = 0; dy < P; dy++)
          for (let dx = 0; dx < P; dx++)
            for (let c = 0; c < C; c++) out[i++] = images[((b * H + py * P + dy) * W + px * P + dx) * C + c];
  return out;
}
